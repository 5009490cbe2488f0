import { baseQuery } from '../../testkit';
import { buildSessionsSql, type SessionsQuery } from './sessions-sql';

const base = baseQuery({ project: 'p1', from: 1_000_000, to: 4_600_000 });

const OUTER =
  'SELECT session_id, toUnixTimestamp64Milli(start_at) AS start, toUnixTimestamp64Milli(end_at) AS `end`,' +
  ' (toUnixTimestamp64Milli(end_at) - toUnixTimestamp64Milli(start_at)) / 1000 AS duration_s,' +
  ' page_views, errors, entry_url, exit_url, user, visitor, release, browser, os, device, country FROM ';
const ATTRIBUTES =
  "anyIf(visitor_id, visitor_id != '') AS visitor, any(release) AS release, any(environment) AS environment, any(browser_name) AS browser," +
  ' any(os_name) AS os, any(device_type) AS device, any(country) AS country';
const merged = (urls: boolean) =>
  'SELECT session_id, min(first_seen) AS start_at, max(last_seen) AS end_at, sum(page_views) AS page_views,' +
  ' sum(errors) AS errors,' +
  (urls ? ' argMinMerge(entry_url) AS entry_url, argMaxMerge(exit_url) AS exit_url,' : '') +
  ` coalesce(nullIf(argMaxMerge(last_user_id), ''), anyIf(user_id, user_id != '')) AS user, ${ATTRIBUTES} FROM sessions`;
/** project, from, to as parameters n, n+1, n+2. */
const days = (n: number) =>
  `project_id = {p${n}:String} AND session_date >= toDate(fromUnixTimestamp64Milli({p${n + 1}:Int64}))` +
  ` AND session_date <= toDate(fromUnixTimestamp64Milli({p${n + 2}:Int64}) - toIntervalMillisecond(1))`;
const active = (n: number) =>
  `end_at >= fromUnixTimestamp64Milli({p${n + 1}:Int64}) AND start_at < fromUnixTimestamp64Milli({p${n + 2}:Int64})`;
/**
 * The pre-aggregate path: the page of sessions is ranked without the URL merges (parameters from 1,
 * the limit is p0), then only those sessions are merged whole (parameters from `second`).
 */
const preaggregate = (
  order: string,
  second: number,
  where = (_n: number) => '',
  having = (_n: number) => '',
) =>
  `(${merged(true)} WHERE ${days(second)}${where(second)} AND session_id IN (SELECT session_id FROM (` +
  `${merged(false)} WHERE ${days(1)}${where(1)} GROUP BY session_id HAVING ${active(1)}${having(1)})` +
  ` ORDER BY ${order} LIMIT {p0:UInt32}) GROUP BY session_id HAVING ${active(second)}${having(second)})`;

const COLUMNS =
  'session_id, timestamp, url, user_id, visitor_id, release, environment, browser_name, os_name, device_type, country';
const GROUPED =
  'SELECT session_id, min(timestamp) AS start_at, max(timestamp) AS end_at,' +
  ' countIf(is_page_view = 1) AS page_views, countIf(is_page_view = 0) AS errors,' +
  ' argMin(url, (1 - is_page_view, timestamp)) AS entry_url, argMax(url, (is_page_view, timestamp)) AS exit_url,' +
  ` argMaxIf(user_id, timestamp, user_id != '') AS user, ${ATTRIBUTES} FROM `;
const events = (where: string, visited = '') =>
  `(SELECT ${COLUMNS}, 1 AS is_page_view FROM page_views WHERE ${where} AND session_id != ''${visited}` +
  ` UNION ALL SELECT ${COLUMNS}, 0 AS is_page_view FROM errors WHERE ${where} AND session_id != ''${visited})`;
/** The route condition on its own (parameters p4–p7): which sessions visited it. */
const VISITED =
  'project_id = {p4:String} AND timestamp >= fromUnixTimestamp64Milli({p5:Int64})' +
  ' AND timestamp < fromUnixTimestamp64Milli({p6:Int64}) AND is_bot = 0 AND route IN {p7:Array(String)}';
const RAW_WHERE =
  'project_id = {p0:String} AND timestamp >= fromUnixTimestamp64Milli({p1:Int64})' +
  ' AND timestamp < fromUnixTimestamp64Milli({p2:Int64})';

