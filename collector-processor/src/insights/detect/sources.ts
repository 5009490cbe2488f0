/**
 * The tables a detection reads and the one statement per table that reads every window of every
 * watched series at once. Each source names its table, time column, the dimensions it is watched
 * by (scope key → column, '' for the whole project) and three aggregates per (window, segment):
 * n (samples), x (a numerator or a sum) and q (t-digest quantiles, or [Σ duration²]). The
 * pre-aggregates are read where they hold the dimensions (web_vitals_1m, http_requests_1m); page
 * views, errors and long tasks come from the raw tables (sessions are not additive over minutes).
 * Values are bound through Params; columns only from the fixed maps below.
 */
import { Params, type BuiltSql } from '../../query/params';
import type { DetectWindow } from './windows';

export const LEVELS = [0.5, 0.75, 0.9, 0.95, 0.99] as const;
const LEVELS_SQL = LEVELS.join(', ');

export type Family = 'vitals' | 'http' | 'traffic' | 'errors' | 'long_tasks';

export interface Source {
  family: Family;
  table: string;
  /** The raw table for affected sessions (the pre-aggregates have no session ids). */
  rawTable: string;
  /** Time column of `table`, and the same instant in epoch ms. */
  time: string;
  timeMs: string;
  where: string[];
  /** Expression naming the series within the table (the vital's name), '' when there is one. */
  key: string;
  /** scope key → column expression; '' is the whole project. */
  dims: Record<string, string>;
  aggregates: string;
}

/** LCP, FCP and TTFB of soft navigations are timed from the route change: the web_vitals query leaves them out. */
const HARD_LOADS = "NOT (name IN ('LCP', 'FCP', 'TTFB') AND navigation_type = 'soft-navigation')";

export const SOURCES: Record<Family, Source> = {
  vitals: {
    family: 'vitals',
    table: 'web_vitals_1m',
    rawTable: 'web_vitals',
    time: 'minute',
    timeMs: 'toInt64(toUnixTimestamp(minute)) * 1000',
    where: ["name IN ('LCP', 'INP', 'CLS', 'FCP', 'TTFB')", HARD_LOADS],
    key: 'toString(name)',
    dims: { '': "''", route: 'route', browser: 'browser_name', device: 'device_type', country: 'country' },
    aggregates: `toFloat64(sum(samples)) AS n, 0. AS x, quantilesTDigestMerge(${LEVELS_SQL})(value_quantiles) AS q`,
  },
  http: {
    family: 'http',
    table: 'http_requests_1m',
    rawTable: 'http_requests',
    time: 'minute',
    timeMs: 'toInt64(toUnixTimestamp(minute)) * 1000',
    where: [],
    key: "''",
    // As explain/dimensions.ts keys them (endpointKey): `GET api.shop.example/api/cart/{id}`.
    dims: { endpoint: "concat(toString(method), ' ', toString(server_address), toString(url_template))" },
    aggregates:
      `toFloat64(sum(requests)) AS n, toFloat64(sum(failures)) AS x, ` +
      `quantilesTDigestMerge(${LEVELS_SQL})(duration_quantiles) AS q`,
  },
  traffic: {
    family: 'traffic',
    table: 'page_views',
    rawTable: 'page_views',
    time: 'timestamp',
    timeMs: 'toUnixTimestamp64Milli(timestamp)',
    where: ['is_bot = 0'],
    key: "''",
    dims: { '': "''", route: 'route', browser: 'browser_name' },
    aggregates:
      "toFloat64(uniqExact(session_id)) AS n, toFloat64(count()) AS x, CAST([], 'Array(Float64)') AS q",
  },
  errors: {
    family: 'errors',
    table: 'errors',
    rawTable: 'errors',
    time: 'timestamp',
    timeMs: 'toUnixTimestamp64Milli(timestamp)',
    where: ['is_bot = 0'],
    key: "''",
    dims: { '': "''", route: 'route', browser: 'browser_name', issue: 'fingerprint' },
    aggregates:
      "toFloat64(uniqExact(session_id)) AS n, toFloat64(count()) AS x, CAST([], 'Array(Float64)') AS q",
  },
  long_tasks: {
    family: 'long_tasks',
    table: 'long_tasks',
    rawTable: 'long_tasks',
    time: 'timestamp',
    timeMs: 'toUnixTimestamp64Milli(timestamp)',
    where: ['is_bot = 0'],
    key: "''",
    // Without query string or fragment (tokens, cache busters), as explain/dimensions.ts's `script`.
    dims: { script: "splitByChar('?', splitByChar('#', script_url)[1])[1]" },
    aggregates: 'toFloat64(count()) AS n, sum(duration_ms) AS x, [sum(duration_ms * duration_ms)] AS q',
  },
};

/** One (series, window) aggregate. */
export interface WindowAggregate {
  w: number;
  n: number;
  x: number;
  q: number[];
}

/** One segment's aggregates in every window it has data in. */
export interface SegmentRow {
  family: Family;
  key: string;
  dim: string;
  seg: string;
  windows: WindowAggregate[];
  /**
   * The history read (its own top segments) was full for this (key, dim) without this segment: a
   * history window without its row is unknown, not zero (detector.ts withHistory).
   */
  historyUnknown?: boolean;
}

const range = (timeCol: string, w: DetectWindow, p: Params) =>
  `${timeCol} >= fromUnixTimestamp64Milli(${p.add('Int64', w.from)}) AND ` +
  `${timeCol} < fromUnixTimestamp64Milli(${p.add('Int64', w.to)})`;

