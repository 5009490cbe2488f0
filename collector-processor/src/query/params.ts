/**
 * Server-side parameter binding for built SQL: every caller value becomes a `{pN:Type}`
 * placeholder sent as a query parameter, never text in the statement. Names are numbered in the
 * order values are added, so the SQL a builder returns is exact and testable.
 */
export class Params {
  readonly values: Record<string, unknown> = {};
  private next = 0;

  /** Adds a value and returns its placeholder, e.g. `{p0:String}`. */
  add(type: string, value: unknown): string {
    const name = `p${this.next++}`;
    this.values[name] = value;
    return `{${name}:${type}}`;
  }
}

/** A statement built by a pure function: SQL text with placeholders and the values they bind. */
export interface BuiltSql {
  sql: string;
  params: Record<string, unknown>;
}
