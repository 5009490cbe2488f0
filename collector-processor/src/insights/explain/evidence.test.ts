import { compareCounts, compareSums, poissonInterval, sumInterval } from '../stats/counts';
import { compareQuantiles, compareRates, quantileInterval, rateInterval } from '../stats/intervals';
import type { ExplainMetric, Window } from './dimensions';
import {
  buildEvidenceSql,
  evidence,
  hypothesisStats,
  SAMPLE_MAX,
  toStoredHypothesis,
  type EvidenceQuery,
  type EvidenceRow,
} from './evidence';

const BASELINE: Window = { from: 0, to: 3_600_000, filters: { release: ['1.0'] } };
const CURRENT: Window = { from: 3_600_000, to: 5_400_000, filters: { release: ['1.1'] } };
const Q: EvidenceQuery = {
  project: "p'; DROP TABLE x --",
  metric: { type: 'http', measure: 'p95', endpoint: 'GET api.example/cart' },
  baseline: BASELINE,
  current: CURRENT,
  dimension: 'country',
  segments: ['BR', 'AR'],
};

describe('buildEvidenceSql', () => {
  it.each<[ExplainMetric, string, boolean]>([
    [Q.metric, 'FROM http_requests', true],
    [{ type: 'web_vital', metric: 'INP' }, 'FROM web_vitals', true],
    [{ type: 'http', measure: 'error_rate' }, 'FROM http_requests', false],
    [{ type: 'errors', issueIds: ['fp'] }, 'FROM errors', false],
    [{ type: 'long_tasks' }, 'FROM long_tasks', false],
  ])('%j', (metric, from, sampled) => {
    const { sql, params } = buildEvidenceSql({ ...Q, metric });
    expect(sql).toContain(from);
    expect(sql).not.toContain('DROP');
    // Both windows with their own filters, and the segments, are bound values.
    expect(Object.values(params)).toEqual(
      expect.arrayContaining([Q.project, ['1.0'], ['1.1'], ['BR', 'AR']]),
    );
    expect(sql).toContain('toString(country) IN {');
    expect(sql.includes(`groupArraySampleIf(${SAMPLE_MAX}, 1)`)).toBe(sampled);
    for (const c of ['base_n', 'base_x', 'base_x2', 'cur_n', 'cur_x', 'cur_x2'])
      expect(sql).toContain(`AS ${c}`);
  });
});

describe('hypothesisStats', () => {
  const a = Array.from({ length: 120 }, (_, i) => 100 + i);
  const b = Array.from({ length: 80 }, (_, i) => 300 + 2 * i);
  const row = (own: Partial<EvidenceRow>): EvidenceRow => ({
    base_n: 0,
    base_x: 0,
    base_x2: 0,
    cur_n: 0,
    cur_x: 0,
    cur_x2: 0,
    ...own,
  });
  const values = { baseline: 1, current: 2 };
  const windows = { baseline: BASELINE, current: CURRENT };

  it.each<[string, ExplainMetric, EvidenceRow, object]>([
    [
      'a p95: order statistics of each sample, the generalised median test',
      { type: 'http', measure: 'p95' },
      row({ base_n: 120, cur_n: 80, base_sample: a, cur_sample: b }),
      {
        baseline: { low: quantileInterval(a, 0.95).low, high: quantileInterval(a, 0.95).high, samples: 120 },
        current: { low: quantileInterval(b, 0.95).low, high: quantileInterval(b, 0.95).high, samples: 80 },
        change: compareQuantiles(a, b, 0.95),
      },
    ],
    [
      'a rate: Wilson, Newcombe and the two-proportion test',
      { type: 'http', measure: 'error_rate' },
      row({ base_n: 1000, base_x: 10, cur_n: 500, cur_x: 30 }),
      {
        baseline: { low: rateInterval(10, 1000).low, high: rateInterval(10, 1000).high, samples: 1000 },
        current: { low: rateInterval(30, 500).low, samples: 500 },
        change: compareRates(10, 1000, 30, 500),
      },
    ],
    [
      'errors: Poisson, per unit of time (the current window is half as long)',
      { type: 'errors' },
      row({ base_n: 40, cur_n: 40 }),
      {
        baseline: { low: poissonInterval(40).low, high: poissonInterval(40).high, samples: 40 },
        change: { ...compareCounts(40, 3_600_000, 40, 1_800_000), estimate: 20 },
      },
    ],
    [
      'long-task time: compound Poisson',
      { type: 'long_tasks' },
      row({ base_n: 10, base_x: 1000, base_x2: 120_000, cur_n: 30, cur_x: 9000, cur_x2: 3_000_000 }),
      {
        current: { low: sumInterval(9000, 3_000_000).low, samples: 30 },
        change: compareSums(
          { sum: 1000, sumSquares: 120_000, exposure: 3_600_000 },
          { sum: 9000, sumSquares: 3_000_000, exposure: 1_800_000 },
        ),
      },
    ],
  ])('%s', (_, metric, r, expected) => {
    const s = hypothesisStats(metric, r, values, windows);
    expect(s).toMatchObject(expected);
    // The numbers are the reproducing queries'; the intervals are around them.
    expect(s.baseline.value).toBe(1);
    expect(s.current.value).toBe(2);
  });

  it('an empty window has an unbounded percentile interval, and no change is significant', () => {
    const s = hypothesisStats(
      { type: 'web_vital', metric: 'LCP' },
      row({ cur_n: 80, cur_sample: b }),
      values,
      windows,
    );
    expect([s.baseline.low, s.baseline.high]).toEqual([-Infinity, Infinity]);
    expect(s.change.significant).toBe(false);
  });
});

describe('evidence', () => {
  const h = {
    metric: 'http.p95',
    dimension: 'endpoint',
    segments: ['GET api.example/cart'],
    explanatoryPower: 0.9,
    surprise: 0.4,
    baseline: 200,
    current: NaN,
    queries: { baseline: { type: 'http' }, current: { type: 'http', from: 2 } },
    stats: {
      baseline: { value: 200, low: 180, high: 230, samples: 100 },
      current: { value: NaN, low: -Infinity, high: Infinity, samples: 0 },
      change: { estimate: 1000, low: 900, high: 1100, pValue: 0.001, significant: true },
    },
  };

  it('is { metric, segment, baseline, current, interval (of the change), p } plus the windows', () => {
    expect(evidence(h)).toEqual([
      {
        metric: 'http.p95',
        segment: { endpoint: ['GET api.example/cart'] },
        baseline: 200,
        current: null,
        interval: [900, 1100],
        p: 0.001,
        significant: true,
        baselineInterval: [180, 230],
        currentInterval: [null, null],
        samples: { baseline: 100, current: 0 },
        explanatoryPower: 0.9,
        surprise: 0.4,
      },
    ]);
    // Stored as JSON: nothing is lost (no NaN or Infinity turning into null silently elsewhere).
    expect(JSON.parse(JSON.stringify(evidence(h)))).toEqual(evidence(h));
  });

  it('without stats (a hypothesis from before intervals) has null intervals', () => {
    const [e] = evidence({ ...h, stats: undefined });
    expect(e).toMatchObject({ interval: null, p: null, significant: false });
  });

  it('toStoredHypothesis: title, score = surprise, evidence and both queries', () => {
    expect(toStoredHypothesis(h)).toEqual({
      title: 'endpoint = GET api.example/cart (90 % of the change)',
      score: 0.4,
      evidence: evidence(h),
      queries: [h.queries.baseline, h.queries.current],
    });
  });
});
