/**
 * The insight benchmark's scenario generator and scoring (bench/insights/), pure. Here and not
 * beside them because the root jest config runs only the workspaces' src/ and test/ folders.
 * Proves: the daily cycle's shape, rollouts, determinism by seed, each fault injected from its
 * onset and only in its scope, the OTLP encoding's record count, and the scoring rules.
 */
import { generateMinute, type SimSession } from '../../bench/insights/generate';
import { encodeSessions, recordCount } from '../../bench/insights/otlp';
import { DAY, HOUR, MINUTE, releaseOf, sessionsPerHour, type Scenario } from '../../bench/insights/scenario';
import { FAULT_NAMES, faultScenarios, latestOnset, nullScenarios } from '../../bench/insights/scenarios';
import { causeInScope, causeRank, insightKey, matchesExpected, summarise } from '../../bench/insights/score';

// Wednesday 2026-11-25 14:00 UTC.
const ONSET = Date.UTC(2026, 10, 25, 14);
const LAYOUT = {
  onset: ONSET,
  historyDays: 2,
  beforeMs: 30 * MINUTE,
  onsetBeforeMs: 2 * HOUR,
  afterMs: HOUR,
};
const faults = faultScenarios(LAYOUT);
const byName = (name: string) => faults.find((s) => s.name === name)!;

function sessions(s: Scenario, from: number, to: number): SimSession[] {
  const out: SimSession[] = [];
  for (let m = from; m < to; m += MINUTE) out.push(...generateMinute(s, m));
  return out;
}

const flat: Scenario = {
  name: 'flat',
  seed: 7,
  from: 0,
  to: Date.UTC(2027, 0),
  peakSessionsPerHour: 1000,
  troughShare: 0.1,
  weekendShare: 0.5,
  releases: [{ version: '1.0.0', at: 0 }],
};

