/**
 * The vocabulary of the schema table in columns.ts: a column's ClickHouse type, its scrub policy,
 * and the TypeScript row type both produce. Kept apart from the table so the table reads as one.
 */

/** The column types the sanitiser knows how to make valid; anything else fails at start-up. */
export type ColumnType =
  | 'String'
  | 'LowCardinality(String)'
  | 'UInt8'
  | 'UInt16'
  | 'UInt32'
  | 'UInt64'
  | 'Float32'
  | 'Float64'
  | 'DateTime64(3)'
  | 'Map(LowCardinality(String), String)'
  | 'Map(LowCardinality(String), Float64)'
  | 'Array(String)'
  | 'Array(UInt8)'
  | 'Array(UInt32)';

/** Types that hold text a sender chose: each such column must say how (or why not) it is scrubbed. */
export type StringColumnType =
  'String' | 'LowCardinality(String)' | 'Map(LowCardinality(String), String)' | 'Array(String)';

/**
 * How the scrub stage (privacy/index.ts) treats a column, one privacy/scrubber.ts entry point each;
 * `[]` suffix: every element of an array column. `numbers`: a map of numbers whose entries are
 * dropped where the string map it copies was scrubbed (privacy/index.ts NUMBER_TEXT).
 */
export type ScrubKind =
  'text' | 'patterns' | 'url' | 'json' | 'map' | 'numbers' | 'auto' | 'url[]' | 'text[]' | 'json[]';

/** A column deliberately stored as received, and why (docs/privacy.md lists these reasons). */
export interface NeverScrubbed {
  readonly never: string;
}

export const never = (reason: string): NeverScrubbed => ({ never: reason });

export type ScrubPolicy = ScrubKind | NeverScrubbed;

/**
 * One column of the table. A string-typed column has no default policy: leaving `scrub` out is a
 * compile error, so a new column cannot slip past the scrubber unnoticed. Other types (numbers,
 * times) hold nothing a detector could find and default to never.
 */
export type ColumnSpec =
  | { readonly type: StringColumnType; readonly scrub: ScrubPolicy }
  | { readonly type: Exclude<ColumnType, StringColumnType>; readonly scrub?: ScrubPolicy };

export type TableSpec = { readonly [column: string]: ColumnSpec };

/** How a value of each ClickHouse type travels in JSONEachRow. */
export type TsTypeOf<T extends ColumnType> = T extends 'String' | 'LowCardinality(String)'
  ? string
  : // Epoch seconds with milliseconds as text ("1763780000.123"): ClickHouse parses those exactly
    // into DateTime64(3), where a JSON float would be rejected.
    T extends 'DateTime64(3)'
    ? string
    : T extends 'Map(LowCardinality(String), String)'
      ? Record<string, string>
      : T extends 'Map(LowCardinality(String), Float64)'
        ? Record<string, number>
        : T extends 'Array(String)'
          ? string[]
          : T extends 'Array(UInt8)' | 'Array(UInt32)'
            ? number[]
            : number;

/** The row a table spec describes; doc comments on the spec's entries carry over to the fields. */
export type RowOf<T extends TableSpec> = { -readonly [K in keyof T]: TsTypeOf<T[K]['type']> };

/** Also true for what `system.columns` spells the same way, e.g. `Map(LowCardinality(String), String)`. */
export function isStringColumnType(type: string): boolean {
  return /(?:^|[(, ])String\)*$/.test(type);
}

/** The scrub kind of a column, or undefined when it is never scrubbed. */
export function scrubKindOf(spec: ColumnSpec): ScrubKind | undefined {
  return typeof spec.scrub === 'string' ? spec.scrub : undefined;
}
