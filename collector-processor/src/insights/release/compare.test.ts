import { quantileRanks } from '../../query/handlers/errors/confidence';
import { seededRandom, type Random } from '../stats';
import {
  binomialTail,
  holmAdjust,
  judgeMetrics,
  meanMetric,
  quantileMetric,
  rateMetric,
  severityOf,
  type MetricComparison,
  type QuantileSample,
} from './compare';
import { RELEASE_DEFAULTS } from './select';

describe('holmAdjust', () => {
  it.each([
    // Sorted 0.005, 0.01, 0.03, 0.04 → ×4, ×3, ×2, ×1 = 0.02, 0.03, 0.06, 0.04 → monotone 0.06.
    [
      [0.01, 0.04, 0.03, 0.005],
      [0.03, 0.06, 0.06, 0.02],
    ],
    [[0.5], [0.5]],
    [
      [0.3, 0.6],
      [0.6, 0.6],
    ],
    [
      [0.001, 0.001, 0.9],
      [0.003, 0.003, 0.9],
    ],
    [[], []],
  ])('%j → %j', (p, adjusted) => {
    holmAdjust(p).forEach((a, i) => expect(a).toBeCloseTo(adjusted[i]!, 12));
  });

  it('is never below the raw p-value nor above Bonferroni', () => {
    const p = [0.2, 0.001, 0.04, 0.03, 0.5, 0.012, 0.0049];
    holmAdjust(p).forEach((a, i) => {
      expect(a).toBeGreaterThanOrEqual(p[i]!);
      expect(a).toBeLessThanOrEqual(Math.min(1, p[i]! * p.length));
    });
  });
});

describe('severityOf', () => {
  it.each([
    ['web_vital.LCP.p75', 1.2, 3000, 'critical'],
    ['web_vital.LCP.p75', 0.6, 1500, 'high'],
    ['web_vital.LCP.p75', 0.3, 700, 'medium'],
    ['web_vital.LCP.p75', 0.12, 300, 'low'],
    ['error_rate', 0.3, 0.06, 'critical'],
    ['http.error_rate', 0.4, 0.03, 'high'],
  ])('%s +%d (+%d) → %s', (metric, relative, absolute, severity) => {
    expect(severityOf(metric, relative, absolute)).toBe(severity);
  });
});

const lcp = (baseline: number, value: number, pValue: number): MetricComparison => ({
  metric: 'web_vital.LCP.p75',
  unit: 'ms',
  baseline,
  value,
  interval: [value - baseline - 50, value - baseline + 50],
  pValue,
  baselineSamples: 1000,
  samples: 300,
});
/** An error-rate comparison with a p-value small enough for any look. */
const rate = (baseline: number, value: number, samples: number): MetricComparison => ({
  ...lcp(baseline, value, 1e-9),
  metric: 'error_rate',
  unit: 'percentunit',
  samples,
});
const nulls = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ ...lcp(100, 100, 0.5), metric: `null.${i}` }));

describe('judgeMetrics', () => {
  it.each([
    ['a large significant rise', lcp(2000, 2600, 1e-6), true],
    ['significant but below 10 %', lcp(2000, 2150, 1e-9), false],
    ['10 % of a fast page is under 100 ms', lcp(800, 890, 1e-9), false],
    [
      'large but not significant once corrected for 7 metrics (0.002 × 7 > 0.01)',
      lcp(2000, 2600, 0.002),
      false,
    ],
    ['an improvement', lcp(2600, 2000, 1e-9), false],
  ])('%s', (_name, metric, regression) => {
    const [judged] = judgeMetrics([metric, ...nulls(6)], RELEASE_DEFAULTS);
    expect(judged!.regression).toBe(regression);
  });

  // Sequential looks (RELEASE_DEFAULTS.earlyLooks): before minSessions, only large regressions.
  it.each([
    ['49 sessions: too early for anything', lcp(2000, 6000, 1e-9), 49, false],
    ['50 sessions: +50 %', lcp(2000, 3000, 1e-9), 50, true],
    ['149 sessions: +40 % waits', lcp(2000, 2800, 1e-9), 149, false],
    ['150 sessions: +10 %', lcp(2000, 2200, 1e-9), 150, true],
    [
      '50 sessions: a doubling, Holm p 0.007 (significant at 150, not before)',
      lcp(2000, 4000, 0.001),
      50,
      false,
    ],
    ['50 sessions: a doubling, Holm p 0.0007', lcp(2000, 4000, 0.0001), 50, true],
    // Against 5 errors in 1,000 sessions (Wilson top 1.16 %), the exact tail of 4 in 50 is 0.0027.
    [
      '50 sessions: error rate 0.5 % → 8 %, 4 errors: the exact test says no',
      rate(0.005, 0.08, 50),
      50,
      false,
    ],
    ['50 sessions: error rate 0.5 % → 14 %, 7 errors', rate(0.005, 0.14, 50), 50, true],
    [
      '150 sessions: error rate 0.5 % → 2.7 %, 4 errors: the z-test as before',
      rate(0.005, 0.027, 150),
      150,
      true,
    ],
  ])('%s', (_name, metric, sessions, regression) => {
    const [judged] = judgeMetrics([metric, ...nulls(6)], RELEASE_DEFAULTS, sessions);
    expect(judged!.regression).toBe(regression);
  });

  it('a rate needs half a point besides 10 %', () => {
    const small = rateMetric('error_rate', { x: 200, n: 100_000 }, { x: 400, n: 100_000 })!;
    const large = rateMetric('error_rate', { x: 200, n: 10_000 }, { x: 900, n: 10_000 })!;
    expect(small.pValue).toBeLessThan(1e-6);
    expect(judgeMetrics([small, large], RELEASE_DEFAULTS).map((m) => m.regression)).toEqual([false, true]);
  });
});

