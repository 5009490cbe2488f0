import { baseQuery } from '../../testkit';
import { buildWebVitalsSql, type WebVitalsQuery } from './web-vitals-sql';

const FROM = 1_700_000_000_000;
const TO = FROM + 86_400_000;
const base = baseQuery({ project: 'shop', from: FROM, to: TO });
// INP: the load metrics (LCP, FCP, TTFB) add a default navigation-type condition, tested apart.
const query = (q: Partial<WebVitalsQuery>): WebVitalsQuery => ({
  ...base,
  metric: 'INP',
  percentiles: [75],
  view: 'timeseries',
  ...q,
});

const LEVELS = '0.5, 0.75, 0.9, 0.95, 0.99';
const PRE_AGGREGATES =
  `quantilesTDigestMerge(${LEVELS})(value_quantiles) AS quantiles, sum(samples) AS sample_count, sum(good) AS good_count, ` +
  'sum(needs_improvement) AS needs_improvement_count, sum(poor) AS poor_count';
const RAW_AGGREGATES =
  `quantilesTDigest(${LEVELS})(value) AS quantiles, count() AS sample_count, countIf(rating = 'good') AS good_count, ` +
  "countIf(rating = 'needs-improvement') AS needs_improvement_count, countIf(rating = 'poor') AS poor_count";
const SHARES =
  'sample_count AS samples, good_count / sample_count AS good_share, ' +
  'needs_improvement_count / sample_count AS needs_improvement_share, poor_count / sample_count AS poor_share';
const PRE_RANGE =
  'project_id = {p0:String} AND minute >= fromUnixTimestamp64Milli({p1:Int64}) AND minute < fromUnixTimestamp64Milli({p2:Int64})';
const RAW_RANGE =
  'project_id = {p0:String} AND timestamp >= fromUnixTimestamp64Milli({p1:Int64}) AND timestamp < fromUnixTimestamp64Milli({p2:Int64})';
const bucket = (column: string, n: number) =>
  `toUnixTimestamp(toStartOfInterval(${column}, toIntervalSecond({p${n}:UInt32}))) * 1000`;

