import { baseQuery } from '../../testkit';
import { buildResourcesSql, type ResourcesQuery } from './resources-sql';

const base = baseQuery({ project: 'p1', from: 1_000_000, to: 4_600_000 });
const WHERE =
  'project_id = {p0:String} AND timestamp >= fromUnixTimestamp64Milli({p1:Int64})' +
  ' AND timestamp < fromUnixTimestamp64Milli({p2:Int64}) AND is_bot = 0';
const MEASURES =
  'count() AS count, avg(duration_ms) AS avg_duration_ms, quantileTDigest(0.95)(duration_ms) AS p95_duration_ms,' +
  ' avg(transfer_size) AS avg_transfer_size, sum(transfer_size) AS total_transfer_size,' +
  ' countIf(transfer_size = 0 AND decoded_body_size > 0) / count() AS cache_hit_share';

const cases: Array<{
  name: string;
  query: Partial<ResourcesQuery>;
  sql: string;
  params: Record<string, unknown>;
}> = [
  {
    name: 'per resource type',
    query: { view: 'by_type' },
    sql:
      `SELECT resource_type, ${MEASURES} FROM resources WHERE ${WHERE}` +
      ' GROUP BY resource_type ORDER BY count DESC, resource_type LIMIT {p3:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 100 },
  },
  {
    name: 'per resource type and group-by value, some types only',
    query: {
      view: 'by_type',
      groupBy: ['route'],
      resourceTypes: ['script', 'css'],
      filters: { device: ['mobile'] },
    },
    sql:
      `SELECT route, resource_type, ${MEASURES} FROM resources WHERE ${WHERE}` +
      ' AND device_type IN {p3:Array(String)} AND resource_type IN {p4:Array(String)}' +
      ' GROUP BY route, resource_type ORDER BY count DESC, route, resource_type LIMIT {p5:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: ['mobile'], p4: ['script', 'css'], p5: 100 },
  },
  {
    name: 'the most requested URLs',
    query: { view: 'top_urls', limit: 20 },
    sql:
      `SELECT resource_type, resource_url, ${MEASURES} FROM resources WHERE ${WHERE}` +
      ' GROUP BY resource_type, resource_url ORDER BY count DESC, resource_type, resource_url LIMIT {p3:UInt32}',
    params: { p0: 'p1', p1: 1_000_000, p2: 4_600_000, p3: 20 },
  },
];

describe('buildResourcesSql', () => {
  test.each(cases)('$name', ({ query, sql, params }) => {
    const built = buildResourcesSql({ ...base, view: 'by_type', ...query });
    expect(built.sql).toBe(sql);
    expect(built.params).toEqual(params);
  });
});
