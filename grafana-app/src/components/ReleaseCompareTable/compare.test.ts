import { comparisonRows, formatDifference, formatInterval, formatValue, verdictOf, verdictText } from './compare';

describe('formatting', () => {
  it.each([
    [2276, 'ms', '2.28 s'],
    [251, 'ms', '251 ms'],
    [0.22, 'none', '0.22'],
    [0.375, 'percentunit', '37.5%'],
    [1234, 'short', '1.23 K'],
    [null, 'ms', '–'],
  ])('value %p in %s reads %s', (value, unit, text) => {
    expect(formatValue(value, unit)).toBe(text);
  });

  it.each([
    [316, 'ms', '+316 ms'],
    [-125, 'ms', '\u2212125 ms'],
    [0, 'ms', '±0 ms'],
    // Shares differ in percentage points, not percent.
    [0.05, 'percentunit', '+5.0 pp'],
    [-0.1374, 'percentunit', '\u221213.7 pp'],
    [-0.01, 'none', '\u22120.01'],
    [null, 'ms', '–'],
  ])('difference %p in %s reads %s', (value, unit, text) => {
    expect(formatDifference(value, unit)).toBe(text);
  });

  it.each([
    [160.1, 517.1, 'ms', '+160 ms to +517 ms'],
    [-45.4, 35.7, 'ms', '\u221245.4 ms to +35.7 ms'],
    [0.403, 0.657, 'percentunit', '+40.3 pp to +65.7 pp'],
    [null, null, 'ms', '–'],
  ])('interval %p..%p in %s reads %s', (low, high, unit, text) => {
    expect(formatInterval(low, high, unit)).toBe(text);
  });
});

describe('verdicts', () => {
  it.each([
    ['lcp_p75', 316, true, 'worse', 'Slower'],
    ['lcp_p75', -316, true, 'better', 'Faster'],
    ['avg_page_load_ms', 300, true, 'worse', 'Slower'],
    ['cls_p75', 0.05, true, 'worse', 'Worse'],
    ['crash_free_sessions', -0.1, true, 'worse', 'Worse'],
    ['crash_free_sessions', 0.1, true, 'better', 'Better'],
    ['errors_per_page_view', 0.22, true, 'worse', 'Worse'],
    ['http_failure_rate', -0.2, true, 'better', 'Better'],
    ['sessions', 16, true, 'changed', 'Significantly higher'],
    ['lcp_p75', 316, false, 'none', 'No significant change'],
    ['inp_p75', null, true, 'none', 'No significant change'],
  ] as const)('%s changed by %p (significant: %p) is %s: "%s"', (metric, difference, significant, verdict, text) => {
    const row = { metric, difference, significant };
    expect(verdictOf(row)).toBe(verdict);
    expect(verdictText(row)).toBe(text);
  });
});

it('reads the frame columns into rows, nulls kept', () => {
  expect(
    comparisonRows({
      metric: ['lcp_p75'],
      unit: ['ms'],
      base: [2276],
      target: [null],
      difference: [null],
      ci_low: [null],
      ci_high: [null],
      base_samples: [50],
      target_samples: [0],
      significant: [false],
    })
  ).toEqual([
    {
      metric: 'lcp_p75',
      unit: 'ms',
      base: 2276,
      target: null,
      difference: null,
      ciLow: null,
      ciHigh: null,
      baseSamples: 50,
      targetSamples: 0,
      significant: false,
    },
  ]);
});
