/**
 * Intervals and two-sample tests against textbook values and seeded simulations (exact numbers:
 * the same seed gives the same coverage everywhere).
 */
import { quantileRanks } from './confidence';
import {
  compareQuantiles,
  compareRates,
  quantileInterval,
  quantileRankInterval,
  quantileShiftP,
  rateInterval,
  rateStdError,
} from './intervals';
import { seededRandom } from './random';
import { normalCdf, normalQuantile } from './robust';

describe('quantileRankInterval', () => {
  // Conover, Practical Nonparametric Statistics, table A3 / Hollander & Wolfe: the median's 95 %
  // interval is (x(2), x(9)) for n = 10 (coverage 97.85 %) and (x(6), x(15)) for n = 20 (95.86 %).
  it.each([
    [10, 0.5, 2, 9, 0.9785],
    [20, 0.5, 6, 15, 0.9586],
    // p75 from 5 samples: P(all 5 below the true p75) = 0.75⁵ = 0.237 > 2.5 %, so no upper bound
    // (rank 6 = +∞); P(at most 1 below) = 0.0156 ≤ 2.5 %, so the lower bound is x(2).
    [5, 0.75, 2, 6, 0.9844],
  ])('n = %i, p = %f: ranks %i to %i, coverage %f', (n, p, low, high, coverage) => {
    const r = quantileRankInterval(n, p);
    expect([r.low, r.high]).toEqual([low, high]);
    expect(r.coverage).toBeCloseTo(coverage, 3);
  });

  it.each([100, 1000, 20_000])(
    'p75 of %i: within one rank of the normal approximation (Campbell & Gardner)',
    (n) => {
      const exact = quantileRankInterval(n, 0.75);
      const approx = quantileRanks(n, 0.75);
      expect(Math.abs(exact.low - approx.low)).toBeLessThanOrEqual(1);
      expect(Math.abs(exact.high - approx.high)).toBeLessThanOrEqual(1);
      expect(exact.coverage).toBeGreaterThanOrEqual(0.95);
      expect(exact.point).toBe(Math.ceil(n * 0.75));
    },
  );

  it('the normal path beyond the exact limit agrees with the exact one', () => {
    const exact = quantileRankInterval(50_000, 0.75);
    const normal = quantileRankInterval(50_000, 0.75, 0.95, 0);
    expect(Math.abs(exact.low - normal.low)).toBeLessThanOrEqual(1);
    expect(Math.abs(exact.high - normal.high)).toBeLessThanOrEqual(1);
    expect(normal.coverage).toBeCloseTo(exact.coverage, 2);
    expect(normal.lowLevel).toBeCloseTo(0.7462, 3);
  });
});

describe('quantileInterval coverage (simulation, seed 42)', () => {
  // LCP-like log-normal: median 2 s, σ = 0.5; true p75 = 2000·e^(0.5·z0.75).
  it.each([30, 200])('p75 of %i log-normal samples covers the true p75 about 95 % of the time', (n) => {
    const r = seededRandom(42);
    const truth = 2000 * Math.exp(0.5 * normalQuantile(0.75));
    const runs = 2000;
    let covered = 0;
    for (let i = 0; i < runs; i++) {
      const sample = Array.from({ length: n }, () => 2000 * Math.exp(0.5 * r.normal()));
      const q = quantileInterval(sample, 0.75);
      if (q.low <= truth && truth <= q.high) covered++;
    }
    const claimed = quantileRankInterval(n, 0.75).coverage;
    expect(claimed).toBeGreaterThanOrEqual(0.95);
    // Binomial sd of a 2000-run proportion near 0.95 is 0.005: 3 sd.
    expect(Math.abs(covered / runs - claimed)).toBeLessThan(0.015);
  });
});

