/**
 * Uncertainty of counts and sums over a time window, and whether they moved between two windows
 * of possibly different lengths: errors are Poisson counts, long-task time a compound Poisson sum
 * (a Poisson number of tasks, each blocking for its own time).
 */
import { twoSidedP, zFor } from './robust';
import type { Comparison, Estimate } from './types';

/**
 * Score interval for a Poisson mean from one count c: the λ with |c − λ| ≤ z√λ, i.e.
 * c + z²/2 ± z√(c + z²/4). Unlike c ± z√c it is not empty at 0 (upper bound z² ≈ 3.84; the exact
 * Garwood bound is 3.69), and its coverage is close to nominal for small counts.
 */
export function poissonInterval(count: number, confidence = 0.95): Estimate {
  const z = zFor(confidence);
  const centre = count + (z * z) / 2;
  const spread = z * Math.sqrt(count + (z * z) / 4);
  return { estimate: count, low: Math.max(0, centre - spread), high: centre + spread };
}

const significance = (pValue: number, confidence: number) => ({
  pValue,
  significant: pValue < 1 - confidence,
});

/**
 * Did a count move from a (over exposure ta, e.g. the baseline window's length) to b (over tb)?
 * The difference is b − a·tb/ta (the baseline scaled to the current window) with a normal
 * interval (var b + a·(tb/ta)²); the p-value is the conditional test: given a + b events, b is
 * Binomial(a + b, tb/(ta + tb)) when the rate did not change.
 */
export function compareCounts(a: number, ta: number, b: number, tb: number, confidence = 0.95): Comparison {
  const r = tb / ta;
  const d = b - a * r;
  const half = zFor(confidence) * Math.sqrt(b + a * r * r);
  const n = a + b;
  const w = tb / (ta + tb);
  const pValue = n > 0 ? twoSidedP((b - n * w) / Math.sqrt(n * w * (1 - w))) : 1;
  return { estimate: d, low: d - half, high: d + half, ...significance(pValue, confidence) };
}

/**
 * A compound Poisson sum S = Σ bᵢ (a Poisson number of terms): Var S = E[N]·E[b²], estimated by
 * Σ bᵢ². The interval is normal, floored at 0.
 */
export function sumInterval(sum: number, sumSquares: number, confidence = 0.95): Estimate {
  const half = zFor(confidence) * Math.sqrt(sumSquares);
  return { estimate: sum, low: Math.max(0, sum - half), high: sum + half };
}

/** Did a compound Poisson sum move from a (Σb² a2, exposure ta) to b (b2, tb)? As compareCounts. */
export function compareSums(
  a: { sum: number; sumSquares: number; exposure: number },
  b: { sum: number; sumSquares: number; exposure: number },
  confidence = 0.95,
): Comparison {
  const r = b.exposure / a.exposure;
  const d = b.sum - a.sum * r;
  const se = Math.sqrt(b.sumSquares + a.sumSquares * r * r);
  const half = zFor(confidence) * se;
  const pValue = se > 0 ? twoSidedP(d / se) : d === 0 ? 1 : 0;
  return { estimate: d, low: d - half, high: d + half, ...significance(pValue, confidence) };
}
