import {
  deltaOf,
  describeScope,
  metricLabel,
  nextStepOf,
  severityOf,
  titleOf,
  toCandidate,
} from './candidate';
import type { Judgement } from './score';

function judgement(value: number, expected: number, o: Partial<Judgement['series']> = {}): Judgement {
  const series = {
    family: 'vitals' as const,
    metric: 'web_vital.LCP.p75',
    key: 'LCP',
    scope: { route: '/checkout' },
    direction: 'up' as const,
    unit: 'ms',
    points: [],
    ...o,
  };
  const current = { start: 0, value, samples: 400, stdError: 50 };
  const baseline = {
    expected,
    spread: 100,
    score: (value - expected) / 100,
    enoughData: true,
    reason: '',
    season: 'daily' as const,
    points: 7,
    alarm: true,
  };
  return { series, current, baseline, previous: baseline, alarm: true };
}

describe('severityOf: how much it moved and how many sessions had it', () => {
  it.each([
    ['doubled, 150 sessions', judgement(4000, 2000), 150, 'critical'],
    ['doubled, 50 sessions', judgement(4000, 2000), 50, 'high'],
    ['doubled, 10 sessions', judgement(4000, 2000), 10, 'medium'],
    ['+60 %, 30 sessions', judgement(3200, 2000), 30, 'high'],
    ['+25 %', judgement(2500, 2000), 500, 'medium'],
    ['+10 %', judgement(2200, 2000), 500, 'low'],
    [
      'traffic halved (as much as doubling)',
      judgement(500, 1000, { direction: 'down', unit: 'count' }),
      500,
      'critical',
    ],
    ['traffic −20 %', judgement(800, 1000, { direction: 'down', unit: 'count' }), 200, 'medium'],
  ] as const)('%s → %s', (_, j, sessions, severity) => expect(severityOf(j, sessions)).toBe(severity));
});

describe('words', () => {
  it.each([
    ['web_vital.INP.p75', 'INP p75'],
    ['http.p95', 'HTTP p95 latency'],
    ['traffic.sessions', 'Sessions'],
    ['unknown.metric', 'unknown.metric'],
  ])('metricLabel(%s)', (m, label) => expect(metricLabel(m)).toBe(label));

  it.each([
    [{}, 'the whole project'],
    [{ route: '/checkout' }, 'route /checkout'],
    [{ endpoint: 'GET api/cart' }, 'endpoint GET api/cart'],
  ])('describeScope(%j)', (scope, text) => expect(describeScope(scope)).toBe(text));

  it('titles say what, how much, where and the usual value', () => {
    expect(titleOf(judgement(3000, 2000))).toBe(
      'LCP p75 up 50 % on route /checkout (3,000 ms, usually 2,000 ms)',
    );
    expect(titleOf(judgement(0.03, 0.01, { metric: 'error_rate', unit: 'ratio', scope: {} }))).toBe(
      'Error rate (sessions with an error) up 200 % on the whole project (3.0 %, usually 1.0 %)',
    );
  });

  it('the next step starts with the top hypothesis', () => {
    const step = nextStepOf(judgement(3000, 2000), {
      title: 'route = /checkout',
      score: 1,
      evidence: [],
      queries: [],
    });
    expect(step).toMatch(/^Start with "route = \/checkout"\. Open the slow page loads/);
  });
});

describe('deltaOf: the value with its 95 % interval', () => {
  it('±1.96 standard errors for a percentile', () => {
    expect(deltaOf(judgement(3000, 2000))).toEqual({
      metric: 'web_vital.LCP.p75',
      value: 3000,
      baseline: 2000,
      interval: [3000 - 98, 3000 + 98],
      unit: 'ms',
    });
  });
  it('Wilson for a rate (asymmetric, inside [0, 1])', () => {
    const d = deltaOf(judgement(0.05, 0.01, { unit: 'ratio' }));
    expect(d.interval[0]).toBeGreaterThan(0.03);
    expect(d.interval[1]).toBeLessThan(0.08);
    expect(0.05 - d.interval[0]).toBeLessThan(d.interval[1] - 0.05);
  });
});

describe('toCandidate', () => {
  it('a candidate carries the judgement and what the detector found around it', () => {
    const top = { title: 'route = /checkout (95 % of the change)', score: 0.31, evidence: [], queries: [] };
    const c = toCandidate(judgement(4000, 2000), {
      startedAt: 1_000_000,
      affectedSessions: 120,
      affectedUsers: 80,
      release: '2.0.0',
      links: { release: '2.0.0', deploys: [], issues: [] },
      hypotheses: [top],
    });
    expect(c).toMatchObject({
      kind: 'anomaly',
      metric: 'web_vital.LCP.p75',
      scope: { route: '/checkout' },
      startedAt: 1_000_000,
      severity: 'critical',
      release: '2.0.0',
      affectedSessions: 120,
      affectedUsers: 80,
      deltas: [{ metric: 'web_vital.LCP.p75', value: 4000, baseline: 2000 }],
      hypotheses: [top],
    });
    expect(c.nextStep).toMatch(/^Start with "route = \/checkout/);
  });
});
