/**
 * Pure SQL pieces shared by the query builders: the WHERE clause every query starts from, time
 * buckets, and the fixed maps from API names to columns. Column and table names only ever come
 * from these maps; values only through `Params`.
 */
import type { Params } from './params';
import type { Dimension, FilterKey, Filters, QueryBase } from './schema';

/** The column each group-by dimension reads, in every signal table (and the 1m pre-aggregates). */
export const DIMENSION_COLUMNS: Record<Dimension, string> = {
  release: 'release',
  environment: 'environment',
  route: 'route',
  url: 'url',
  browser: 'browser_name',
  os: 'os_name',
  device: 'device_type',
  country: 'country',
};

/** The column each exact-match filter reads (urlPrefix is a prefix match on `url`). */
export const FILTER_COLUMNS: Record<Exclude<FilterKey, 'urlPrefix'>, string> = {
  release: 'release',
  environment: 'environment',
  route: 'route',
  browser: 'browser_name',
  os: 'os_name',
  device: 'device_type',
  country: 'country',
  session: 'session_id',
  user: 'user_id',
};

/** Who a row counts as, for unique users/visitors: the user id, else the SDK's visitor id, else the cookieless hash. */
export const VISITOR_EXPR = "if(user_id != '', user_id, if(visitor_id != '', visitor_id, visitor_hash))";

/**
 * Who a row counts as for web analytics' visitors: the browser (the SDK's visitor id, else the
 * cookieless hash, else the user id for senders with neither). Not the user id first: a visitor
 * who logs in mid-session would count twice. Logged-in users are counted on their own (`users`).
 */
export const VISITOR_ID_EXPR =
  "if(visitor_id != '', visitor_id, if(visitor_hash != '', visitor_hash, user_id))";

/** Filter keys used by a query (included or excluded). */
export function usedFilterKeys(q: Pick<QueryBase, 'filters' | 'exclude'>): FilterKey[] {
  const keys = new Set<FilterKey>();
  for (const f of [q.filters, q.exclude])
    for (const [k, v] of Object.entries(f)) if (v !== undefined) keys.add(k as FilterKey);
  return [...keys];
}

function filterConditions(filters: Filters, p: Params, negate: boolean, urlColumn: string): string[] {
  const out: string[] = [];
  for (const [key, values] of Object.entries(filters) as Array<[FilterKey, string[] | undefined]>) {
    if (!values) continue;
    if (key === 'urlPrefix') {
      const any = `arrayExists(prefix -> startsWith(${urlColumn}, prefix), ${p.add('Array(String)', values)})`;
      out.push(negate ? `NOT ${any}` : any);
      continue;
    }
    out.push(`${FILTER_COLUMNS[key]} ${negate ? 'NOT IN' : 'IN'} ${p.add('Array(String)', values)}`);
  }
  return out;
}

export interface WhereOptions {
  /** The time column: `timestamp` in signal tables, `minute` in the 1m pre-aggregates. */
  timeColumn?: string;
  /** False for tables without is_bot (pre-aggregates already exclude bots). */
  botColumn?: boolean;
  urlColumn?: string;
}

/**
 * `project_id = … AND time in [from, to) AND is_bot = 0 AND filters…`, in that order (the sort
 * key's order, so ClickHouse prunes by project and time first).
 */
export function whereClause(q: QueryBase, p: Params, options: WhereOptions = {}): string {
  const time = options.timeColumn ?? 'timestamp';
  const conditions = [
    `project_id = ${p.add('String', q.project)}`,
    `${time} >= fromUnixTimestamp64Milli(${p.add('Int64', q.from)})`,
    `${time} < fromUnixTimestamp64Milli(${p.add('Int64', q.to)})`,
  ];
  if ((options.botColumn ?? true) && !q.includeBots) conditions.push('is_bot = 0');
  conditions.push(...filterConditions(q.filters, p, false, options.urlColumn ?? 'url'));
  conditions.push(...filterConditions(q.exclude, p, true, options.urlColumn ?? 'url'));
  return conditions.join(' AND ');
}

/** Bucket widths a chosen interval is rounded up to, in seconds. */
const NICE_SECONDS = [
  1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 604800,
];

/**
 * The bucket width for a time series in seconds: the caller's intervalMs, else range/maxDataPoints,
 * rounded up to a nice width so that there are never more points than maxDataPoints.
 */
export function intervalSeconds(q: Pick<QueryBase, 'from' | 'to' | 'intervalMs' | 'maxDataPoints'>): number {
  const wanted = Math.max(q.intervalMs ?? 0, (q.to - q.from) / q.maxDataPoints) / 1000;
  return NICE_SECONDS.find((s) => s >= wanted) ?? Math.ceil(wanted / 86400) * 86400;
}

/** Epoch-millisecond bucket start of `column`, for a Grafana time field. */
export function bucketExpr(column: string, seconds: number, p: Params): string {
  return `toUnixTimestamp(toStartOfInterval(${column}, toIntervalSecond(${p.add('UInt32', seconds)}))) * 1000`;
}

/**
 * Whether a query can be answered by a pre-aggregate that has these dimension columns. Its rows are
 * whole minutes, so its answers cover the minutes that start inside [from, to).
 */
export function fitsPreaggregate(
  q: QueryBase,
  dimensions: readonly Dimension[],
  filterKeys: readonly FilterKey[],
  intervalSec?: number,
): boolean {
  if (q.includeBots) return false;
  if (intervalSec !== undefined && intervalSec % 60 !== 0) return false;
  return (
    q.groupBy.every((d) => dimensions.includes(d)) && usedFilterKeys(q).every((k) => filterKeys.includes(k))
  );
}
