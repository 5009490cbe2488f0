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
];

describe('buildCustomEventsSql', () => {
  test.each(cases)('$name', ({ query, sql, params }) => {
    const built = buildCustomEventsSql({ ...base, view: 'timeseries', ...query }, 60);
    expect(built.sql).toBe(sql);
    expect(built.params).toEqual(params);
  });
});