const cases: Array<{
  name: string;
  query: Partial<SessionsQuery>;
  source: string;
  sql: string;
  params: Record<string, unknown>;
}> = [
  {
    name: 'newest sessions from the pre-aggregate',
    query: {},
    source: 'sessions',
    sql: `${OUTER}${preaggregate('start_at DESC, session_id', 4)} ORDER BY start DESC, session_id LIMIT {p7:UInt32}`,
    params: {
      p0: 100,
      p1: 'p1',
      p2: 1_000_000,
      p3: 4_600_000,
      p4: 'p1',
      p5: 1_000_000,
      p6: 4_600_000,
      p7: 100,
    },
  },
  {
    name: 'session filters on the key before merging, the others on the merged row',
    query: {
      sort: 'longest',
      filters: { browser: ['Chrome'], session: ['s1', 's2'] },
      exclude: { user: ['u9'], session: ['s3'] },
      limit: 10,
    },
    source: 'sessions',
    sql:
      OUTER +
      preaggregate(
        "dateDiff('millisecond', start_at, end_at) DESC, start_at DESC, session_id",
        8,
        (n) => ` AND session_id IN {p${n + 3}:Array(String)} AND session_id NOT IN {p${n + 4}:Array(String)}`,
        (n) => ` AND browser IN {p${n + 5}:Array(String)} AND user NOT IN {p${n + 6}:Array(String)}`,
      ) +
      ' ORDER BY duration_s DESC, start DESC, session_id LIMIT {p15:UInt32}',
    params: {
      p0: 10,
      ...Object.fromEntries(
        [1, 8].flatMap((n) => [
          [`p${n}`, 'p1'],
          [`p${n + 1}`, 1_000_000],
          [`p${n + 2}`, 4_600_000],
          [`p${n + 3}`, ['s1', 's2']],
          [`p${n + 4}`, ['s3']],
          [`p${n + 5}`, ['Chrome']],
          [`p${n + 6}`, ['u9']],
        ]),
      ),
      p15: 10,
    },
  },
  {
    name: 'raw page views and errors of the sessions that visited the route (whole sessions)',
    query: { sort: 'most_errors', filters: { route: ['/cart'], browser: ['Chrome'] } },
    source: 'page_views+errors',
    sql:
      `${OUTER}(${GROUPED}${events(
        `${RAW_WHERE} AND is_bot = 0 AND browser_name IN {p3:Array(String)}`,
        ` AND session_id IN (SELECT session_id FROM page_views WHERE ${VISITED} UNION ALL SELECT session_id FROM errors WHERE ${VISITED})`,
      )} GROUP BY session_id)` + ' ORDER BY errors DESC, start DESC, session_id LIMIT {p8:UInt32}',
    params: {
      p0: 'p1',
      p1: 1_000_000,
      p2: 4_600_000,
      p3: ['Chrome'],
      p4: 'p1',
      p5: 1_000_000,
      p6: 4_600_000,
      p7: ['/cart'],
      p8: 100,
    },
  },
  {
    name: 'a visitor and had-error on the merged row, from the pre-aggregate',
    query: { visitor: 'v1', hadError: 'yes' as const },
    source: 'sessions',
    sql:
      OUTER +
      preaggregate(
        'start_at DESC, session_id',
        5,
        () => '',
        (n) => ` AND visitor = {p${n + 3}:String} AND errors > 0`,
      ) +
      ' ORDER BY start DESC, session_id LIMIT {p9:UInt32}',
    params: {
      p0: 100,
      ...Object.fromEntries(
        [1, 5].flatMap((n) => [
          [`p${n}`, 'p1'],
          [`p${n + 1}`, 1_000_000],
          [`p${n + 2}`, 4_600_000],
          [`p${n + 3}`, 'v1'],
        ]),
      ),
      p9: 100,
    },
  },
  {
    name: 'a visitor and had-no-error on the merged row, from raw rows',
    query: { visitor: 'v1', hadError: 'no' as const, includeBots: true },
    source: 'page_views+errors',
    sql:
      `${OUTER}(${GROUPED}${events(RAW_WHERE)}` +
      ' GROUP BY session_id HAVING visitor = {p3:String} AND errors = 0)' +
      ' ORDER BY start DESC, session_id LIMIT {p4:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 'v1', p4: 100 },
  },
  {
    name: 'raw page views and errors with bots (the pre-aggregate has none)',
    query: { sort: 'most_pages', includeBots: true },
    source: 'page_views+errors',
    sql:
      `${OUTER}(${GROUPED}${events(RAW_WHERE)} GROUP BY session_id)` +
      ' ORDER BY page_views DESC, start DESC, session_id LIMIT {p3:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 100 },
  },
  {
    name: 'group-by is ignored: a session list is never grouped',
    query: { groupBy: ['route'] },
    source: 'sessions',
    sql: `${OUTER}${preaggregate('start_at DESC, session_id', 4)} ORDER BY start DESC, session_id LIMIT {p7:UInt32}`,
    params: {
      p0: 100,
      p1: 'p1',
      p2: 1_000_000,
      p3: 4_600_000,
      p4: 'p1',
      p5: 1_000_000,
      p6: 4_600_000,
      p7: 100,
    },
  },
];

describe('buildSessionsSql', () => {
  test.each(cases)('$name', ({ query, source, sql, params }) => {
    const built = buildSessionsSql({ ...base, sort: 'newest', ...query });
    expect(built.sql).toBe(sql);
    expect(built.params).toEqual(params);
    expect(built.source).toBe(source);
  });
});
