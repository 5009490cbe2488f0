/**
 * SQL for the `sessions` query type: one row per session with activity in [from, to). Reads the
 * `sessions` AggregatingMergeTree (one partial row per session and day, written by the page view
 * and error views) when the filters are session columns, else groups raw page views and errors.
 * The pre-aggregate's rows are whole days: a session that crosses `from` or `to` shows that day's
 * whole activity there, and only the activity inside the range on the raw path.
 */
import { Params, type BuiltSql } from '../../params';
import type { FilterKey, Filters, QueryBase } from '../../schema';
import { fitsPreaggregate, whereClause } from '../../sql';

export const SESSION_SORTS = ['newest', 'longest', 'most_errors', 'most_pages'] as const;
/** Sessions with an error (`yes`), without (`no`), or either. */
export const HAD_ERROR = ['any', 'yes', 'no'] as const;
export type SessionSort = (typeof SESSION_SORTS)[number];
/**
 * `visitor`: sessions of one browser (the SDK's visitor id; cookieless sessions have none).
 * `hadError`: `yes` only sessions with at least one error, `no` only those without (default `any`).
 */
export type SessionsQuery = QueryBase & {
  sort: SessionSort;
  visitor?: string;
  hadError?: (typeof HAD_ERROR)[number];
};
export type SessionsSource = 'sessions' | 'page_views+errors';

/**
 * Filters the merged session row can answer, by the inner query's alias. `session` is not here: it
 * is the table's key column and is filtered before merging.
 */
const MERGED_COLUMNS: Partial<Record<FilterKey, string>> = {
  release: 'release',
  environment: 'environment',
  browser: 'browser',
  os: 'os',
  device: 'device',
  country: 'country',
  user: 'user',
};
const PREAGGREGATE_FILTERS = [...Object.keys(MERGED_COLUMNS), 'session'] as FilterKey[];

const ORDER: Record<SessionSort, string> = {
  newest: 'start DESC, session_id',
  longest: 'duration_s DESC, start DESC, session_id',
  most_errors: 'errors DESC, start DESC, session_id',
  most_pages: 'page_views DESC, start DESC, session_id',
};

/**
 * The session's user on the pre-aggregate: its last non-empty user id (migration 0011), else, for
 * rows aggregated before that, any non-empty value of the old anyLast column.
 */
const PREAGGREGATE_USER =
  "coalesce(nullIf(argMaxMerge(last_user_id), ''), anyIf(user_id, user_id != '')) AS user";

/** The session's attributes, the same on both paths (any(): a session keeps one release, browser…). */
const ATTRIBUTES =
  "anyIf(visitor_id, visitor_id != '') AS visitor, any(release) AS release, any(environment) AS environment, any(browser_name) AS browser," +
  ' any(os_name) AS os, any(device_type) AS device, any(country) AS country';

/** The session options, on the merged row of either path (a session's visitor and error count are whole-session facts). */
function sessionConditions(q: SessionsQuery, p: Params): string[] {
  const out: string[] = [];
  if (q.visitor) out.push(`visitor = ${p.add('String', q.visitor)}`);
  if (q.hadError === 'yes') out.push('errors > 0');
  if (q.hadError === 'no') out.push('errors = 0');
  return out;
}

/** Sessions are never grouped: the group-by is ignored when choosing the table. */
export function sessionsSource(q: SessionsQuery): SessionsSource {
  return fitsPreaggregate({ ...q, groupBy: [] }, [], PREAGGREGATE_FILTERS) ? 'sessions' : 'page_views+errors';
}

/** `alias IN …` / `alias NOT IN …` on the merged row, for the filters other than `session`. */
function mergedConditions(filters: Filters, negate: boolean, p: Params): string[] {
  const out: string[] = [];
  for (const [key, values] of Object.entries(filters) as Array<[FilterKey, string[] | undefined]>) {
    const column = MERGED_COLUMNS[key];
    if (values && column) out.push(`${column} ${negate ? 'NOT IN' : 'IN'} ${p.add('Array(String)', values)}`);
  }
  return out;
}

/** The sort on the merged row's own columns, for ranking before the outer query names them. */
const INNER_ORDER: Record<SessionSort, string> = {
  newest: 'start_at DESC, session_id',
  longest: "dateDiff('millisecond', start_at, end_at) DESC, start_at DESC, session_id",
  most_errors: 'errors DESC, start_at DESC, session_id',
  most_pages: 'page_views DESC, start_at DESC, session_id',
};

/**
 * One merged row per session of the range. `urls: false` leaves out the entry and exit URL states,
 * the costly part: the page of sessions shown is ranked without them, and only its sessions merge
 * them (`only`: a subquery of session ids).
 */
