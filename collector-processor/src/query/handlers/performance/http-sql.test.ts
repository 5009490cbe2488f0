import { baseQuery } from '../../testkit';
import { buildHttpSql, type HttpQuery } from './http-sql';

const base = baseQuery({ project: 'p1', from: 1_000_000, to: 4_600_000 });
const range = { p: 'p1', from: 1_000_000, to: 4_600_000 };

/** The shared WHERE start with its placeholders numbered from `n`. */
const where = (n: number, time = 'timestamp', bots = true) =>
  `project_id = {p${n}:String} AND ${time} >= fromUnixTimestamp64Milli({p${n + 1}:Int64})` +
  ` AND ${time} < fromUnixTimestamp64Milli({p${n + 2}:Int64})${bots ? ' AND is_bot = 0' : ''}`;

const PRE =
  'sum(requests) AS requests, sum(failures) AS failures, quantilesTDigestMerge(0.5, 0.75, 0.9, 0.95, 0.99)(duration_quantiles) AS q';
const RAW =
  'count() AS requests, countIf(status_code = 0 OR status_code >= 500) AS failures, quantilesTDigest(0.5, 0.75, 0.9, 0.95, 0.99)(duration_ms) AS q';
const MEASURES = 'requests, failures / requests AS error_rate, q[1] AS p50_ms, q[4] AS p95_ms';
const ENDPOINT = 'method, server_address, url_template';

