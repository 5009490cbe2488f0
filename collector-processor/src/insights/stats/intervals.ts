/**
 * Uncertainty of the numbers an insight reports, and the two-sample tests a release regression
 * uses: "did the p75 move", "did the rate move". Distribution-free for quantiles (web vitals are
 * skewed and multi-modal; no normal or log-normal assumption holds across routes).
 */
import { moverDifference, proportionDifference, wilson, Z95 } from './confidence';
import { normalCdf, twoSidedP, zFor } from './robust';
import type { Comparison, Estimate, QuantileRankInterval } from './types';

/** Above this n the binomial is replaced by its normal approximation (error far below one rank). */
const EXACT_MAX = 100_000;

/**
 * Ranks of the order statistics bounding a distribution-free interval for the p-quantile of n
 * samples: the number of samples below the true quantile is Binomial(n, p), so [x(l), x(u)] covers
 * it with probability F(u−1) − F(l−1). l is the largest rank leaving at most (1−confidence)/2
 * below, u the smallest leaving at most that above; the coverage is therefore at least `confidence`
 * (conservative, as exact intervals from a discrete distribution are). Conover, Practical
 * Nonparametric Statistics (3rd ed.), §3.2.
 */
export function quantileRankInterval(
  n: number,
  p: number,
  confidence = 0.95,
  exactMax = EXACT_MAX,
): QuantileRankInterval {
  if (!(p > 0 && p < 1) || n < 1)
    throw new RangeError(`quantile interval needs 0 < p < 1 and n ≥ 1 (p ${p}, n ${n})`);
  const tail = (1 - confidence) / 2;
  const point = Math.min(n, Math.max(1, Math.ceil(n * p)));
  let low = 0;
  let high = n + 1;
  let cdfLow = 0;
  let cdfHigh = 1;
  if (n <= exactMax) {
    // One pass over the pmf in log space (log factorials accumulated) avoids overflow for any n.
    const logP = Math.log(p);
    const logQ = Math.log1p(-p);
    let logFactK = 0;
    let logFactN = 0;
    for (let i = 2; i <= n; i++) logFactN += Math.log(i);
    let logFactNK = logFactN;
    let cdf = 0;
    for (let k = 0; k < n; k++) {
      if (k > 0) logFactK += Math.log(k);
      if (k > 0) logFactNK -= Math.log(n - k + 1);
      cdf += Math.exp(logFactN - logFactK - logFactNK + k * logP + (n - k) * logQ);
      // cdf is now F(k), the value that rank r = k + 1 is judged by.
      if (cdf <= tail) [low, cdfLow] = [k + 1, cdf];
      if (cdf >= 1 - tail && high === n + 1) [high, cdfHigh] = [k + 1, cdf];
    }
  } else {
    const mean = n * p;
    const sd = Math.sqrt(n * p * (1 - p));
    const z = zFor(confidence);
    low = Math.max(0, Math.floor(mean + 0.5 - z * sd));
    high = Math.min(n + 1, Math.ceil(mean + 0.5 + z * sd));
    cdfLow = low > 0 ? normalCdf((low - 0.5 - mean) / sd) : 0;
    cdfHigh = high <= n ? normalCdf((high - 0.5 - mean) / sd) : 1;
  }
  return {
    point,
    low,
    high,
    coverage: cdfHigh - cdfLow,
    lowLevel: low / n,
    highLevel: Math.min(1, high / n),
  };
}

/** The p-quantile of a sample (the value at rank ceil(n·p)) with its distribution-free interval. */
export function quantileInterval(
  sample: readonly number[],
  p: number,
  confidence = 0.95,
): Estimate & { coverage: number } {
  const sorted = [...sample].sort((a, b) => a - b);
  const n = sorted.length;
  if (n === 0) return { estimate: NaN, low: -Infinity, high: Infinity, coverage: 0 };
  const r = quantileRankInterval(n, p, confidence);
  return {
    estimate: sorted[r.point - 1]!,
    low: r.low >= 1 ? sorted[r.low - 1]! : -Infinity,
    high: r.high <= n ? sorted[r.high - 1]! : Infinity,
    coverage: r.coverage,
  };
}

/** Wilson score interval for a rate x/n (good near 0, where error rates live; Wald is not). */
export function rateInterval(x: number, n: number, confidence = 0.95): Estimate {
  if (n <= 0) return { estimate: NaN, low: 0, high: 1 };
  return wilson(x, n, zFor(confidence));
}

/**
 * A standard error for x/n that the baseline can combine with the history's spread: half the
 * Wilson 95 % width over 1.96. Unlike √(p(1−p)/n) it is not zero at 0 errors.
 */
export function rateStdError(x: number, n: number): number {
  if (n <= 0) return Infinity;
  const w = wilson(x, n);
  return (w.high - w.low) / (2 * Z95);
}

/** Pooled two-proportion z-test (the 2×2 χ² without continuity correction) of xa/na = xb/nb. */
function twoProportionP(xa: number, na: number, xb: number, nb: number): number {
  const pooled = (xa + xb) / (na + nb);
  const se = Math.sqrt(pooled * (1 - pooled) * (1 / na + 1 / nb));
  if (se === 0) return 1;
  return twoSidedP((xb / nb - xa / na) / se);
}

/**
 * Did the rate move from a (before, the previous release) to b (after)? The difference b − a with
 * Newcombe's hybrid score interval, and the pooled z-test's p-value for significance.
 */
export function compareRates(xa: number, na: number, xb: number, nb: number, confidence = 0.95): Comparison {
  const d = proportionDifference(xb, nb, xa, na, zFor(confidence));
  const pValue = twoProportionP(xa, na, xb, nb);
  return { ...d, pValue, significant: pValue < 1 - confidence };
}

/**
 * Did the p-quantile move? Mood's median test generalised to any quantile: the share of each
 * sample at or below the pooled p-quantile must be the same under "no change", a 2×2 test on
 * counts. Takes counts so the engine can get them from SQL (countIf(value <= t)).
 */
export function quantileShiftP(belowA: number, na: number, belowB: number, nb: number): number {
  return twoProportionP(belowA, na, belowB, nb);
}

/**
 * The p-quantile of b minus that of a, with the MOVER combination of the two order-statistic
 * intervals, and the p-value of the generalised median test.
 */
export function compareQuantiles(
  a: readonly number[],
  b: readonly number[],
  p: number,
  confidence = 0.95,
): Comparison {
  const qa = quantileInterval(a, p, confidence);
  const qb = quantileInterval(b, p, confidence);
  const d = moverDifference(qb, qa);
  const pooled = [...a, ...b].sort((x, y) => x - y);
  const threshold = pooled[Math.min(pooled.length, Math.max(1, Math.ceil(pooled.length * p))) - 1]!;
  const below = (s: readonly number[]) => s.reduce((c, v) => c + (v <= threshold ? 1 : 0), 0);
  const pValue = a.length && b.length ? quantileShiftP(below(a), a.length, below(b), b.length) : 1;
  return { ...d, pValue, significant: pValue < 1 - confidence };
}
