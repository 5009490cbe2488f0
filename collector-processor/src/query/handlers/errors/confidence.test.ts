/**
 * The interval formulas against published worked examples; values quoted to the printed
 * precision of the source.
 */
import {
  excludesZero,
  moverDifference,
  poissonCountDifference,
  poissonRateDifference,
  proportionDifference,
  quantileRanks,
  studentTQuantile,
  waldProportionDifference,
  welchDifference,
  wilson,
} from './confidence';

const Z90 = 1.6448536269514722;

describe('wilson', () => {
  // Newcombe, "Two-sided confidence intervals for the single proportion" (Stat Med 1998), method 3.
  it.each([
    [81, 263, 0.2553, 0.3662],
    [15, 148, 0.0624, 0.1605],
    [0, 20, 0, 0.1611],
    [1, 29, 0.0061, 0.1718],
  ])('%i/%i: %f to %f', (x, n, low, high) => {
    const w = wilson(x, n);
    expect(w.low).toBeCloseTo(low, 4);
    expect(w.high).toBeCloseTo(high, 4);
  });
});

describe('difference of proportions', () => {
  // Newcombe, "Interval estimation for the difference between independent proportions" (Stat Med 1998).
  it.each([
    [56, 70, 48, 80, 0.0524, 0.3339],
    [9, 10, 3, 10, 0.1705, 0.809],
    [5, 56, 0, 29, -0.0381, 0.1926],
  ])('Newcombe method 10: %i/%i − %i/%i', (xa, na, xb, nb, low, high) => {
    const d = proportionDifference(xa, na, xb, nb);
    expect(d.estimate).toBeCloseTo(xa / na - xb / nb, 12);
    expect(d.low).toBeCloseTo(low, 4);
    expect(d.high).toBeCloseTo(high, 4);
  });

  it('Wald (method 1): 56/70 − 48/80 is 0.0575 to 0.3425', () => {
    const d = waldProportionDifference(56, 70, 48, 80);
    expect(d.low).toBeCloseTo(0.0575, 4);
    expect(d.high).toBeCloseTo(0.3425, 4);
  });
});

describe('Poisson', () => {
  // Rothman & Greenland, Modern Epidemiology: 41 cases in 28,010 person-years against 15 in 19,017,
  // rate difference 67.5 per 100,000 person-years, 90% interval 17.1 to 117.9.
  it('rate difference', () => {
    const d = poissonRateDifference(41, 28_010, 15, 19_017, Z90);
    expect(d.estimate * 1e5).toBeCloseTo(67.5, 1);
    expect(d.low * 1e5).toBeCloseTo(17.1, 1);
    expect(d.high * 1e5).toBeCloseTo(117.9, 1);
  });

  it('count difference: var(a − b) = a + b', () => {
    // 144 − 81 = 63, standard error √225 = 15.
    expect(poissonCountDifference(144, 81, 2)).toEqual({ estimate: 63, low: 33, high: 93 });
  });
});

describe('Student t and Welch', () => {
  // Two-sided 95% critical values from any t table.
  it.each([
    [1, 12.706],
    [2, 4.303],
    [5, 2.571],
    [10, 2.228],
    [20, 2.086],
    [30, 2.042],
    [120, 1.98],
    [1e7, 1.96],
  ])('t(0.975, %d) = %f', (df, t) => {
    expect(studentTQuantile(0.975, df)).toBeCloseTo(t, 3);
  });

  it('equal sizes and variances give df = 2(n − 1)', () => {
    // n = 11, s² = 100 each: se = √(200/11) = 4.2640, df = 20, t = 2.086: 10 ± 8.895.
    const d = welchDifference({ mean: 110, variance: 100, n: 11 }, { mean: 100, variance: 100, n: 11 });
    expect(d.low).toBeCloseTo(1.105, 3);
    expect(d.high).toBeCloseTo(18.895, 3);
  });

  it('unequal variances use the Welch–Satterthwaite df', () => {
    // s² 16/10 and 1/20: df = (1.6 + 0.05)² / (1.6²/9 + 0.05²/19) = 9.5669; t(0.975, 9.5669) = 2.2419
    // (by Simpson integration of the t density, independently of the incomplete beta used here).
    const d = welchDifference({ mean: 5, variance: 16, n: 10 }, { mean: 3, variance: 1, n: 20 });
    const half = 2.2419 * Math.sqrt(1.65);
    expect(d.low).toBeCloseTo(2 - half, 3);
    expect(d.high).toBeCloseTo(2 + half, 3);
  });

  it('no spread: the interval is the difference', () => {
    expect(welchDifference({ mean: 2, variance: 0, n: 5 }, { mean: 1, variance: 0, n: 5 })).toEqual({
      estimate: 1,
      low: 1,
      high: 1,
    });
  });
});

describe('quantileRanks', () => {
  // Campbell & Gardner, Statistics with Confidence ch. 5: the median of 100 lies between the 40th
  // and 61st values; the median of 11 between the 2nd and 10th.
  it.each([
    [100, 0.5, { point: 50, low: 40, high: 61 }],
    [11, 0.5, { point: 6, low: 2, high: 10 }],
    // 75th percentile of 200: n·p = 150, spread 1.96·√37.5 = 12.00: ranks 138 and 163.
    [200, 0.75, { point: 150, low: 138, high: 163 }],
    // Tiny samples clamp to the sample.
    [1, 0.75, { point: 1, low: 1, high: 1 }],
    [3, 0.75, { point: 3, low: 1, high: 3 }],
  ])('n = %i, p = %f', (n, p, ranks) => {
    expect(quantileRanks(n, p)).toEqual(ranks);
  });
});

describe('moverDifference', () => {
  it('combines each side of two asymmetric intervals in quadrature', () => {
    // a: 10 (8, 16), b: 7 (6, 11): low 3 − √(2² + 4²), high 3 + √(6² + 1²).
    const d = moverDifference({ estimate: 10, low: 8, high: 16 }, { estimate: 7, low: 6, high: 11 });
    expect(d.estimate).toBe(3);
    expect(d.low).toBeCloseTo(3 - Math.sqrt(20), 12);
    expect(d.high).toBeCloseTo(3 + Math.sqrt(37), 12);
  });
});

describe('excludesZero', () => {
  it.each([
    [{ low: 0.1, high: 2 }, true],
    [{ low: -2, high: -0.1 }, true],
    [{ low: -1, high: 1 }, false],
    [{ low: 0, high: 1 }, false],
  ])('%j: %s', (i, expected) => {
    expect(excludesZero(i)).toBe(expected);
  });
});
