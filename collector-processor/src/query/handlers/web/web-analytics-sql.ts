/**
 * web_analytics: traffic metrics as Plausible and GA define them, over time, per group or in total.
 *
 * Two kinds of metric, computed in separate branches and summed per group (UNION ALL + GROUP BY):
 * - per page view, from page_views: page views, unique visitors (browsers: the SDK's visitor id,
 *   else the cookieless hash, so logging in mid-session does not make a second visitor), unique
 *   logged-in users (non-empty user ids), average time on page (seconds to
 *   the next page view of the same session; a session's last page has none; summed per session
 *   when the query allows, see timeOnPagePerSession);
 * - per session: sessions, bounce rate (sessions with one page view), average duration (last page
 *   view - first), page views per session. From the `sessions` pre-aggregate when the query only
 *   uses its columns (no bots, filters and groups on release/environment/browser/os/device/country),
 *   else from page_views grouped by session. A session counts in the bucket where it started, and
 *   under the route/URL of its entry page.
 */
import { Params, type BuiltSql } from '../../params';
import type { Dimension, FilterKey, QueryBase } from '../../schema';
import {
  bucketExpr,
  DIMENSION_COLUMNS,
  fitsPreaggregate,
  intervalSeconds,
  usedFilterKeys,
  VISITOR_ID_EXPR,
  whereClause,
} from '../../sql';
import { dimensionSelect, fromSessionDimension, limitSeries, sessionDimensionSelect } from './shared';

export const WEB_METRICS = [
  'page_views',
  'visitors',
  'users',
  'sessions',
  'bounce_rate',
  'session_duration',
  'views_per_session',
  'time_on_page',
] as const;
export type WebMetric = (typeof WEB_METRICS)[number];

export interface WebAnalyticsOptions {
  metrics: WebMetric[];
  view: 'timeseries' | 'table' | 'total';
}
export type WebAnalyticsQuery = QueryBase & WebAnalyticsOptions;

/** The per-session columns of the `sessions` table (migration 0001), as dimensions and filter keys. */
export const SESSIONS_DIMENSIONS: readonly Dimension[] = [
  'release',
  'environment',
  'browser',
  'os',
  'device',
  'country',
];
const SESSIONS_FILTERS: readonly FilterKey[] = [
  'release',
  'environment',
  'browser',
  'os',
  'device',
  'country',
];

const PAGE_METRICS: readonly WebMetric[] = ['page_views', 'visitors', 'users', 'time_on_page'];

/** Each metric from the summed branch columns; ratios are NULL when there is nothing to divide by. */
const METRIC_EXPR: Record<WebMetric, string> = {
  page_views: 'sum(view_count) AS page_views',
  visitors: 'sum(visitor_count) AS visitors',
  users: 'sum(user_count) AS users',
  sessions: 'sum(session_count) AS sessions',
  bounce_rate: 'sum(bounce_count) / nullIf(sum(session_count), 0) AS bounce_rate',
  session_duration: 'sum(duration_sum) / nullIf(sum(session_count), 0) AS session_duration',
  views_per_session: 'sum(session_view_count) / nullIf(sum(session_count), 0) AS views_per_session',
  time_on_page: 'sum(time_on_page_sum) / nullIf(sum(time_on_page_count), 0) AS time_on_page',
};

/** The branches' columns, in UNION order; a branch pads the other's (and its unused ones) with typed zeros. */
const PAGE_COLUMNS = [
  'view_count',
  'visitor_count',
  'user_count',
  'time_on_page_sum',
  'time_on_page_count',
] as const;
const SESSION_COLUMNS = ['session_count', 'bounce_count', 'duration_sum', 'session_view_count'] as const;
type BranchColumn = (typeof PAGE_COLUMNS)[number] | (typeof SESSION_COLUMNS)[number];
const ZERO: Record<BranchColumn, string> = {
  view_count: 'toUInt64(0)',
  visitor_count: 'toUInt64(0)',
  user_count: 'toUInt64(0)',
  time_on_page_sum: 'toFloat64(0)',
  time_on_page_count: 'toUInt64(0)',
  session_count: 'toUInt64(0)',
  bounce_count: 'toUInt64(0)',
  duration_sum: 'toFloat64(0)',
  session_view_count: 'toUInt64(0)',
};

export type SessionSource = 'sessions' | 'page_views';

export interface WebAnalyticsSql extends BuiltSql {
  /** The table answering the session metrics, when any is asked for. */
  sessionSource?: SessionSource;
  intervalSeconds?: number;
}

interface Branches {
  page: boolean;
  session: boolean;
}

/** Every column of the branches in the query, each from `values` or a zero. */
function branchColumns(values: Partial<Record<BranchColumn, string>>, branches: Branches): string[] {
  const all = [...(branches.page ? PAGE_COLUMNS : []), ...(branches.session ? SESSION_COLUMNS : [])];
  return all.map((c) => `${values[c] ?? ZERO[c]} AS ${c}`);
}

