import { baseQuery } from '../../testkit';
import { VISITOR_ID_EXPR } from '../../sql';
import { buildWebAnalyticsSql, type WebAnalyticsQuery } from './web-analytics-sql';

const FROM = 1_700_000_000_000;
const TO = FROM + 86_400_000;
const base = baseQuery({ project: 'shop', from: FROM, to: TO });
const query = (q: Partial<WebAnalyticsQuery>): WebAnalyticsQuery => ({
  ...base,
  metrics: ['page_views', 'visitors'],
  view: 'timeseries',
  ...q,
});

/** project and time range on `column`, with placeholders p{n}, p{n+1}, p{n+2}. */
const range = (n: number, column = 'timestamp') =>
  `project_id = {p${n}:String} AND ${column} >= fromUnixTimestamp64Milli({p${n + 1}:Int64}) ` +
  `AND ${column} < fromUnixTimestamp64Milli({p${n + 2}:Int64})`;
const bucket = (column: string, n: number) =>
  `toUnixTimestamp(toStartOfInterval(${column}, toIntervalSecond({p${n}:UInt32}))) * 1000`;
const PAGE_VALUES = `count() AS view_count, uniq(${VISITOR_ID_EXPR}) AS visitor_count, uniqIf(user_id, user_id != '') AS user_count`;
const NO_TIME_ON_PAGE = 'toFloat64(0) AS time_on_page_sum, toUInt64(0) AS time_on_page_count';
const NO_SESSION_VALUES =
  'toUInt64(0) AS session_count, toUInt64(0) AS bounce_count, toFloat64(0) AS duration_sum, toUInt64(0) AS session_view_count';
const NO_PAGE_VALUES =
  'toUInt64(0) AS view_count, toUInt64(0) AS visitor_count, toUInt64(0) AS user_count, toFloat64(0) AS time_on_page_sum, ' +
  'toUInt64(0) AS time_on_page_count';
const SESSION_VALUES =
  "count() AS session_count, countIf(views = 1) AS bounce_count, sum(dateDiff('millisecond', started, ended)) / 1000 AS duration_sum, " +
  'sum(views) AS session_view_count';
const SESSIONS_TABLE =
  'SELECT project_id, session_id, min(first_seen) AS started, max(last_seen) AS ended, sum(page_views) AS views, ' +
  'any(release) AS release, any(environment) AS environment, any(browser_name) AS browser_name, ' +
  'any(os_name) AS os_name, any(device_type) AS device_type, any(country) AS country FROM sessions ' +
  'WHERE project_id = {p0:String} AND session_date >= toDate(fromUnixTimestamp64Milli({p1:Int64})) - 1 ' +
  'AND session_date <= toDate(fromUnixTimestamp64Milli({p2:Int64})) GROUP BY project_id, session_id';
const ALL_METRICS = [
  'sum(view_count) AS page_views',
  'sum(visitor_count) AS visitors',
  'sum(user_count) AS users',
  'sum(session_count) AS sessions',
  'sum(bounce_count) / nullIf(sum(session_count), 0) AS bounce_rate',
  'sum(duration_sum) / nullIf(sum(session_count), 0) AS session_duration',
  'sum(session_view_count) / nullIf(sum(session_count), 0) AS views_per_session',
  'sum(time_on_page_sum) / nullIf(sum(time_on_page_count), 0) AS time_on_page',
].join(', ');
const NEXT_VIEW =
  'leadInFrame(toNullable(timestamp)) OVER (PARTITION BY session_id ORDER BY timestamp ROWS BETWEEN CURRENT ROW AND 1 FOLLOWING)';

