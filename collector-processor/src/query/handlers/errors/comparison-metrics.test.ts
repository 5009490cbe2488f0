import {
  comparisonRows,
  emptySample,
  vitalRanks,
  vitalSample,
  type ReleaseSample,
} from './comparison-metrics';
import { releaseSamples } from './release-comparison';

/** Samples built on the textbook examples of confidence.test.ts, so each row's interval is known. */
function sample(o: Partial<ReleaseSample>): ReleaseSample {
  return { ...emptySample(), ...o };
}
const vital = (point: number, low: number, high: number, n = 100) => ({ n, point, low, high });

const base = sample({
  sessions: 80,
  errorSessions: 32, // 48/80 crash-free
  pageViews: 19_017,
  errors: 15,
  requests: 10,
  failures: 3,
  load: { mean: 100, variance: 100, n: 11 },
  vitals: { LCP: vital(2000, 1800, 2300), INP: vital(200, 150, 260), CLS: vital(0.1, 0.05, 0.2) },
});
const target = sample({
  sessions: 70,
  errorSessions: 14, // 56/70 crash-free
  pageViews: 28_010,
  errors: 41,
  requests: 10,
  failures: 9,
  load: { mean: 110, variance: 100, n: 11 },
  vitals: { LCP: vital(2500, 2300, 2900), INP: vital(200, 150, 260), CLS: vital(0.1, 0.05, 0.2) },
});

describe('comparisonRows', () => {
  const rows = Object.fromEntries(comparisonRows(base, target).map((r) => [r.metric, r]));

  it('has one row per metric, in order, with units', () => {
    expect(comparisonRows(base, target).map((r) => [r.metric, r.unit])).toEqual([
      ['sessions', 'short'],
      ['page_views', 'short'],
      ['crash_free_sessions', 'percentunit'],
      ['errors_per_page_view', 'none'],
      ['lcp_p75', 'ms'],
      ['inp_p75', 'ms'],
      ['cls_p75', 'none'],
      ['http_failure_rate', 'percentunit'],
      ['avg_page_load_ms', 'ms'],
    ]);
  });

  it.each([
    // metric, base, target, ci low, ci high, decimals (×scale), significant
    ['sessions', 80, 70, -34.0046, 14.0046, 4, 1, false],
    ['crash_free_sessions', 0.6, 0.8, 0.0524, 0.3339, 4, 1, true],
    ['errors_per_page_view', 15 / 19_017, 41 / 28_010, 7.5, 127.5, 1, 1e5, true],
    [
      'lcp_p75',
      2000,
      2500,
      500 - Math.sqrt(200 ** 2 + 300 ** 2),
      500 + Math.sqrt(400 ** 2 + 200 ** 2),
      9,
      1,
      true,
    ],
    ['inp_p75', 200, 200, -Math.sqrt(50 ** 2 + 60 ** 2), Math.sqrt(60 ** 2 + 50 ** 2), 9, 1, false],
    ['http_failure_rate', 0.3, 0.9, 0.1705, 0.809, 4, 1, true],
    ['avg_page_load_ms', 100, 110, 1.105, 18.895, 3, 1, true],
  ])('%s: %f → %f, interval %f to %f', (metric, b, t, low, high, digits, scale, significant) => {
    const r = rows[metric]!;
    expect(r.base).toBeCloseTo(b, 12);
    expect(r.target).toBeCloseTo(t, 12);
    expect(r.difference).toBeCloseTo(t - b, 12);
    expect(Number(r.ci_low) * scale).toBeCloseTo(low, digits);
    expect(Number(r.ci_high) * scale).toBeCloseTo(high, digits);
    expect(r.significant).toBe(significant);
  });

  it('counts the samples each metric rests on', () => {
    expect(
      [rows.crash_free_sessions, rows.errors_per_page_view, rows.lcp_p75, rows.avg_page_load_ms].map((r) => [
        r!.base_samples,
        r!.target_samples,
      ]),
    ).toEqual([
      [80, 70],
      [19_017, 28_010],
      [100, 100],
      [11, 11],
    ]);
  });

  it('leaves values, differences and intervals empty where a release has no samples', () => {
    const none = Object.fromEntries(comparisonRows(base, emptySample()).map((r) => [r.metric, r]));
    for (const metric of [
      'crash_free_sessions',
      'errors_per_page_view',
      'lcp_p75',
      'http_failure_rate',
      'avg_page_load_ms',
    ])
      expect(none[metric]).toMatchObject({
        target: null,
        difference: null,
        ci_low: null,
        ci_high: null,
        target_samples: 0,
        significant: false,
      });
    expect(none.sessions).toMatchObject({ base: 80, target: 0, difference: -80, significant: true });
  });

  it('needs two page loads per release for an interval on the mean', () => {
    const one = sample({ load: { mean: 900, variance: 0, n: 1 } });
    expect(
      Object.fromEntries(comparisonRows(base, one).map((r) => [r.metric, r])).avg_page_load_ms,
    ).toMatchObject({
      base: 100,
      target: 900,
      difference: 800,
      ci_low: null,
      significant: false,
    });
  });
});

describe('vital ranks', () => {
  it('reads the point, low and high order statistics', () => {
    expect(vitalRanks(200)).toEqual([150, 138, 163]);
    expect(vitalRanks(0)).toEqual([]);
    const values = new Map([
      [150, 2.5],
      [138, 2.1],
      [163, 3],
    ]);
    expect(vitalSample(200, values)).toEqual({ n: 200, point: 2.5, low: 2.1, high: 3 });
    expect(vitalSample(0, values)).toEqual({ n: 0, point: null, low: null, high: null });
  });
});

describe('releaseSamples', () => {
  it('fills each release from the first-round rows, ignoring other releases', () => {
    const samples = releaseSamples(['1.0', '1.1'], {
      traffic: [
        { release: '1.0', sessions: 5, error_sessions: 1, page_views: 9, errors: 2 },
        { release: 'other', sessions: 50 },
      ],
      pageLoad: [
        { release: '1.0', samples: 3, mean: 1200, variance: 400 },
        { release: '1.1', samples: 1, mean: 900, variance: null },
      ],
      http: [{ release: '1.1', requests: 4, failures: 1 }],
    });
    expect([...samples.keys()]).toEqual(['1.0', '1.1']);
    expect(samples.get('1.0')).toMatchObject({
      sessions: 5,
      errorSessions: 1,
      pageViews: 9,
      errors: 2,
      requests: 0,
      load: { n: 3, mean: 1200, variance: 400 },
    });
    expect(samples.get('1.1')).toMatchObject({
      sessions: 0,
      requests: 4,
      failures: 1,
      load: { n: 1, mean: 900, variance: 0 },
    });
  });
});