/**
 * Seconds from each page view to the next one in its session. The window sees every page view in
 * range (filters apply after it), so the "next" page is the real next one, not the next matching.
 */
function withTimeOnPage(q: WebAnalyticsQuery, p: Params): string {
  const base = whereClause({ ...q, filters: {}, exclude: {} }, p);
  const next =
    'leadInFrame(toNullable(timestamp)) OVER (PARTITION BY session_id ORDER BY timestamp ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING)';
  // Only the columns the outer query can use: `SELECT *` made the window carry every column of a
  // week of page views (URLs, user agents, attribute maps) through its sort — seconds and ~1 GB.
  const needsUrl = q.groupBy.includes('url') || !!q.filters.urlPrefix || !!q.exclude.urlPrefix;
  const columns = [...TIME_ON_PAGE_COLUMNS, ...(needsUrl ? ['url'] : [])].join(', ');
  return (
    `(SELECT ${columns}, if(session_id = '', NULL, dateDiff('millisecond', timestamp, ${next}) / 1000) AS time_on_page ` +
    `FROM page_views WHERE ${base})`
  );
}

/** Columns filters, group-by and the visitor count read (url only when asked for). */
const TIME_ON_PAGE_COLUMNS = [
  'project_id',
  'timestamp',
  'is_bot',
  'session_id',
  'user_id',
  'visitor_id',
  'visitor_hash',
  'release',
  'environment',
  'route',
  'browser_name',
  'os_name',
  'device_type',
  'country',
];

/**
 * Whether time on page can be summed per session: a session's gaps between consecutive page views
 * add up to its last minus first page view, and it has (page views − 1) of them. That holds for
 * the whole of each session when the query groups and filters only by what a session keeps
 * (release, environment, browser, os, device, country) and has no time buckets — a GROUP BY
 * session instead of sorting a week of page views for the window (seconds → a fraction).
 */
function timeOnPagePerSession(q: WebAnalyticsQuery, seconds: number | undefined): boolean {
  return (
    q.metrics.includes('time_on_page') &&
    seconds === undefined &&
    q.groupBy.every((d) => SESSIONS_DIMENSIONS.includes(d)) &&
    usedFilterKeys(q).every((k) => SESSIONS_FILTERS.includes(k))
  );
}

function timeOnPageBranch(q: WebAnalyticsQuery, p: Params, branches: Branches): string {
  const columns = [
    'session_id',
    ...q.groupBy.map((d) => `any(${DIMENSION_COLUMNS[d]}) AS ${DIMENSION_COLUMNS[d]}`),
    "dateDiff('millisecond', min(timestamp), max(timestamp)) / 1000 AS span",
    'toUInt64(count() - 1) AS gaps',
  ];
  const perSession = `SELECT ${columns.join(', ')} FROM page_views WHERE ${whereClause(q, p)} AND session_id != '' GROUP BY session_id`;
  const values = { time_on_page_sum: 'sum(span)', time_on_page_count: 'sum(gaps)' };
  const keys = q.groupBy.map(dimensionSelect);
  return `SELECT ${[...keys, ...branchColumns(values, branches)].join(', ')} FROM (${perSession})${groupByClause(q, undefined)}`;
}

function pageBranch(
  q: WebAnalyticsQuery,
  p: Params,
  seconds: number | undefined,
  branches: Branches,
): string {
  const withTop = q.metrics.includes('time_on_page') && !timeOnPagePerSession(q, seconds);
  const from = withTop ? withTimeOnPage(q, p) : 'page_views';
  const where = whereClause(q, p);
  const keys = [
    ...(seconds === undefined ? [] : [`${bucketExpr('timestamp', seconds, p)} AS time`]),
    ...q.groupBy.map(dimensionSelect),
  ];
  const values = {
    view_count: 'count()',
    visitor_count: `uniq(${VISITOR_ID_EXPR})`,
    user_count: "uniqIf(user_id, user_id != '')",
    ...(withTop ? { time_on_page_sum: 'sum(time_on_page)', time_on_page_count: 'count(time_on_page)' } : {}),
  };
  return `SELECT ${[...keys, ...branchColumns(values, branches)].join(', ')} FROM ${from} WHERE ${where}${groupByClause(q, seconds)}`;
}

function groupByClause(q: WebAnalyticsQuery, seconds: number | undefined): string {
  const keys = [...(seconds === undefined ? [] : ['time']), ...q.groupBy];
  return keys.length ? ` GROUP BY ${keys.join(', ')}` : '';
}