describe('buildWebAnalyticsSql', () => {
  it.each<[string, Partial<WebAnalyticsQuery>, string | undefined, string, Record<string, unknown>]>([
    [
      'page views and visitors in total: page_views only',
      { view: 'total', groupBy: ['route'] },
      undefined,
      'SELECT sum(view_count) AS page_views, sum(visitor_count) AS visitors FROM (' +
        `SELECT ${PAGE_VALUES}, ${NO_TIME_ON_PAGE} FROM page_views WHERE ${range(0)} AND is_bot = 0)`,
      { p0: 'shop', p1: FROM, p2: TO },
    ],
    [
      'session metrics per browser from the sessions pre-aggregate, filtered after merging each session',
      {
        view: 'table',
        metrics: ['sessions', 'bounce_rate'],
        groupBy: ['browser'],
        filters: { country: ['DE'] },
      },
      'sessions',
      'SELECT browser, sum(session_count) AS sessions, sum(bounce_count) / nullIf(sum(session_count), 0) AS bounce_rate ' +
        `FROM (SELECT browser_name AS browser, ${SESSION_VALUES} FROM (${SESSIONS_TABLE}) ` +
        `WHERE ${range(3, 'started')} AND country IN {p6:Array(String)} AND views > 0 GROUP BY browser) ` +
        'GROUP BY browser ORDER BY sessions DESC, browser LIMIT {p7:UInt32}',
      { p0: 'shop', p1: FROM, p2: TO, p3: 'shop', p4: FROM, p5: TO, p6: ['DE'], p7: 100 },
    ],
    [
      'page and session metrics per route over time: sessions from page views, under their entry route',
      { metrics: ['page_views', 'sessions'], groupBy: ['route'], intervalMs: 3_600_000, limit: 10 },
      'page_views',
      'SELECT * FROM (SELECT *, dense_rank() OVER (ORDER BY series_weight DESC, route) AS series_rank FROM (SELECT *, ' +
        'sum(series_volume) OVER (PARTITION BY route) AS series_weight FROM (' +
        'SELECT time, route, sum(view_count) AS page_views, sum(session_count) AS sessions, sum(view_count) AS series_volume FROM (' +
        `SELECT ${bucket('timestamp', 3)} AS time, route, ${PAGE_VALUES}, ${NO_TIME_ON_PAGE}, ${NO_SESSION_VALUES} ` +
        `FROM page_views WHERE ${range(0)} AND is_bot = 0 GROUP BY time, route UNION ALL ` +
        `SELECT ${bucket('started', 7)} AS time, session_route AS route, ${NO_PAGE_VALUES}, ${SESSION_VALUES} FROM (` +
        'SELECT session_id, min(timestamp) AS started, max(timestamp) AS ended, count() AS views, ' +
        `argMin(route, timestamp) AS session_route FROM page_views WHERE ${range(4)} AND is_bot = 0 ` +
        "AND session_id != '' GROUP BY session_id) GROUP BY time, route) GROUP BY time, route))) " +
        'WHERE series_rank <= {p8:UInt32} ORDER BY time',
      { p0: 'shop', p1: FROM, p2: TO, p3: 3600, p4: 'shop', p5: FROM, p6: TO, p7: 3600, p8: 10 },
    ],
    [
      'time on page per session (no buckets, session-level group and filter): spans, not a window',
      {
        view: 'table',
        metrics: ['time_on_page'],
        groupBy: ['browser'],
        filters: { country: ['DE'] },
        limit: 10,
      },
      undefined,
      'SELECT browser, sum(time_on_page_sum) / nullIf(sum(time_on_page_count), 0) AS time_on_page FROM (' +
        'SELECT browser_name AS browser, toUInt64(0) AS view_count, toUInt64(0) AS visitor_count, toUInt64(0) AS user_count, ' +
        'sum(span) AS time_on_page_sum, sum(gaps) AS time_on_page_count FROM (SELECT session_id, ' +
        "any(browser_name) AS browser_name, dateDiff('millisecond', min(timestamp), max(timestamp)) / 1000 AS span, " +
        `toUInt64(count() - 1) AS gaps FROM page_views WHERE ${range(0)} AND is_bot = 0 AND country IN {p3:Array(String)} ` +
        "AND session_id != '' GROUP BY session_id) GROUP BY browser) GROUP BY browser " +
        'ORDER BY time_on_page DESC, browser LIMIT {p4:UInt32}',
      { p0: 'shop', p1: FROM, p2: TO, p3: ['DE'], p4: 10 },
    ],
    [
      'every metric with bots: raw sessions, time on page from the next page view before filtering',
      {
        view: 'total',
        metrics: [
          'page_views',
          'visitors',
          'users',
          'sessions',
          'bounce_rate',
          'session_duration',
          'views_per_session',
          'time_on_page',
        ],
        includeBots: true,
        exclude: { route: ['/admin'] },
      },
      'page_views',
      `SELECT ${ALL_METRICS} FROM (SELECT ${PAGE_VALUES}, sum(time_on_page) AS time_on_page_sum, ` +
        `count(time_on_page) AS time_on_page_count, ${NO_SESSION_VALUES} FROM (SELECT project_id, timestamp, is_bot, session_id, user_id, visitor_id, visitor_hash, release, environment, route, browser_name, os_name, device_type, country, if(session_id = '', NULL, ` +
        `dateDiff('millisecond', timestamp, ${NEXT_VIEW}) / 1000) AS time_on_page FROM page_views WHERE ${range(0)}) ` +
        `WHERE ${range(3)} AND route NOT IN {p6:Array(String)} UNION ALL SELECT ${NO_PAGE_VALUES}, ${SESSION_VALUES} FROM (` +
        `SELECT session_id, min(timestamp) AS started, max(timestamp) AS ended, count() AS views FROM page_views ` +
        `WHERE ${range(7)} AND route NOT IN {p10:Array(String)} AND session_id != '' GROUP BY session_id))`,
      {
        p0: 'shop',
        p1: FROM,
        p2: TO,
        p3: 'shop',
        p4: FROM,
        p5: TO,
        p6: ['/admin'],
        p7: 'shop',
        p8: FROM,
        p9: TO,
        p10: ['/admin'],
      },
    ],
    [
      'sessions over time from the pre-aggregate, bucketed by session start',
      { metrics: ['sessions', 'session_duration'], intervalMs: 86_400_000 },
      'sessions',
      'SELECT time, sum(session_count) AS sessions, sum(duration_sum) / nullIf(sum(session_count), 0) AS session_duration ' +
        `FROM (SELECT ${bucket('started', 6)} AS time, ${SESSION_VALUES} FROM (${SESSIONS_TABLE}) ` +
        `WHERE ${range(3, 'started')} AND views > 0 GROUP BY time) GROUP BY time ORDER BY time`,
      { p0: 'shop', p1: FROM, p2: TO, p3: 'shop', p4: FROM, p5: TO, p6: 86400 },
    ],
  ])('%s', (_, q, sessionSource, sql, params) => {
    const built = buildWebAnalyticsSql(query(q));
    expect(built.sessionSource).toBe(sessionSource);
    expect(built.sql).toBe(sql);
    expect(built.params).toEqual(params);
  });

  it.each<[string, Partial<WebAnalyticsQuery>]>([
    ['a route filter', { filters: { route: ['/'] } }],
    ['a URL prefix', { exclude: { urlPrefix: ['https://shop.example/admin'] } }],
    ['a user filter', { filters: { user: ['u1'] } }],
    ['grouping by URL', { groupBy: ['url'] }],
    ['bots', { includeBots: true }],
  ])('computes sessions from page views for %s', (_, q) => {
    expect(buildWebAnalyticsSql(query({ metrics: ['sessions'], ...q })).sessionSource).toBe('page_views');
  });
});
