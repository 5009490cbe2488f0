import { baseQuery } from '../../testkit';
import { buildLongTasksSql, type LongTasksQuery } from './long-tasks-sql';

const base = baseQuery({ project: 'p1', from: 1_000_000, to: 4_600_000 });
const where = (n: number) =>
  `project_id = {p${n}:String} AND timestamp >= fromUnixTimestamp64Milli({p${n + 1}:Int64})` +
  ` AND timestamp < fromUnixTimestamp64Milli({p${n + 2}:Int64}) AND is_bot = 0`;
const MEASURES =
  'count() AS count, sum(blocking_duration_ms) AS total_blocking_ms,' +
  ' quantileTDigest(0.75)(duration_ms) AS p75_ms, quantileTDigest(0.95)(duration_ms) AS p95_ms';
const BUCKET = 'toUnixTimestamp(toStartOfInterval(timestamp, toIntervalSecond({p0:UInt32}))) * 1000 AS time';

const cases: Array<{
  name: string;
  query: Partial<LongTasksQuery>;
  sql: string;
  params: Record<string, unknown>;
}> = [
  {
    name: 'a time series',
    query: { view: 'timeseries' },
    sql: `SELECT ${BUCKET}, ${MEASURES} FROM long_tasks WHERE ${where(1)} GROUP BY time ORDER BY time`,
    params: { p0: 60, p1: 'p1', p2: 1_000_000, p3: 4_600_000 },
  },
  {
    name: 'a time series per group-by value, filtered',
    query: { view: 'timeseries', groupBy: ['route', 'device'], filters: { release: ['2.0'] } },
    sql:
      `SELECT ${BUCKET}, route, device_type AS device, ${MEASURES} FROM long_tasks` +
      ` WHERE ${where(1)} AND release IN {p4:Array(String)} GROUP BY time, route, device ORDER BY time, route, device`,
    params: { p0: 60, p1: 'p1', p2: 1_000_000, p3: 4_600_000, p4: ['2.0'] },
  },
  {
    name: 'a table without group-by is one total row',
    query: { view: 'table' },
    sql: `SELECT ${MEASURES} FROM long_tasks WHERE ${where(0)} ORDER BY total_blocking_ms DESC LIMIT {p3:UInt32}`,
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 100 },
  },
  {
    name: 'a table by group-by, worst blocking first',
    query: { view: 'table', groupBy: ['route'], limit: 5 },
    sql:
      `SELECT route, ${MEASURES} FROM long_tasks WHERE ${where(0)} GROUP BY route` +
      ' ORDER BY total_blocking_ms DESC, route LIMIT {p3:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 5 },
  },
  {
    name: 'scripts by total blocking time',
    query: { view: 'by_script', exclude: { urlPrefix: ['https://admin.'] } },
    sql:
      `SELECT script_url, invoker, ${MEASURES} FROM long_tasks WHERE ${where(0)}` +
      ' AND NOT arrayExists(prefix -> startsWith(url, prefix), {p3:Array(String)}) GROUP BY script_url, invoker' +
      ' ORDER BY total_blocking_ms DESC, script_url, invoker LIMIT {p4:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: ['https://admin.'], p4: 100 },
  },
  {
    name: 'scripts per group-by value, with bots',
    query: { view: 'by_script', groupBy: ['browser'], includeBots: true },
    sql:
      `SELECT browser_name AS browser, script_url, invoker, ${MEASURES} FROM long_tasks` +
      ' WHERE project_id = {p0:String} AND timestamp >= fromUnixTimestamp64Milli({p1:Int64})' +
      ' AND timestamp < fromUnixTimestamp64Milli({p2:Int64}) GROUP BY browser, script_url, invoker' +
      ' ORDER BY total_blocking_ms DESC, browser, script_url, invoker LIMIT {p3:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 100 },
  },
];

describe('buildLongTasksSql', () => {
  test.each(cases)('$name', ({ query, sql, params }) => {
    const built = buildLongTasksSql({ ...base, view: 'timeseries', ...query }, 60);
    expect(built.sql).toBe(sql);
    expect(built.params).toEqual(params);
  });
});