/** One row per session, from the pre-aggregate: its parts (and days) merged by GROUP BY session. */
function sessionsFromPreaggregate(q: WebAnalyticsQuery, p: Params): string {
  const project = p.add('String', q.project);
  const from = p.add('Int64', q.from);
  const to = p.add('Int64', q.to);
  // A session's rows are per day: read the day before `from` too, so one that began then is seen
  // whole (and left out, having started before the range).
  return (
    'SELECT project_id, session_id, min(first_seen) AS started, max(last_seen) AS ended, sum(page_views) AS views, ' +
    'any(release) AS release, any(environment) AS environment, any(browser_name) AS browser_name, ' +
    'any(os_name) AS os_name, any(device_type) AS device_type, any(country) AS country ' +
    `FROM sessions WHERE project_id = ${project} AND session_date >= toDate(fromUnixTimestamp64Milli(${from})) - 1 ` +
    `AND session_date <= toDate(fromUnixTimestamp64Milli(${to})) GROUP BY project_id, session_id`
  );
}

/** One row per session, from its page views in range (which the filters have already chosen). */
function sessionsFromPageViews(q: WebAnalyticsQuery, p: Params): string {
  const where = whereClause(q, p);
  return (
    `SELECT session_id, min(timestamp) AS started, max(timestamp) AS ended, count() AS views` +
    q.groupBy.map((d) => `, ${sessionDimensionSelect(d)}`).join('') +
    ` FROM page_views WHERE ${where} AND session_id != '' GROUP BY session_id`
  );
}

function sessionBranch(
  q: WebAnalyticsQuery,
  p: Params,
  seconds: number | undefined,
  source: SessionSource,
  branches: Branches,
): string {
  const perSession = source === 'sessions' ? sessionsFromPreaggregate(q, p) : sessionsFromPageViews(q, p);
  // Sessions from the pre-aggregate are chosen here, by start time and the filters; sessions
  // that only have error rows there have no page views and are not visits.
  const where =
    source === 'sessions'
      ? ` WHERE ${whereClause(q, p, { timeColumn: 'started', botColumn: false })} AND views > 0`
      : '';
  const keys = [
    ...(seconds === undefined ? [] : [`${bucketExpr('started', seconds, p)} AS time`]),
    ...q.groupBy.map(source === 'sessions' ? dimensionSelect : fromSessionDimension),
  ];
  const values = {
    session_count: 'count()',
    bounce_count: 'countIf(views = 1)',
    duration_sum: "sum(dateDiff('millisecond', started, ended)) / 1000",
    session_view_count: 'sum(views)',
  };
  return `SELECT ${[...keys, ...branchColumns(values, branches)].join(', ')} FROM (${perSession})${where}${groupByClause(q, seconds)}`;
}

export function buildWebAnalyticsSql(q: WebAnalyticsQuery): WebAnalyticsSql {
  const p = new Params();
  const metrics = [...new Set(q.metrics)];
  const seconds = q.view === 'timeseries' ? intervalSeconds(q) : undefined;
  const dims = q.view === 'total' ? [] : q.groupBy;
  const query = { ...q, metrics, groupBy: dims };
  const branches: Branches = {
    page: metrics.some((m) => PAGE_METRICS.includes(m)),
    session: metrics.some((m) => !PAGE_METRICS.includes(m)),
  };
  const sessionSource: SessionSource | undefined = branches.session
    ? fitsPreaggregate(query, SESSIONS_DIMENSIONS, SESSIONS_FILTERS)
      ? 'sessions'
      : 'page_views'
    : undefined;
  const perSessionTop = timeOnPagePerSession(query, seconds);
  const needsPageBranch =
    metrics.some((m) => m !== 'time_on_page' && PAGE_METRICS.includes(m)) || !perSessionTop;
  const parts = [
    ...(branches.page && needsPageBranch ? [pageBranch(query, p, seconds, branches)] : []),
    ...(perSessionTop ? [timeOnPageBranch(query, p, branches)] : []),
    ...(sessionSource ? [sessionBranch(query, p, seconds, sessionSource, branches)] : []),
  ];
  const keys = [...(seconds === undefined ? [] : ['time']), ...dims];
  // A grouped series is ranked by its volume: page views, else sessions.
  const weight = branches.page ? 'sum(view_count) AS series_volume' : 'sum(session_count) AS series_volume';
  const selects = [
    ...keys,
    ...metrics.map((m) => METRIC_EXPR[m]),
    ...(seconds && dims.length ? [weight] : []),
  ];
  const rows = `SELECT ${selects.join(', ')} FROM (${parts.join(' UNION ALL ')})${keys.length ? ` GROUP BY ${keys.join(', ')}` : ''}`;
  let sql: string;
  if (seconds === undefined && dims.length)
    sql = `${rows} ORDER BY ${[`${metrics[0]} DESC`, ...dims].join(', ')} LIMIT ${p.add('UInt32', q.limit)}`;
  else if (seconds !== undefined && dims.length)
    sql = limitSeries(rows, dims, 'series_volume', p.add('UInt32', q.limit));
  else if (seconds !== undefined) sql = `${rows} ORDER BY time`;
  else sql = rows;
  return { sql, params: p.values, sessionSource, intervalSeconds: seconds };
}
