import { baseQuery } from '../../testkit';
import { buildCustomEventsSql, type CustomEventsQuery } from './custom-events-sql';

const base = baseQuery({ project: 'p1', from: 1_000_000, to: 4_600_000 });
const where = (n: number) =>
  `project_id = {p${n}:String} AND timestamp >= fromUnixTimestamp64Milli({p${n + 1}:Int64})` +
  ` AND timestamp < fromUnixTimestamp64Milli({p${n + 2}:Int64}) AND is_bot = 0`;
const VISITOR = "if(user_id != '', user_id, if(visitor_id != '', visitor_id, visitor_hash))";
const USERS = `uniqIf(${VISITOR}, ${VISITOR} != '') AS users`;
const SESSIONS = "uniqIf(session_id, session_id != '') AS sessions";
const BUCKET = 'toUnixTimestamp(toStartOfInterval(timestamp, toIntervalSecond({p0:UInt32}))) * 1000 AS time';

const cases: Array<{
  name: string;
  query: Partial<CustomEventsQuery>;
  sql: string;
  params: Record<string, unknown>;
}> = [
  {
    name: 'counts over time, one series per name',
    query: { view: 'timeseries' },
    sql:
      `SELECT ${BUCKET}, name, count() AS count FROM custom_events WHERE ${where(1)}` +
      ' GROUP BY time, name ORDER BY time, name',
    params: { p0: 60, p1: 'p1', p2: 1_000_000, p3: 4_600_000 },
  },
  {
    name: 'counts over time for some names, per group-by value',
    query: { view: 'timeseries', names: ['signup', 'checkout'], groupBy: ['country'] },
    sql:
      `SELECT ${BUCKET}, name, country, count() AS count FROM custom_events WHERE ${where(1)}` +
      ' AND name IN {p4:Array(String)} GROUP BY time, name, country ORDER BY time, name, country',
    params: { p0: 60, p1: 'p1', p2: 1_000_000, p3: 4_600_000, p4: ['signup', 'checkout'] },
  },
  {
    name: 'count, users and sessions per name',
    query: { view: 'by_name', filters: { user: ['u1'] } },
    sql:
      `SELECT name, count() AS count, ${USERS}, ${SESSIONS} FROM custom_events WHERE ${where(0)}` +
      ' AND user_id IN {p3:Array(String)} GROUP BY name ORDER BY count DESC, name LIMIT {p4:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: ['u1'], p4: 100 },
  },
  {
    name: 'per name and group-by value',
    query: { view: 'by_name', groupBy: ['browser'], limit: 3 },
    sql:
      `SELECT browser_name AS browser, name, count() AS count, ${USERS}, ${SESSIONS} FROM custom_events` +
      ` WHERE ${where(0)} GROUP BY browser, name ORDER BY count DESC, browser, name LIMIT {p3:UInt32}`,
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 3 },
  },
  {
    name: 'values of one property among the events that carry it',
    query: { view: 'properties', propertyKey: 'plan', names: ['checkout'] },
    sql:
      `SELECT properties[{p4:String}] AS value, count() AS count, ${USERS} FROM custom_events WHERE ${where(0)}` +
      ' AND name IN {p3:Array(String)} AND mapContains(properties, {p4:String}) GROUP BY value' +
      ' ORDER BY count DESC, value LIMIT {p5:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: ['checkout'], p4: 'plan', p5: 100 },
  },
  {
    name: 'sum of a numeric property per name and group-by value',
    query: { view: 'measure', propertyKey: 'revenue', names: ['purchase'], groupBy: ['route'] },
    sql:
      `SELECT route, name, sum(properties_num[{p4:String}]) AS sum, count() AS count FROM custom_events` +
      ` WHERE ${where(0)} AND name IN {p3:Array(String)} AND mapContains(properties_num, {p4:String})` +
      ' GROUP BY route, name ORDER BY sum DESC, route, name LIMIT {p5:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: ['purchase'], p4: 'revenue', p5: 100 },
  },
  ...(
    [
      ['avg', 'avg'],
      ['min', 'min'],
      ['max', 'max'],
      ['p50', 'quantileExactInclusive(0.5)'],
      ['p75', 'quantileExactInclusive(0.75)'],
      ['p90', 'quantileExactInclusive(0.9)'],
      ['p95', 'quantileExactInclusive(0.95)'],
      ['p99', 'quantileExactInclusive(0.99)'],
    ] as const
  ).map(([aggregation, fn]) => ({
    name: `${aggregation} of a numeric property over the whole range`,
    query: { view: 'measure' as const, propertyKey: 'cart', aggregation },
    sql:
      `SELECT name, ${fn}(properties_num[{p3:String}]) AS ${aggregation}, count() AS count FROM custom_events` +
      ` WHERE ${where(0)} AND mapContains(properties_num, {p3:String})` +
      ` GROUP BY name ORDER BY ${aggregation} DESC, name LIMIT {p4:UInt32}`,
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 'cart', p4: 100 },
  })),
  {
    name: 'a numeric property over time, per name and group-by value',
    query: { view: 'measure_timeseries', propertyKey: 'cart', aggregation: 'p95', groupBy: ['release'] },
    sql:
      `SELECT ${BUCKET}, name, release, quantileExactInclusive(0.95)(properties_num[{p4:String}]) AS p95,` +
      ` count() AS count FROM custom_events WHERE ${where(1)} AND mapContains(properties_num, {p4:String})` +
      ' GROUP BY time, name, release ORDER BY time, name, release',
    params: { p0: 60, p1: 'p1', p2: 1_000_000, p3: 4_600_000, p4: 'cart' },
  },
  {
    name: 'a property name with SQL in it is a bound value',
    query: { view: 'measure', propertyKey: "x') OR 1=1 --" },
    sql:
      `SELECT name, sum(properties_num[{p3:String}]) AS sum, count() AS count FROM custom_events` +
      ` WHERE ${where(0)} AND mapContains(properties_num, {p3:String})` +
      ' GROUP BY name ORDER BY sum DESC, name LIMIT {p4:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: "x') OR 1=1 --", p4: 100 },
  },
];

describe('buildCustomEventsSql', () => {
  test.each(cases)('$name', ({ query, sql, params }) => {
    const built = buildCustomEventsSql({ ...base, view: 'timeseries', ...query }, 60);
    expect(built.sql).toBe(sql);
    expect(built.params).toEqual(params);
  });
});