/** `dim` and `seg` of every watched dimension for arrayJoin. */
function dimensionPairs(s: Source): string {
  return Object.entries(s.dims)
    .map(([dim, col]) => `('${dim}', toString(${col}))`)
    .join(', ');
}

/**
 * Every window of every segment of one source: rows are fanned out to the windows they fall in
 * (the current and previous windows overlap) and to one (dim, seg) pair per dimension. Per
 * (key, dim) the `topK` segments by volume are kept, volume being the larger of the current
 * window's n and the mean n per window (a new issue ranks by what it does now).
 */
function windowsSelect(s: Source, project: string, windows: DetectWindow[], topK: number, p: Params): string {
  const froms = p.add(
    'Array(Int64)',
    windows.map((w) => w.from),
  );
  const tos = p.add(
    'Array(Int64)',
    windows.map((w) => w.to),
  );
  const anyWindow = windows.map((w) => `(${range(s.time, w, p)})`).join(' OR ');
  const where = [`project_id = ${p.add('String', project)}`, `(${anyWindow})`, ...s.where];
  const rows =
    `SELECT ${s.key} AS key, arrayJoin([${dimensionPairs(s)}]) AS pair, ` +
    `arrayJoin(arrayFilter(i -> ${s.timeMs} >= ${froms}[i] AND ${s.timeMs} < ${tos}[i], ` +
    `range(1, ${windows.length + 1}))) - 1 AS w, * FROM ${s.table} WHERE ${where.join(' AND ')}`;
  const perWindow = `SELECT key, pair.1 AS dim, pair.2 AS seg, w, ${s.aggregates} FROM (${rows}) GROUP BY key, dim, seg, w`;
  return (
    `SELECT '${s.family}' AS family, key, dim, seg, groupArray((w, n, x, q)) AS windows FROM (${perWindow}) ` +
    `GROUP BY key, dim, seg ORDER BY greatest(sumIf(n, w = 0), sum(n) / ${windows.length}) DESC, seg ` +
    `LIMIT ${p.add('UInt32', topK)} BY key, dim`
  );
}

/**
 * Every source's windows in one statement (UNION ALL): one round trip per evaluation when
 * nothing alarms, which is nearly always.
 */
export function buildWindowsSql(
  sources: readonly Source[],
  project: string,
  windows: DetectWindow[],
  topK: number,
): BuiltSql {
  const p = new Params();
  const sql = sources.map((s) => `(${windowsSelect(s, project, windows, topK, p)})`).join(' UNION ALL ');
  return { sql, params: p.values };
}

/** The scope's condition: the dimension's column equal to the segment (nothing for the project). */
function scopeWhere(s: Source, scope: Record<string, string>, p: Params): string[] {
  return Object.entries(scope).map(([dim, seg]) => {
    const col = s.dims[dim];
    if (col === undefined) throw new Error(`${s.family} is not watched by ${dim}`);
    return `${col} = ${p.add('String', seg)}`;
  });
}

/** One series' aggregates per minute over [from, to): the change point's input. */
export function buildMinutesSql(
  s: Source,
  project: string,
  key: string,
  scope: Record<string, string>,
  w: DetectWindow,
): BuiltSql {
  const p = new Params();
  const where = [`project_id = ${p.add('String', project)}`, range(s.time, w, p), ...s.where];
  if (s.key !== "''") where.push(`${s.key} = ${p.add('String', key)}`);
  where.push(...scopeWhere(s, scope, p));
  const sql =
    `SELECT intDiv(${s.timeMs}, 60000) * 60000 AS t, ${s.aggregates} FROM ${s.table} ` +
    `WHERE ${where.join(' AND ')} GROUP BY t ORDER BY t`;
  return { sql, params: p.values };
}

/**
 * Who had the bad signal in the scope during the window (raw table): sessions and users where
 * `bad` holds, the dominant release, and for errors the busiest issues.
 */
export function buildAffectedSql(
  s: Source,
  project: string,
  key: string,
  scope: Record<string, string>,
  w: DetectWindow,
  bad: { column: string; above: number } | 'all' | { failures: true },
): BuiltSql {
  const p = new Params();
  const where = [`project_id = ${p.add('String', project)}`, range('timestamp', w, p), 'is_bot = 0'];
  if (s.family === 'vitals') where.push(`name = ${p.add('String', key)}`, HARD_LOADS);
  where.push(...scopeWhere(s, scope, p));
  const cond =
    bad === 'all'
      ? '1'
      : 'failures' in bad
        ? '(status_code = 0 OR status_code >= 500)'
        : `${bad.column} > ${p.add('Float64', bad.above)}`;
  const issues = s.family === 'errors' ? 'topK(3)(fingerprint)' : "CAST([], 'Array(String)')";
  const sql =
    `SELECT uniqExactIf(session_id, ${cond}) AS sessions, uniqExactIf(user_id, ${cond} AND user_id != '') AS users, ` +
    `topKIf(1)(toString(release), release != '') AS releases, ${issues} AS issues ` +
    `FROM ${s.rawTable} WHERE ${where.join(' AND ')}`;
  return { sql, params: p.values };
}

/** Deploys finished in [from, to), newest first. */
export function buildDeploysSql(project: string, w: DetectWindow): BuiltSql {
  const p = new Params();
  const sql =
    'SELECT release, toString(environment) AS environment, toUnixTimestamp64Milli(finished_at) AS at FROM deploys ' +
    `WHERE project_id = ${p.add('String', project)} AND ${range('finished_at', w, p)} ORDER BY finished_at DESC LIMIT 5`;
  return { sql, params: p.values };
}