describe('traffic shape', () => {
  const wed = Date.UTC(2026, 10, 25);
  const sat = Date.UTC(2026, 10, 28);
  it.each([
    ['weekday peak 14:00', wed + 14 * HOUR, 1000],
    ['weekday trough 02:00', wed + 2 * HOUR, 100],
    ['weekday 08:00 (half way)', wed + 8 * HOUR, 550],
    ['Saturday peak', sat + 14 * HOUR, 500],
  ])('%s', (_, t, expected) => {
    expect(sessionsPerHour(flat, t)).toBeCloseTo(expected, 6);
  });

  it('a surge multiplies traffic only inside its window', () => {
    const s = { ...flat, surge: { from: wed + 10 * HOUR, to: wed + 13 * HOUR, factor: 4 } };
    expect(sessionsPerHour(s, wed + 11 * HOUR)).toBeCloseTo(4 * sessionsPerHour(flat, wed + 11 * HOUR), 6);
    expect(sessionsPerHour(s, wed + 13 * HOUR)).toBe(sessionsPerHour(flat, wed + 13 * HOUR));
  });

  it('generated sessions follow the cycle (Poisson counts within 4 σ)', () => {
    for (const hour of [2, 14]) {
      const n = sessions(flat, wed + hour * HOUR, wed + (hour + 1) * HOUR).length;
      const mean = sessionsPerHour(flat, wed + hour * HOUR + 30 * MINUTE);
      expect(Math.abs(n - mean)).toBeLessThan(4 * Math.sqrt(mean) + 10);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const a = generateMinute(flat, wed + 14 * HOUR);
    expect(generateMinute(flat, wed + 14 * HOUR)).toEqual(a);
    expect(generateMinute({ ...flat, seed: 8 }, wed + 14 * HOUR)).not.toEqual(a);
  });

  it('generates nothing outside the active windows', () => {
    const s = byName('slow-endpoint');
    expect(generateMinute(s, ONSET - DAY - HOUR)).toEqual([]);
    expect(generateMinute(s, ONSET - DAY - 20 * MINUTE).length).toBeGreaterThan(0);
    expect(generateMinute(s, ONSET - 90 * MINUTE).length).toBeGreaterThan(0);
  });
});

describe('rollout', () => {
  const releases = [
    { version: '1', at: 0 },
    { version: '2', at: 10 * HOUR },
  ];
  it.each([
    ['before the deploy', 0, 10 * HOUR - 1],
    ['right at it', 0, 10 * HOUR],
    ['30 min after', 0.99, 10 * HOUR + 30 * MINUTE],
  ])('%s: share of new sessions on the new release ≥ %s', (_, minShare, t) => {
    const share =
      Array.from({ length: 1000 }, (__, i) => releaseOf(releases, t, (i + 0.5) / 1000)).filter(
        (r) => r === '2',
      ).length / 1000;
    if (minShare === 0 && t < 10 * HOUR) expect(share).toBe(0);
    else expect(share).toBeGreaterThanOrEqual(minShare);
  });
});

/** Per fault: the signature of the injected cause, and where it may appear. */
const SIGNATURES: Array<[string, (s: SimSession) => boolean, (s: SimSession) => boolean]> = [
  [
    'hero-image-lcp',
    (s) => s.pages.some((p) => p.resources.some((r) => r.url.includes('hero-2400w'))),
    (s) =>
      s.release === '2.5.0' &&
      s.pages.every(
        (p) => !p.resources.some((r) => r.url.includes('hero-2400w')) || p.route === '/products/:id',
      ),
  ],
  [
    'browser-errors',
    (s) => s.pages.some((p) => p.errors.some((e) => e.message.includes('cart is undefined'))),
    (s) => s.agent.browser === 'Firefox' && s.release === '2.5.0',
  ],
  [
    'slow-endpoint',
    (s) => s.pages.some((p) => p.calls.some((c) => c.url.includes('/v1/search') && c.durationMs > 1500)),
    (s) => s.pages.some((p) => p.route === '/search'),
  ],
  [
    'third-party-long-tasks',
    (s) => s.pages.some((p) => p.longTasks.some((t) => t.scriptUrl.includes('googletagmanager'))),
    (s) => s.country === 'DE',
  ],
  [
    'deploy-error-spike',
    (s) => s.pages.some((p) => p.errors.some((e) => e.type === 'ChunkLoadError')),
    (s) => s.release === '2.5.0',
  ],
];

describe.each(SIGNATURES)('fault %s', (name, signature, inScope) => {
  const s = byName(name);
  it('is absent before the onset', () => {
    expect(sessions(s, ONSET - HOUR, ONSET).filter(signature)).toEqual([]);
  });
  it('appears after the onset, only in its scope', () => {
    const after = sessions(s, ONSET + 10 * MINUTE, ONSET + 40 * MINUTE);
    const hit = after.filter(signature);
    expect(hit.length).toBeGreaterThan(5);
    expect(hit.every(inScope)).toBe(true);
  });
});

it('slow endpoint: only /v1/search slows, by its factor', () => {
  const s = byName('slow-endpoint');
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[xs.length >> 1]!;
  const calls = (from: number, path: string) =>
    sessions(s, from, from + 30 * MINUTE).flatMap((x) =>
      x.pages.flatMap((p) => p.calls.filter((c) => c.url.includes(path)).map((c) => c.durationMs)),
    );
  expect(
    median(calls(ONSET + 5 * MINUTE, '/v1/search')) / median(calls(ONSET - HOUR, '/v1/search')),
  ).toBeGreaterThan(3);
  expect(
    median(calls(ONSET + 5 * MINUTE, '/v1/cart')) / median(calls(ONSET - HOUR, '/v1/cart')),
  ).toBeLessThan(1.3);
});

it('every fault scenario starts its onset at 14:00 UTC with ≥ 1,000 sessions/hour', () => {
  expect(faults.map((s) => s.name)).toEqual([...FAULT_NAMES]);
  for (const s of faults) {
    expect(s.fault!.at).toBe(ONSET);
    expect(sessionsPerHour(s, ONSET)).toBeGreaterThanOrEqual(1000);
  }
  expect(new Date(latestOnset(Date.UTC(2026, 10, 25, 14, 30), HOUR)).toISOString()).toBe(
    '2026-11-24T14:00:00.000Z',
  );
});

it('null scenarios: low traffic is 30 sessions/hour, the surge is inside the evaluated days', () => {
  const end = Date.UTC(2026, 10, 30, 9);
  const nulls = nullScenarios({ end, warmupDays: 3, evalDays: 7 });
  expect(
    sessionsPerHour(
      nulls.find((s) => s.name === 'low-traffic')!,
      end - HOUR,
    ),
  ).toBe(30);
  for (const evalDays of [7, 0.25]) {
    const surge = nullScenarios({ end, warmupDays: 3, evalDays }).find(
      (s) => s.name === 'traffic-surge',
    )!.surge!;
    expect(surge.from).toBeGreaterThanOrEqual(end - evalDays * DAY);
    expect(surge.to).toBeLessThanOrEqual(end);
  }
  // Under a day evaluated: only the evaluated hours (+ 2.5 h) of each day are generated.
  const short = nullScenarios({ end, warmupDays: 3, evalDays: 0.25 })[0]!;
  expect(generateMinute(short, end - 9 * HOUR)).toEqual([]);
  expect(generateMinute(short, end - DAY - HOUR).length).toBeGreaterThan(0);
});

it('encodes every generated record into the OTLP request', () => {
  const batch = sessions(byName('deploy-error-spike'), ONSET + 10 * MINUTE, ONSET + 15 * MINUTE);
  const { traces } = encodeSessions(batch);
  type Span = { events?: unknown[] };
  type Body = { resourceSpans: Array<{ scopeSpans: Array<{ spans: Span[] }> }> };
  const spans = (JSON.parse(traces) as Body).resourceSpans.flatMap((r) => r.scopeSpans[0]!.spans);
  // Page views and HTTP calls are spans; every other record is an event on its page-view span.
  const n = spans.length + spans.reduce((a, sp) => a + (sp.events?.length ?? 0), 0);
  expect(n).toBe(recordCount(batch));
});

describe('scoring', () => {
  const expected = {
    metric: 'LCP',
    scope: { route: '/products/:id' },
    causes: [{ dimension: 'route', value: '/products/:id' }],
  };
  it.each([
    [{ metric: 'web_vital.LCP.p75', scope: {} }, true],
    [{ metric: 'web_vital.LCP.p75', scope: { route: '/products/:id' } }, true],
    [{ metric: 'web_vital.LCP.p75', scope: { route: '/' } }, false],
    [{ metric: 'web_vital.LCP.p75', scope: { browser: 'Chrome' } }, false],
    [{ metric: 'error_rate', scope: {} }, false],
  ])('matchesExpected(%j) = %s', (c, ok) => expect(matchesExpected(c, expected)).toBe(ok));

  it.each([
    [[{ title: 'route = /products/:id', evidence: [] }], 0],
    [
      [
        { title: 'browser = Chrome', evidence: [] },
        { title: 'Segment', evidence: [{ dimension: 'route', segments: ['/products/:id'] }] },
      ],
      1,
    ],
    [[{ title: '/products/:id is slow', evidence: [] }], -1],
  ])('causeRank %#', (hs, rank) => expect(causeRank(hs, expected.causes)).toBe(rank));

  it.each([
    [{ endpoint: 'GET api.shop.example/v1/search' }, true],
    [{ endpoint: 'GET api.shop.example/v1/cart' }, false],
    [{}, false],
  ])('causeInScope(%j) = %s (only causes marked inScope)', (scope, named) => {
    expect(causeInScope(scope, [{ value: '/v1/search', inScope: true }])).toBe(named);
    expect(causeInScope(scope, [{ value: '/v1/search' }])).toBe(false);
  });

  it('one key per card: same kind, metric, scope and onset hour', () => {
    const c = {
      kind: 'anomaly' as const,
      metric: 'm',
      scope: { b: '2', a: '1' },
      startedAt: ONSET + 5 * MINUTE,
    };
    expect(insightKey(c)).toBe(
      insightKey({ ...c, scope: { a: '1', b: '2' }, startedAt: ONSET + 50 * MINUTE }),
    );
    expect(insightKey(c)).not.toBe(insightKey({ ...c, startedAt: ONSET + HOUR }));
  });

  it('summarises rates over all faults and projects 100 projects per minute', () => {
    const f = (rank: number | null, m: number | null) => ({
      scenario: 'x',
      detected: m !== null,
      minutesToDetect: m,
      causeRank: rank,
      causeInScope: rank === 2,
      beforeOnset: false,
      otherInsights: [],
    });
    const s = summarise(
      [f(0, 2), f(2, 4), f(null, null), f(-1, 9)],
      [{ scenario: 'n', evaluatedDays: 14, evaluations: 1, insights: ['a', 'b'], perWeek: 1 }],
      [30, 30, 90],
    );
    expect(s).toMatchObject({
      detectionRate: 0.75,
      top1: 0.25,
      top3: 0.5,
      // The rank-2 fault's insight is scoped to its cause: first with scope.
      top1WithScope: 0.5,
      top3WithScope: 0.5,
      falseInsightsPerProjectWeek: 1,
      minutesToDetect: { median: 4, max: 9 },
    });
    // 30 ms × 100 projects per 60 s = 5 %.
    expect(s.percentOfOneCoreFor100Projects).toBeCloseTo(5, 9);
  });
});