const cases: Array<{
  name: string;
  query: Partial<HttpQuery>;
  intervalSec?: number;
  source: string;
  sql: string;
  params: Record<string, unknown>;
}> = [
  {
    name: 'endpoints from the pre-aggregate',
    query: { view: 'endpoints' },
    source: 'http_requests_1m',
    sql:
      `SELECT ${ENDPOINT}, ${MEASURES} FROM (SELECT ${ENDPOINT}, ${PRE} FROM http_requests_1m` +
      ` WHERE ${where(0, 'minute', false)} GROUP BY ${ENDPOINT})` +
      ` ORDER BY requests DESC, ${ENDPOINT} LIMIT {p3:UInt32}`,
    params: { p0: range.p, p1: range.from, p2: range.to, p3: 100 },
  },
  {
    name: 'endpoints from the pre-aggregate with its columns as group-by, filters and endpoint filters',
    query: {
      view: 'endpoints',
      groupBy: ['browser', 'release'],
      exclude: { country: ['FR'] },
      methods: ['GET', 'POST'],
      urlTemplates: ['/cart'],
      limit: 10,
    },
    source: 'http_requests_1m',
    sql:
      `SELECT browser, release, ${ENDPOINT}, ${MEASURES} FROM (SELECT browser_name AS browser, release, ${ENDPOINT}, ${PRE}` +
      ` FROM http_requests_1m WHERE ${where(0, 'minute', false)} AND country NOT IN {p3:Array(String)}` +
      ` AND method IN {p4:Array(String)} AND url_template IN {p5:Array(String)} GROUP BY browser, release, ${ENDPOINT})` +
      ` ORDER BY requests DESC, browser, release, ${ENDPOINT} LIMIT {p6:UInt32}`,
    params: {
      p0: range.p,
      p1: range.from,
      p2: range.to,
      p3: ['FR'],
      p4: ['GET', 'POST'],
      p5: ['/cart'],
      p6: 10,
    },
  },
  {
    name: 'endpoints from the raw table when a filter is not a pre-aggregate column',
    query: { view: 'endpoints', filters: { route: ['/a'] } },
    source: 'http_requests',
    sql:
      `SELECT ${ENDPOINT}, ${MEASURES} FROM (SELECT ${ENDPOINT}, ${RAW} FROM http_requests` +
      ` WHERE ${where(0)} AND route IN {p3:Array(String)} GROUP BY ${ENDPOINT})` +
      ` ORDER BY requests DESC, ${ENDPOINT} LIMIT {p4:UInt32}`,
    params: { p0: range.p, p1: range.from, p2: range.to, p3: ['/a'], p4: 100 },
  },
  {
    name: 'endpoints with bots from the raw table (the pre-aggregate has none)',
    query: { view: 'endpoints', includeBots: true },
    source: 'http_requests',
    sql:
      `SELECT ${ENDPOINT}, ${MEASURES} FROM (SELECT ${ENDPOINT}, ${RAW} FROM http_requests` +
      ` WHERE ${where(0, 'timestamp', false)} GROUP BY ${ENDPOINT})` +
      ` ORDER BY requests DESC, ${ENDPOINT} LIMIT {p3:UInt32}`,
    params: { p0: range.p, p1: range.from, p2: range.to, p3: 100 },
  },
  {
    name: 'a time series in whole minutes from the pre-aggregate',
    query: { view: 'timeseries' },
    intervalSec: 300,
    source: 'http_requests_1m',
    sql:
      `SELECT time, ${MEASURES} FROM (SELECT toUnixTimestamp(toStartOfInterval(minute, toIntervalSecond({p0:UInt32}))) * 1000 AS time,` +
      ` ${PRE} FROM http_requests_1m WHERE ${where(1, 'minute', false)} GROUP BY time) ORDER BY time`,
    params: { p0: 300, p1: range.p, p2: range.from, p3: range.to },
  },
  {
    name: 'a time series finer than a minute, grouped, from the raw table',
    query: { view: 'timeseries', groupBy: ['country'], urlTemplates: ['/cart'] },
    intervalSec: 30,
    source: 'http_requests',
    sql:
      `SELECT time, country, ${MEASURES} FROM (SELECT toUnixTimestamp(toStartOfInterval(timestamp, toIntervalSecond({p0:UInt32}))) * 1000 AS time,` +
      ` country, ${RAW} FROM http_requests WHERE ${where(1)} AND url_template IN {p4:Array(String)}` +
      ' GROUP BY time, country) ORDER BY time, country',
    params: { p0: 30, p1: range.p, p2: range.from, p3: range.to, p4: ['/cart'] },
  },
  {
    name: 'status codes always from the raw table, with each share of its endpoint',
    query: { view: 'status_codes', methods: ['GET'] },
    source: 'http_requests',
    sql:
      `SELECT ${ENDPOINT}, status_code, count() AS count, count() / sum(count()) OVER (PARTITION BY ${ENDPOINT}) AS share` +
      ` FROM http_requests WHERE ${where(0)} AND method IN {p3:Array(String)} GROUP BY ${ENDPOINT}, status_code` +
      ` ORDER BY count DESC, ${ENDPOINT}, status_code LIMIT {p4:UInt32}`,
    params: { p0: range.p, p1: range.from, p2: range.to, p3: ['GET'], p4: 100 },
  },
  {
    name: 'status codes per group-by value',
    query: { view: 'status_codes', groupBy: ['os'] },
    source: 'http_requests',
    sql:
      `SELECT os_name AS os, ${ENDPOINT}, status_code, count() AS count,` +
      ` count() / sum(count()) OVER (PARTITION BY os, ${ENDPOINT}) AS share` +
      ` FROM http_requests WHERE ${where(0)} GROUP BY os, ${ENDPOINT}, status_code` +
      ` ORDER BY count DESC, os, ${ENDPOINT}, status_code LIMIT {p3:UInt32}`,
    params: { p0: range.p, p1: range.from, p2: range.to, p3: 100 },
  },
];

describe('buildHttpSql', () => {
  test.each(cases)('$name', ({ query, intervalSec, source, sql, params }) => {
    const built = buildHttpSql({ ...base, view: 'endpoints', ...query }, intervalSec ?? 60);
    expect(built.sql).toBe(sql);
    expect(built.params).toEqual(params);
    expect(built.source).toBe(source);
  });
});