/** A sample's p-quantile with its rank interval, and its count at or below a pooled threshold. */
function sampleOf(values: number[], level: number, threshold: number): QuantileSample {
  const s = [...values].sort((a, b) => a - b);
  const r = quantileRanks(s.length, level);
  return {
    n: s.length,
    below: s.filter((v) => v <= threshold).length,
    estimate: { estimate: s[r.point - 1]!, low: s[r.low - 1]!, high: s[r.high - 1]! },
  };
}

function lcpComparison(rng: Random, n: [number, number], factor: number): MetricComparison {
  const draw = (k: number, f: number) =>
    Array.from({ length: k }, () => 2000 * f * Math.exp(0.5 * rng.normal()));
  const a = draw(n[0], 1);
  const b = draw(n[1], factor);
  const pooled = [...a, ...b].sort((x, y) => x - y);
  const t = pooled[Math.ceil(pooled.length * 0.75) - 1]!;
  return quantileMetric('web_vital.LCP.p75', 'ms', sampleOf(a, 0.75, t), sampleOf(b, 0.75, t))!;
}

/**
 * What minSessions = 150 implies: at 1,000 sessions/hour the new release has 150 sessions 9
 * minutes in, against an hour of the previous release (~1,000). One LCP per session, log-normal
 * (median 2 s, σ 0.5); the six other metrics null. Share of evaluations raising an LCP regression.
 */
describe('power and false alarms at 150 sessions against 1,000 (simulation)', () => {
  const rate = (factor: number, runs: number, seed: number) => {
    const rng = seededRandom(seed);
    let raised = 0;
    for (let i = 0; i < runs; i++) {
      const others = Array.from({ length: 6 }, (_, k) => ({
        ...lcp(100, 100, rng.uniform()),
        metric: `n${k}`,
      }));
      const [m] = judgeMetrics([lcpComparison(rng, [1000, 150], factor), ...others], RELEASE_DEFAULTS);
      if (m!.regression) raised++;
    }
    return raised / runs;
  };

  it.each([
    // factor, at least, at most. Measured: 0, 53.5 %, 97.5 %, 100 %.
    [1, 0, 0.01],
    [1.2, 0.3, 0.75],
    [1.35, 0.8, 1],
    [1.5, 0.98, 1],
  ])('LCP × %d: raised in [%d, %d] of 200 evaluations', (factor, low, high) => {
    const r = rate(factor, 200, 7);
    expect(r).toBeGreaterThanOrEqual(low);
    expect(r).toBeLessThanOrEqual(high);
  });

  it('error rate 1 % → 5 % is seen at 150 sessions; 1 % → 2 % is not (it waits for more sessions)', () => {
    const rng = seededRandom(11);
    const judge = (p: number) => {
      let raised = 0;
      for (let i = 0; i < 1000; i++) {
        const m = rateMetric(
          'error_rate',
          { x: rng.binomial(1000, 0.01), n: 1000 },
          { x: rng.binomial(150, p), n: 150 },
        )!;
        if (judgeMetrics([m, ...nulls(6)], RELEASE_DEFAULTS)[0]!.regression) raised++;
      }
      return raised / 1000;
    };
    // Measured: 61 % at 5 %, 21 % at 3 %, 5 % at 2 %, 0.3 % with no change (1,000 evaluations each).
    expect(judge(0.05)).toBeGreaterThan(0.5);
    expect(judge(0.02)).toBeLessThan(0.1);
    expect(judge(0.01)).toBeLessThan(0.01);
  });
});

describe('binomialTail', () => {
  it.each([
    [0, 10, 0.5, 1],
    [1, 10, 0.5, 1 - 0.5 ** 10],
    [10, 10, 0.5, 0.5 ** 10],
    [3, 50, 0.01, 0.0138],
    [4, 50, 0.0116, 0.00273],
    [1, 5, 0, 0],
  ])('P(X ≥ %d | n %d, p %d) = %d', (x, n, p, tail) => {
    expect(binomialTail(x, n, p)).toBeCloseTo(tail, 4);
  });
});

describe('meanMetric', () => {
  it('long-task time per session: Welch interval and a z-test', () => {
    const m = meanMetric(
      'long_task.ms_per_session',
      'ms',
      { n: 1000, mean: 100, variance: 200 ** 2 },
      {
        n: 300,
        mean: 180,
        variance: 250 ** 2,
      },
    )!;
    expect(m.interval[0]).toBeGreaterThan(40);
    expect(m.interval[1]).toBeLessThan(120);
    expect(m.pValue).toBeLessThan(1e-5);
    expect(
      meanMetric('x', 'ms', { n: 10, mean: 0, variance: 0 }, { n: 10, mean: 0, variance: 0 })!.pValue,
    ).toBe(1);
  });
});