function preaggregateInner(q: SessionsQuery, p: Params, urls = true, only?: string): string {
  const project = `project_id = ${p.add('String', q.project)}`;
  const from = `fromUnixTimestamp64Milli(${p.add('Int64', q.from)})`;
  const to = `fromUnixTimestamp64Milli(${p.add('Int64', q.to)})`;
  // Days that overlap [from, to) (session_date is the server's day, as the views write it); the
  // merged first and last times then keep the sessions active inside the range.
  const where = [
    project,
    `session_date >= toDate(${from})`,
    `session_date <= toDate(${to} - toIntervalMillisecond(1))`,
  ];
  if (q.filters.session) where.push(`session_id IN ${p.add('Array(String)', q.filters.session)}`);
  if (q.exclude.session) where.push(`session_id NOT IN ${p.add('Array(String)', q.exclude.session)}`);
  if (only) where.push(`session_id IN (${only})`);
  const having = [`end_at >= ${from}`, `start_at < ${to}`];
  having.push(...mergedConditions(q.filters, false, p), ...mergedConditions(q.exclude, true, p));
  having.push(...sessionConditions(q, p));
  return (
    'SELECT session_id, min(first_seen) AS start_at, max(last_seen) AS end_at,' +
    ' sum(page_views) AS page_views, sum(errors) AS errors,' +
    (urls ? ' argMinMerge(entry_url) AS entry_url, argMaxMerge(exit_url) AS exit_url,' : '') +
    ` ${PREAGGREGATE_USER}, ${ATTRIBUTES}` +
    ` FROM sessions WHERE ${where.join(' AND ')} GROUP BY session_id HAVING ${having.join(' AND ')}`
  );
}

/**
 * Filters on where a page is, which pick sessions rather than rows: a session that visited the
 * route is listed whole (all its pages and errors), not as the part of it on that route.
 */
const VISIT_FILTERS: readonly FilterKey[] = ['route', 'urlPrefix'];

function rawInner(q: SessionsQuery, p: Params): string {
  const visit = Object.fromEntries(VISIT_FILTERS.filter((k) => q.filters[k]).map((k) => [k, q.filters[k]]));
  const rest = Object.fromEntries(
    Object.entries(q.filters).filter(([k]) => !VISIT_FILTERS.includes(k as FilterKey)),
  );
  const where = whereClause({ ...q, filters: rest }, p);
  let visited = '';
  if (Object.keys(visit).length > 0) {
    const on = whereClause({ ...q, filters: visit, exclude: {} }, p);
    visited = ` AND session_id IN (SELECT session_id FROM page_views WHERE ${on} UNION ALL SELECT session_id FROM errors WHERE ${on})`;
  }
  const columns =
    'session_id, timestamp, url, user_id, visitor_id, release, environment, browser_name, os_name, device_type, country';
  const events =
    `SELECT ${columns}, 1 AS is_page_view FROM page_views WHERE ${where} AND session_id != ''${visited}` +
    ` UNION ALL SELECT ${columns}, 0 AS is_page_view FROM errors WHERE ${where} AND session_id != ''${visited}`;
  // Entry and exit pages prefer page views, as the pre-aggregate's views do; an error-only session
  // takes its error's page.
  const having = sessionConditions(q, p);
  return (
    'SELECT session_id, min(timestamp) AS start_at, max(timestamp) AS end_at,' +
    ' countIf(is_page_view = 1) AS page_views, countIf(is_page_view = 0) AS errors,' +
    ' argMin(url, (1 - is_page_view, timestamp)) AS entry_url, argMax(url, (is_page_view, timestamp)) AS exit_url,' +
    ` argMaxIf(user_id, timestamp, user_id != '') AS user, ${ATTRIBUTES}` +
    ` FROM (${events}) GROUP BY session_id${having.length ? ` HAVING ${having.join(' AND ')}` : ''}`
  );
}

export function buildSessionsSql(q: SessionsQuery): BuiltSql & { source: SessionsSource } {
  const p = new Params();
  const source = sessionsSource(q);
  let inner: string;
  if (source === 'sessions') {
    const limit = p.add('UInt32', q.limit);
    const page = `SELECT session_id FROM (${preaggregateInner(q, p, false)}) ORDER BY ${INNER_ORDER[q.sort]} LIMIT ${limit}`;
    inner = preaggregateInner(q, p, true, page);
  } else inner = rawInner(q, p);
  const sql =
    'SELECT session_id, toUnixTimestamp64Milli(start_at) AS start, toUnixTimestamp64Milli(end_at) AS `end`,' +
    ' (toUnixTimestamp64Milli(end_at) - toUnixTimestamp64Milli(start_at)) / 1000 AS duration_s,' +
    ' page_views, errors, entry_url, exit_url, user, visitor, release, browser, os, device, country' +
    ` FROM (${inner}) ORDER BY ${ORDER[q.sort]} LIMIT ${p.add('UInt32', q.limit)}`;
  return { sql, params: p.values, source };
}
