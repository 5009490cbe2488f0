import { buildSegmentsSql, buildThresholdSql, explainDimensions, type SegmentsQuery } from './segments-sql';

const BASE: SegmentsQuery = {
  project: "p'; DROP TABLE errors --",
  metric: { type: 'web_vital', metric: 'LCP' },
  baseline: { from: 1_000_000, to: 2_000_000 },
  current: { from: 2_000_000, to: 3_000_000 },
  topK: 20,
  threshold: 2500,
};

describe('buildSegmentsSql', () => {
  it.each<[string, SegmentsQuery, string, unknown[]]>([
    ['LCP: hard loads only, above the threshold', BASE, 'FROM web_vitals', ['LCP', 2500, 20]],
    [
      'INP keeps soft navigations',
      { ...BASE, metric: { type: 'web_vital', metric: 'INP' } },
      'FROM web_vitals',
      ['INP'],
    ],
    [
      'errors of some issues',
      { ...BASE, metric: { type: 'errors', issueIds: ['fp-1'] } },
      'FROM errors',
      [['fp-1']],
    ],
  ])('%s', (_, q, from, bound) => {
    const { sql, params } = buildSegmentsSql(q);
    expect(sql).toContain(from);
    for (const v of bound) expect(Object.values(params)).toContainEqual(v);
    // Values are bound, never in the text; the windows and both ends of the span are parameters.
    expect(sql).not.toContain('DROP');
    expect(Object.values(params)).toEqual(expect.arrayContaining([q.project, 1_000_000, 3_000_000]));
    expect(sql.includes("navigation_type != 'soft-navigation'")).toBe(
      q.metric.type === 'web_vital' && q.metric.metric !== 'INP',
    );
    expect(sql.includes('value > {')).toBe(q.metric.type === 'web_vital');
    expect(sql.includes('fingerprint IN')).toBe(q.metric.type === 'errors');
  });

  it.each<[string, SegmentsQuery, string, string, unknown[]]>([
    [
      'HTTP p95: requests above the baseline p95',
      { ...BASE, metric: { type: 'http', measure: 'p95' }, threshold: 480 },
      'FROM http_requests',
      'toFloat64(duration_ms > {',
      [480, 'endpoint'],
    ],
    [
      "HTTP error rate of one endpoint: its failures, the endpoint's columns bound",
      { ...BASE, metric: { type: 'http', measure: 'error_rate', endpoint: 'POST api.example/pay' } },
      'FROM http_requests',
      'toFloat64(status_code = 0 OR status_code >= 500) AS x',
      ['POST', 'api.example', '/pay'],
    ],
    [
      'long tasks: x is blocking time, scripts and their origins are dimensions',
      { ...BASE, metric: { type: 'long_tasks' } },
      'FROM long_tasks',
      'blocking_duration_ms AS x',
      ['script', 'script_origin'],
    ],
  ])('%s', (_, q, from, x, bound) => {
    const { sql, params } = buildSegmentsSql(q);
    expect(sql).toContain(from);
    expect(sql).toContain(x);
    expect(sql).toContain('sumIf(x, in_base) AS b_hit');
    for (const v of bound) expect(Object.values(params)).toContainEqual(v);
  });

  it("applies each window's own filters to that window only", () => {
    const { sql, params } = buildSegmentsSql({
      ...BASE,
      baseline: { ...BASE.baseline, filters: { release: ['1.0'] } },
      current: { ...BASE.current, filters: { release: ['1.1'], country: ['DE'] } },
    });
    const names = Object.fromEntries(Object.entries(params).map(([k, v]) => [JSON.stringify(v), k]));
    const inBase = sql.slice(sql.indexOf('AS pair, (') + 10, sql.indexOf(') AS in_base'));
    const inCur = sql.slice(sql.indexOf('AS in_base, (') + 13, sql.indexOf(') AS in_cur'));
    expect(inBase).toContain(`release IN {${names['["1.0"]']}:Array(String)}`);
    expect(inBase).not.toContain('country');
    expect(inCur).toContain(`release IN {${names['["1.1"]']}:Array(String)}`);
    expect(inCur).toContain(`country IN {${names['["DE"]']}:Array(String)}`);
  });

  it('reads every dimension in one pass, each by its fixed column', () => {
    const { sql, params } = buildSegmentsSql(BASE);
    expect(sql.match(/FROM web_vitals/g)).toHaveLength(1);
    for (const column of [
      'route',
      'browser_name',
      'os_name',
      'device_type',
      'country',
      'release',
      'environment',
    ])
      expect(sql).toContain(`toString(${column})`);
    expect(Object.values(params)).toEqual(expect.arrayContaining(['route', 'browser', 'os', 'device']));
  });
});

describe('explainDimensions', () => {
  const STORED = ['route', 'browser', 'os', 'device', 'country', 'release', 'environment'];
  it.each<[SegmentsQuery['metric'], string[]]>([
    [{ type: 'web_vital', metric: 'LCP' }, [...STORED, 'attribution.target', 'attribution.url']],
    [
      { type: 'web_vital', metric: 'INP' },
      [...STORED, 'attribution.interactionTarget', 'attribution.interactionType'],
    ],
    [{ type: 'web_vital', metric: 'TTFB' }, STORED],
    [{ type: 'errors' }, STORED],
  ])('%j', (metric, expected) => {
    expect(explainDimensions(metric)).toEqual(expected);
    // Attribution keys are bound values of the map lookup, never text.
    const { sql, params } = buildSegmentsSql({ ...BASE, metric });
    const keys = expected
      .filter((d) => d.startsWith('attribution.'))
      .map((d) => d.slice('attribution.'.length));
    expect(sql.match(/attribution\[\{p\d+:String\}\]/g) ?? []).toHaveLength(keys.length);
    expect(Object.values(params)).toEqual(expect.arrayContaining(keys));
  });
});

describe('buildThresholdSql', () => {
  it("HTTP p95: the baseline window's p95 of durations, the http query's levels", () => {
    const { sql } = buildThresholdSql({ ...BASE, metric: { type: 'http', measure: 'p95' } });
    expect(sql).toContain('quantilesTDigest(0.5, 0.75, 0.9, 0.95, 0.99)(duration_ms)[4] AS threshold');
    expect(sql).toContain('FROM http_requests');
    expect(() => buildThresholdSql({ ...BASE, metric: { type: 'errors' } })).toThrow(/not a percentile/);
  });

  it("is the baseline window's p75 with the web_vitals query's t-digest levels", () => {
    const { sql, params } = buildThresholdSql(BASE);
    expect(sql).toContain('quantilesTDigest(0.5, 0.75, 0.9, 0.95, 0.99)(value)[2] AS threshold');
    expect(Object.values(params)).toEqual([BASE.project, 1_000_000, 2_000_000, 'LCP']);
  });
});
