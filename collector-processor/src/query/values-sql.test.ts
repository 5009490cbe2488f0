import { buildValuesSql, DEFAULT_VALUES_RANGE_MS, missingForKind, valuesRange } from './values-sql';
import type { ValueKind } from './values';

const WHERE =
  'project_id = {p0:String} AND timestamp >= fromUnixTimestamp64Milli({p1:Int64})' +
  ' AND timestamp < fromUnixTimestamp64Milli({p2:Int64}) AND is_bot = 0';
const range = { from: 1_000_000, to: 4_600_000 };

const column = (kind: ValueKind, column: string, table = 'page_views') => ({
  name: `${kind} from ${table}.${column}`,
  kind,
  query: {},
  sql:
    `SELECT ${column} AS value, count() AS count FROM ${table} WHERE ${WHERE}` +
    " GROUP BY value HAVING value != '' ORDER BY count DESC, value LIMIT {p3:UInt32}",
  params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 100 },
});

const cases: Array<{
  name: string;
  kind: ValueKind;
  query: { search?: string; limit?: number; event?: string; key?: string };
  sql: string;
  params: Record<string, unknown>;
}> = [
  column('releases', 'release'),
  column('environments', 'environment'),
  column('routes', 'route'),
  column('browsers', 'browser_name'),
  column('os', 'os_name'),
  column('devices', 'device_type'),
  column('countries', 'country'),
  column('event_names', 'name', 'custom_events'),
  {
    name: 'a case-insensitive substring search and a limit',
    kind: 'releases',
    query: { search: 'Beta', limit: 5 },
    sql:
      `SELECT release AS value, count() AS count FROM page_views WHERE ${WHERE}` +
      " GROUP BY value HAVING value != '' AND positionCaseInsensitiveUTF8(value, {p3:String}) > 0" +
      ' ORDER BY count DESC, value LIMIT {p4:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 'Beta', p4: 5 },
  },
  {
    name: 'property keys of every event',
    kind: 'property_keys',
    query: {},
    sql:
      `SELECT arrayJoin(mapKeys(properties)) AS value, count() AS count FROM custom_events WHERE ${WHERE}` +
      " GROUP BY value HAVING value != '' ORDER BY count DESC, value LIMIT {p3:UInt32}",
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 100 },
  },
  {
    name: 'property keys of one event',
    kind: 'property_keys',
    query: { event: 'checkout', search: 'pl' },
    sql:
      `SELECT arrayJoin(mapKeys(properties)) AS value, count() AS count FROM custom_events WHERE ${WHERE}` +
      " AND name = {p3:String} GROUP BY value HAVING value != '' AND positionCaseInsensitiveUTF8(value, {p4:String}) > 0" +
      ' ORDER BY count DESC, value LIMIT {p5:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 'checkout', p4: 'pl', p5: 100 },
  },
  {
    name: 'values of one property, of one event',
    kind: 'property_values',
    query: { key: 'plan', event: 'checkout' },
    sql:
      `SELECT properties[{p3:String}] AS value, count() AS count FROM custom_events WHERE ${WHERE}` +
      " AND mapContains(properties, {p3:String}) AND name = {p4:String} GROUP BY value HAVING value != ''" +
      ' ORDER BY count DESC, value LIMIT {p5:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 'plan', p4: 'checkout', p5: 100 },
  },
  {
    name: 'the event narrows only property kinds',
    kind: 'routes',
    query: { event: 'checkout' },
    sql:
      `SELECT route AS value, count() AS count FROM page_views WHERE ${WHERE}` +
      " GROUP BY value HAVING value != '' ORDER BY count DESC, value LIMIT {p3:UInt32}",
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 100 },
  },
];

describe('buildValuesSql', () => {
  test.each(cases)('$name', ({ kind, query, sql, params }) => {
    const built = buildValuesSql('p1', kind, { limit: 100, ...range, ...query });
    expect(built.sql).toBe(sql);
    expect(built.params).toEqual(params);
  });
});

describe('valuesRange', () => {
  const now = 10_000_000_000;
  test.each([
    { name: 'the last 7 days by default', q: {}, out: { from: now - DEFAULT_VALUES_RANGE_MS, to: now } },
    {
      name: '7 days before `to`',
      q: { to: 5_000_000_000 },
      out: { from: 5_000_000_000 - 7 * 86400_000, to: 5_000_000_000 },
    },
    { name: '`from` until now', q: { from: 9_000_000_000 }, out: { from: 9_000_000_000, to: now } },
    { name: 'from after to', q: { from: 2, to: 1 }, out: { error: 'from must be before to' } },
    {
      name: 'over 400 days',
      q: { from: 0, to: 401 * 86400_000 },
      out: { error: 'the time range is at most 400 days' },
    },
  ])('$name', ({ q, out }) => {
    expect(valuesRange(q, now)).toEqual(out);
  });
});

describe('missingForKind', () => {
  test('property_values needs a key', () => {
    expect(missingForKind('property_values', {})).toMatch(/needs key/);
    expect(missingForKind('property_values', { key: 'plan' })).toBeUndefined();
    expect(missingForKind('property_keys', {})).toBeUndefined();
  });
});
