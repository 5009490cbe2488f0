import {
  buildDeploysSql,
  buildEndpointsSql,
  buildNewIssuesSql,
  buildResourcesSql,
  buildScriptsSql,
} from './correlated-sql';
import {
  buildAffectedSql,
  buildHttpRateSql,
  buildLongTaskSql,
  buildQuantileCountsSql,
  buildQuantileRanksSql,
  buildReleasesSql,
  buildTrafficSql,
  buildWindowSessionsSql,
  type Sides,
} from './sql';

const S: Sides = {
  project: "p'1",
  previous: '1.0; DROP',
  release: "1.1'",
  baseline: { from: 1000, to: 2000 },
  current: { from: 2000, to: 3000 },
};

describe('release statements', () => {
  it.each([
    ['releases', buildReleasesSql(S.project, 0, 5000)],
    ['window sessions', buildWindowSessionsSql(S.project, S.previous, [S.baseline, S.current])],
    ['traffic', buildTrafficSql(S)],
    ['http rate', buildHttpRateSql(S)],
    ['quantile counts', buildQuantileCountsSql(S)],
    ['quantile ranks', buildQuantileRanksSql(S, [1, 5])],
    ['long tasks', buildLongTaskSql(S)],
    ['affected LCP', buildAffectedSql(S, 'web_vital.LCP.p75', 2500)],
    ['affected errors', buildAffectedSql(S, 'error_rate', 0.01)],
    ['resources', buildResourcesSql(S)],
    ['endpoints', buildEndpointsSql(S)],
    ['scripts', buildScriptsSql(S)],
    ['new issues', buildNewIssuesSql(S, 0)],
    ['deploys', buildDeploysSql(S, 5000)],
  ])('%s: caller values only as parameters', (_name, built) => {
    for (const value of [S.project, S.previous, S.release]) expect(built.sql).not.toContain(value);
    for (const [name] of built.sql.matchAll(/\{(p\d+):/g))
      expect(built.params).toHaveProperty(name.slice(1, -1));
    expect(Object.values(built.params)).toContain(S.project);
  });

  it('reads the previous release in the baseline window and the new one in the current window', () => {
    const { sql, params } = buildHttpRateSql(S);
    expect(sql).toContain('is_bot = 0');
    expect(sql).toMatch(
      /\(release = \{p1:String\} AND timestamp >= .*\{p2:Int64\}.* OR \(release = \{p4:String\}/,
    );
    expect([params.p1, params.p2, params.p3, params.p4, params.p5, params.p6]).toEqual([
      S.previous,
      1000,
      2000,
      S.release,
      2000,
      3000,
    ]);
  });

  it('never reads past now', () => {
    const { sql, params } = buildReleasesSql('p', 0, 5000);
    expect(sql).toContain('timestamp < fromUnixTimestamp64Milli({p3:Int64})');
    expect([params.p1, params.p3]).toEqual([5000, 5000]);
    expect(buildDeploysSql(S, 5000).params).toMatchObject({ p2: 5000 });
  });
});
