/**
 * SQL pieces shared by the error-area builders (errors, error_rate, releases, release_comparison):
 * the group-by keys (time bucket and dimensions) and the error-only conditions. Pure.
 */
import type { FieldSpec } from '../../frames';
import type { Params } from '../../params';
import type { QueryBase } from '../../schema';
import { bucketExpr, DIMENSION_COLUMNS, intervalSeconds } from '../../sql';

export type View = 'timeseries' | 'table';

/** What a grouped query selects and groups by: `time` first (time series), then the dimensions. */
export interface GroupKeys {
  /** Select expressions, e.g. `toUnixTimestamp(…) * 1000 AS time`, `browser_name AS browser`. */
  select: string[];
  /** The output names, for GROUP BY and ORDER BY in outer queries. */
  names: string[];
}

/** Group-by keys for a view; the dimension columns come from DIMENSION_COLUMNS only. */
export function groupKeys(q: QueryBase, p: Params, view: View, timeColumn = 'timestamp'): GroupKeys {
  const select: string[] = [];
  const names: string[] = [];
  if (view === 'timeseries') {
    select.push(`${bucketExpr(timeColumn, intervalSeconds(q), p)} AS time`);
    names.push('time');
  }
  for (const d of q.groupBy) {
    const column = DIMENSION_COLUMNS[d];
    select.push(column === d ? column : `${column} AS ${d}`);
    names.push(d);
  }
  return { select, names };
}

/** `GROUP BY …` for the names, or nothing (one total row) when there are none. */
export function groupByClause(names: string[]): string {
  return names.length ? ` GROUP BY ${names.join(', ')}` : '';
}

/** Time series are ordered by time (then labels) so each series' points are in order. */
export function orderClause(names: string[]): string {
  return names.length ? ` ORDER BY ${names.join(', ')}` : '';
}

/** Label fields of a table view: one string field per group-by dimension. */
export function dimensionFields(q: QueryBase): FieldSpec[] {
  return q.groupBy.map((d) => ({ name: d, type: 'string' as const }));
}

/** Unique non-empty values of an expression (uniq skips NULLs): visitors, sessions. */
export function uniqNonEmpty(expr: string): string {
  return `uniq(nullIf(${expr}, ''))`;
}

/** Options only the `errors` type has, narrowing which errors count. */
export interface ErrorOptions {
  issueIds?: string[];
  exceptionTypes?: string[];
  handled?: boolean;
}

export function errorConditions(o: ErrorOptions, p: Params): string[] {
  const out: string[] = [];
  if (o.issueIds?.length) out.push(`fingerprint IN ${p.add('Array(String)', o.issueIds)}`);
  if (o.exceptionTypes?.length) out.push(`exception_type IN ${p.add('Array(String)', o.exceptionTypes)}`);
  if (o.handled !== undefined) out.push(`handled = ${p.add('UInt8', o.handled ? 1 : 0)}`);
  return out;
}