describe('buildWebVitalsSql', () => {
  it.each<[string, Partial<WebVitalsQuery>, string, string, Record<string, unknown>]>([
    [
      'a time series from the 1-minute pre-aggregate',
      { intervalMs: 3_600_000 },
      'web_vitals_1m',
      `SELECT time, quantiles[2] AS p75, ${SHARES} FROM (SELECT ${bucket('minute', 4)} AS time, ${PRE_AGGREGATES} ` +
        `FROM web_vitals_1m WHERE ${PRE_RANGE} AND name = {p3:String} GROUP BY time) ORDER BY time`,
      { p0: 'shop', p1: FROM, p2: TO, p3: 'INP', p4: 3600 },
    ],
    [
      'a table per group from the pre-aggregate, with filters, exclusions and percentiles in order',
      {
        view: 'table',
        metric: 'INP',
        percentiles: [95, 50, 95],
        groupBy: ['route', 'browser'],
        filters: { release: ['1.2.0'] },
        exclude: { country: ['FR', 'BE'] },
        limit: 20,
      },
      'web_vitals_1m',
      `SELECT route, browser, quantiles[1] AS p50, quantiles[4] AS p95, ${SHARES} FROM (SELECT route, browser_name AS browser, ` +
        `${PRE_AGGREGATES} FROM web_vitals_1m WHERE ${PRE_RANGE} AND release IN {p3:Array(String)} ` +
        'AND country NOT IN {p4:Array(String)} AND name = {p5:String} GROUP BY route, browser) ' +
        'ORDER BY samples DESC, route, browser LIMIT {p6:UInt32}',
      { p0: 'shop', p1: FROM, p2: TO, p3: ['1.2.0'], p4: ['FR', 'BE'], p5: 'INP', p6: 20 },
    ],
    [
      'raw rows for a dimension the pre-aggregate lacks (os), the top series by samples',
      { groupBy: ['os'], intervalMs: 300_000, limit: 5 },
      'web_vitals',
      'SELECT * FROM (SELECT *, dense_rank() OVER (ORDER BY series_weight DESC, os) AS series_rank FROM (SELECT *, ' +
        'sum(samples) OVER (PARTITION BY os) AS series_weight FROM (' +
        `SELECT time, os, quantiles[2] AS p75, ${SHARES} FROM (SELECT ${bucket('timestamp', 4)} AS time, os_name AS os, ` +
        `${RAW_AGGREGATES} FROM web_vitals WHERE ${RAW_RANGE} AND is_bot = 0 AND name = {p3:String} GROUP BY time, os)))) ` +
        'WHERE series_rank <= {p5:UInt32} ORDER BY time',
      { p0: 'shop', p1: FROM, p2: TO, p3: 'INP', p4: 300, p5: 5 },
    ],
    [
      'raw rows with bots: the pre-aggregate has none; one row only when there are samples',
      { view: 'table', includeBots: true, metric: 'CLS', percentiles: [99] },
      'web_vitals',
      `SELECT quantiles[5] AS p99, ${SHARES} FROM (SELECT ${RAW_AGGREGATES} FROM web_vitals WHERE ${RAW_RANGE} ` +
        'AND name = {p3:String} HAVING sample_count > 0) ORDER BY samples DESC LIMIT {p4:UInt32}',
      { p0: 'shop', p1: FROM, p2: TO, p3: 'CLS', p4: 100 },
    ],
    [
      'raw rows for buckets shorter than a minute',
      { intervalMs: 30_000, to: FROM + 3_600_000 },
      'web_vitals',
      `SELECT time, quantiles[2] AS p75, ${SHARES} FROM (SELECT ${bucket('timestamp', 4)} AS time, ${RAW_AGGREGATES} ` +
        `FROM web_vitals WHERE ${RAW_RANGE} AND is_bot = 0 AND name = {p3:String} GROUP BY time) ORDER BY time`,
      { p0: 'shop', p1: FROM, p2: FROM + 3_600_000, p3: 'INP', p4: 30 },
    ],
    [
      'raw rows for a URL prefix or a session filter',
      { view: 'table', filters: { urlPrefix: ['https://shop.example/cart'] }, exclude: { session: ['s1'] } },
      'web_vitals',
      `SELECT quantiles[2] AS p75, ${SHARES} FROM (SELECT ${RAW_AGGREGATES} FROM web_vitals WHERE ${RAW_RANGE} ` +
        'AND is_bot = 0 AND arrayExists(prefix -> startsWith(url, prefix), {p3:Array(String)}) ' +
        'AND session_id NOT IN {p4:Array(String)} AND name = {p5:String} HAVING sample_count > 0) ' +
        'ORDER BY samples DESC LIMIT {p6:UInt32}',
      { p0: 'shop', p1: FROM, p2: TO, p3: ['https://shop.example/cart'], p4: ['s1'], p5: 'INP', p6: 100 },
    ],
    [
      'by navigation type from the pre-aggregate (0013), soft navigations left out',
      {
        view: 'table',
        metric: 'LCP',
        groupBy: ['navigationType', 'route'],
        filters: { navigationType: ['navigate', 'reload'] },
        exclude: { navigationType: ['soft-navigation'], country: ['FR'] },
      },
      'web_vitals_1m',
      `SELECT navigationType, route, quantiles[2] AS p75, ${SHARES} FROM (SELECT navigation_type AS navigationType, ` +
        `route, ${PRE_AGGREGATES} FROM web_vitals_1m WHERE ${PRE_RANGE} AND country NOT IN {p3:Array(String)} ` +
        'AND navigation_type IN {p4:Array(String)} AND navigation_type NOT IN {p5:Array(String)} ' +
        'AND name = {p6:String} GROUP BY navigationType, route) ORDER BY samples DESC, navigationType, route ' +
        'LIMIT {p7:UInt32}',
      {
        p0: 'shop',
        p1: FROM,
        p2: TO,
        p3: ['FR'],
        p4: ['navigate', 'reload'],
        p5: ['soft-navigation'],
        p6: 'LCP',
        p7: 100,
      },
    ],
    ...(['LCP', 'FCP', 'TTFB'] as const).map(
      (metric): [string, Partial<WebVitalsQuery>, string, string, Record<string, unknown>] => [
        `${metric} asked nothing about navigation types: hard loads only (soft navigations left out)`,
        { view: 'table', metric },
        'web_vitals_1m',
        `SELECT quantiles[2] AS p75, ${SHARES} FROM (SELECT ${PRE_AGGREGATES} FROM web_vitals_1m WHERE ${PRE_RANGE} ` +
          'AND navigation_type NOT IN {p3:Array(String)} AND name = {p4:String} HAVING sample_count > 0) ' +
          'ORDER BY samples DESC LIMIT {p5:UInt32}',
        { p0: 'shop', p1: FROM, p2: TO, p3: ['soft-navigation'], p4: metric, p5: 100 },
      ],
    ),
  ])('%s', (_, q, source, sql, params) => {
    const built = buildWebVitalsSql(query(q));
    expect(built.source).toBe(source);
    expect(built.sql).toBe(sql);
    expect(built.params).toEqual(params);
  });

  it('chooses the bucket width from the range and maxDataPoints when no interval is given', () => {
    // One day over 1000 points is 86.4 s, rounded up to the next nice width: 2 minutes.
    expect(buildWebVitalsSql(query({})).intervalSeconds).toBe(120);
    expect(buildWebVitalsSql(query({ view: 'table' })).intervalSeconds).toBeUndefined();
  });
});
