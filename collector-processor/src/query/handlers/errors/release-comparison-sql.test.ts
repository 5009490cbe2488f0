import {
  buildComparisonSql,
  buildGroupedVitalCountsSql,
  buildVitalRanksSql,
  comparisonDimensions,
  ReleaseComparisonQuery,
} from './release-comparison-sql';
import { releaseTrafficSql } from './release-traffic';

const base = {
  type: 'release_comparison',
  project: 'p1',
  from: 1_000,
  to: 2_000,
  baseRelease: '1.0',
  targetRelease: '1.1',
};
/** The query's filters without release, then the two releases. */
const WHERE =
  'project_id = {p0:String} AND timestamp >= fromUnixTimestamp64Milli({p1:Int64}) AND timestamp < fromUnixTimestamp64Milli({p2:Int64}) ' +
  'AND is_bot = 0 AND device_type IN {p3:Array(String)} AND release IN {p4:Array(String)}';
const PARAMS = { p0: 'p1', p1: 1_000, p2: 2_000, p3: ['mobile'], p4: ['1.0', '1.1'] };

describe('buildComparisonSql', () => {
  const sql = buildComparisonSql(
    ReleaseComparisonQuery.parse({
      ...base,
      filters: { device: 'mobile', release: '9.9' },
      exclude: { release: '1.0' },
      groupBy: ['browser'],
    }),
  );

  it.each([
    ['traffic', releaseTrafficSql(WHERE)],
    [
      'pageLoad',
      'SELECT release, count() AS samples, avg(toFloat64(load_ms)) AS mean, varSampStable(toFloat64(load_ms)) AS variance ' +
        `FROM page_views WHERE ${WHERE} AND is_soft_navigation = 0 AND load_ms > 0 GROUP BY release`,
    ],
    [
      'http',
      'SELECT release, count() AS requests, countIf(status_code = 0 OR status_code >= 500) AS failures ' +
        `FROM http_requests WHERE ${WHERE} GROUP BY release`,
    ],
    [
      'vitalCounts',
      `SELECT release, name, count() AS samples FROM web_vitals WHERE ${WHERE} AND name IN ('LCP', 'INP', 'CLS') AND NOT (name = 'LCP' AND navigation_type = 'soft-navigation') GROUP BY release, name`,
    ],
  ] as const)('%s reads the two releases with the other filters', (key, expected) => {
    expect(sql[key]).toEqual({ sql: expected, params: PARAMS });
  });

  it('reads the order statistics at the bound ranks', () => {
    const q = ReleaseComparisonQuery.parse({ ...base, filters: { device: 'mobile' } });
    expect(buildVitalRanksSql(q, [3, 8, 12])).toEqual({
      sql:
        'SELECT release, name, rn, value FROM (SELECT release, name, value, row_number() OVER (PARTITION BY release, name ORDER BY value) AS rn ' +
        `FROM web_vitals WHERE ${WHERE} AND name IN ('LCP', 'INP', 'CLS') AND NOT (name = 'LCP' AND navigation_type = 'soft-navigation')) WHERE rn IN {p5:Array(UInt64)}`,
      params: { ...PARAMS, p5: [3, 8, 12] },
    });
  });

  it('counts and ranks the vitals per group when grouped (release is never a group)', () => {
    const q = ReleaseComparisonQuery.parse({
      ...base,
      filters: { device: 'mobile' },
      groupBy: ['route', 'browser', 'release'],
    });
    const dims = comparisonDimensions(q);
    expect(dims).toEqual(['route', 'browser']);
    const samples =
      "name IN ('LCP', 'INP', 'CLS') AND NOT (name = 'LCP' AND navigation_type = 'soft-navigation')";
    expect(buildGroupedVitalCountsSql(q, dims)).toEqual({
      sql:
        'SELECT release, name, route, browser_name AS browser, count() AS samples FROM web_vitals ' +
        `WHERE ${WHERE} AND ${samples} GROUP BY release, name, route, browser`,
      params: PARAMS,
    });
    expect(buildVitalRanksSql(q, [2], dims)).toEqual({
      sql:
        'SELECT release, name, route, browser, rn, value FROM (SELECT release, name, route, browser_name AS browser, value, ' +
        'row_number() OVER (PARTITION BY release, name, route, browser ORDER BY value) AS rn ' +
        `FROM web_vitals WHERE ${WHERE} AND ${samples}) WHERE rn IN {p5:Array(UInt64)}`,
      params: { ...PARAMS, p5: [2] },
    });
  });

  it('needs both releases', () => {
    const r = ReleaseComparisonQuery.safeParse({ ...base, targetRelease: undefined });
    expect(r.error!.issues[0]!.path).toEqual(['targetRelease']);
  });
});