describe('rates', () => {
  it('Wilson, Newcombe 1998 method 3: 81/263 → 0.2553 to 0.3662; 0/20 → 0 to 0.1611', () => {
    expect(rateInterval(81, 263)).toMatchObject({
      low: expect.closeTo(0.2553, 4),
      high: expect.closeTo(0.3662, 4),
    });
    expect(rateInterval(0, 20)).toMatchObject({ low: 0, high: expect.closeTo(0.1611, 4) });
  });

  it('a standard error that is not zero at zero errors and shrinks with n', () => {
    expect(rateStdError(0, 40)).toBeGreaterThan(0);
    expect(rateStdError(20, 2000)).toBeLessThan(rateStdError(2, 200));
    // Large n: the Wilson half-width / 1.96 tends to √(p(1−p)/n).
    expect(rateStdError(10_000, 1_000_000)).toBeCloseTo(Math.sqrt((0.01 * 0.99) / 1e6), 6);
  });

  it('compareRates: 48/80 → 56/70 is +0.2 (Newcombe 0.0524 to 0.3339), χ² = 7.02, p = 0.0080', () => {
    const c = compareRates(48, 80, 56, 70);
    expect(c.estimate).toBeCloseTo(0.2, 12);
    expect(c.low).toBeCloseTo(0.0524, 4);
    expect(c.high).toBeCloseTo(0.3339, 4);
    expect(c.pValue).toBeCloseTo(0.00805, 4);
    expect(c.significant).toBe(true);
  });

  it('0/100 → 0/100 is no change, p = 1', () => {
    expect(compareRates(0, 100, 0, 100)).toMatchObject({ estimate: 0, pValue: 1, significant: false });
  });

  it('simulation (seed 7): ~5 % false positives with no change, > 90 % power for 1 % → 2 % at 5000 sessions', () => {
    const r = seededRandom(7);
    const runs = 1000;
    let falsePositives = 0;
    let detected = 0;
    for (let i = 0; i < runs; i++) {
      if (compareRates(r.binomial(5000, 0.01), 5000, r.binomial(5000, 0.01), 5000).significant)
        falsePositives++;
      if (compareRates(r.binomial(5000, 0.01), 5000, r.binomial(5000, 0.02), 5000).significant) detected++;
    }
    expect(falsePositives / runs).toBeGreaterThan(0.02);
    expect(falsePositives / runs).toBeLessThan(0.08);
    expect(detected / runs).toBeGreaterThan(0.9);
  });
});

describe('quantiles moved', () => {
  it('the generalised median test on counts: 150/200 vs 120/200 below', () => {
    // Pooled 270/400 = 0.675; z = 0.15 / √(0.675·0.325·0.01) = 3.207; p = 0.00134.
    expect(quantileShiftP(150, 200, 120, 200)).toBeCloseTo(0.00134, 4);
  });

  it('simulation (seed 9): p75 of 300 vs 300 log-normal loads; ~5 % false positives, LCP +20 % found > 90 %', () => {
    const r = seededRandom(9);
    const draw = (scale: number) =>
      Array.from({ length: 300 }, () => scale * 2000 * Math.exp(0.5 * r.normal()));
    const runs = 500;
    let falsePositives = 0;
    let detected = 0;
    let intervalHoldsShift = 0;
    for (let i = 0; i < runs; i++) {
      if (compareQuantiles(draw(1), draw(1), 0.75).significant) falsePositives++;
      const moved = compareQuantiles(draw(1), draw(1.2), 0.75);
      if (moved.significant) detected++;
      const shift = 0.2 * 2000 * Math.exp(0.5 * normalQuantile(0.75));
      if (moved.low <= shift && shift <= moved.high) intervalHoldsShift++;
    }
    expect(falsePositives / runs).toBeLessThan(0.08);
    expect(detected / runs).toBeGreaterThan(0.9);
    // MOVER of two conservative order-statistic intervals: at least nominal coverage of the true shift.
    expect(intervalHoldsShift / runs).toBeGreaterThan(0.93);
  });
});

describe('normal distribution', () => {
  it.each([
    [0.975, 1.959963985],
    [0.5, 0],
    [0.001, -3.090232306],
  ])('quantile(%f) = %f', (p, z) => expect(normalQuantile(p)).toBeCloseTo(z, 6));

  it('cdf(1.96) = 0.9750021, cdf(−3) = 0.0013499', () => {
    expect(normalCdf(1.96)).toBeCloseTo(0.9750021, 6);
    expect(normalCdf(-3)).toBeCloseTo(0.0013499, 6);
  });
});
