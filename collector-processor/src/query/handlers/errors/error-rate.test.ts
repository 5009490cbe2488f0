import { buildErrorRateSql, ErrorRateQuery } from './error-rate';

const base = { type: 'error_rate', project: 'p1', from: 0, to: 3_600_000, intervalMs: 300_000 };
const BUCKET = 'toUnixTimestamp(toStartOfInterval(timestamp, toIntervalSecond({p0:UInt32}))) * 1000 AS time';
const WHERE = (n: number) =>
  `project_id = {p${n}:String} AND timestamp >= fromUnixTimestamp64Milli({p${n + 1}:Int64}) ` +
  `AND timestamp < fromUnixTimestamp64Milli({p${n + 2}:Int64}) AND is_bot = 0`;
const RATE =
  'sum(n_errors) AS errors, sum(n_page_views) AS page_views, if(page_views = 0, NULL, errors / page_views) AS error_rate';
const SHARE =
  'count() AS sessions, countIf(had_error = 1) AS error_sessions, if(sessions = 0, NULL, error_sessions / sessions) AS error_rate, ' +
  'if(sessions = 0, NULL, 1 - error_rate) AS crash_free_sessions';

describe('buildErrorRateSql', () => {
  it.each([
    {
      name: 'errors per page view over time: one WHERE clause on both tables',
      query: {},
      sql:
        `SELECT time, ${RATE} FROM (` +
        `SELECT ${BUCKET}, count() AS n_errors, toUInt64(0) AS n_page_views FROM errors WHERE ${WHERE(1)} GROUP BY time UNION ALL ` +
        `SELECT ${BUCKET}, toUInt64(0) AS n_errors, count() AS n_page_views FROM page_views WHERE ${WHERE(1)} GROUP BY time) ` +
        'GROUP BY time ORDER BY time',
      params: { p0: 300, p1: 'p1', p2: 0, p3: 3_600_000 },
    },
    {
      name: 'errors per page view by browser, filtered',
      query: { view: 'table', groupBy: ['browser'], filters: { country: 'FR' }, limit: 5 },
      sql:
        `SELECT browser, ${RATE} FROM (` +
        `SELECT browser_name AS browser, count() AS n_errors, toUInt64(0) AS n_page_views FROM errors WHERE ${WHERE(0)} AND country IN {p3:Array(String)} GROUP BY browser UNION ALL ` +
        `SELECT browser_name AS browser, toUInt64(0) AS n_errors, count() AS n_page_views FROM page_views WHERE ${WHERE(0)} AND country IN {p3:Array(String)} GROUP BY browser) ` +
        'GROUP BY browser ORDER BY page_views DESC, browser LIMIT {p4:UInt32}',
      params: { p0: 'p1', p1: 0, p2: 3_600_000, p3: ['FR'], p4: 5 },
    },
    {
      name: 'the share of sessions with an error, in total',
      query: { view: 'table', per: 'session' },
      sql:
        `SELECT ${SHARE} FROM (SELECT session_id, max(is_error) AS had_error FROM (` +
        `SELECT session_id, 1 AS is_error FROM errors WHERE ${WHERE(0)} AND session_id != '' UNION ALL ` +
        `SELECT session_id, 0 AS is_error FROM page_views WHERE ${WHERE(0)} AND session_id != '') GROUP BY session_id) ` +
        'ORDER BY sessions DESC LIMIT {p3:UInt32}',
      params: { p0: 'p1', p1: 0, p2: 3_600_000, p3: 100 },
    },
    {
      name: 'the share of sessions with an error over time, per release',
      query: { per: 'session', groupBy: ['release'] },
      sql:
        `SELECT time, release, ${SHARE} FROM (SELECT time, release, session_id, max(is_error) AS had_error FROM (` +
        `SELECT ${BUCKET}, release, session_id, 1 AS is_error FROM errors WHERE ${WHERE(1)} AND session_id != '' UNION ALL ` +
        `SELECT ${BUCKET}, release, session_id, 0 AS is_error FROM page_views WHERE ${WHERE(1)} AND session_id != '') ` +
        'GROUP BY time, release, session_id) GROUP BY time, release ORDER BY time, release',
      params: { p0: 300, p1: 'p1', p2: 0, p3: 3_600_000 },
    },
  ])('$name', ({ query, sql, params }) => {
    expect(buildErrorRateSql(ErrorRateQuery.parse({ ...base, ...query }))).toEqual({ sql, params });
  });

  it('refuses an unknown denominator', () => {
    const r = ErrorRateQuery.safeParse({ ...base, per: 'user' });
    expect(r.error!.issues[0]!.path).toEqual(['per']);
  });
});
