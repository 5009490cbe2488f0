/**
 * When did it start? The onset of a shift in a metric's recent buckets, so an insight's start time
 * is the change point rather than the minute the detector fired (which trails it by the baseline's
 * need for evidence).
 *
 * CUSUM of a single mean shift (Page 1954; the location estimate is the maximum-likelihood one for
 * a step in Gaussian noise): S_k = Σ_{i≤k} (x_i − x̄); the step lies where |S_k| peaks. Whether it
 * is a step at all: max |S_k| / (σ̂·√n) against the supremum of a Brownian bridge (Kolmogorov
 * distribution), the statistic's limit under "no change". σ̂ comes from first differences, MAD-scaled
 * and divided by √2, so the step itself (one large difference) and single outliers do not inflate it.
 */
import { MAD_SCALE, median } from './robust';
import type { ChangePoint, ChangePointOptions } from './types';

export const CHANGE_POINT_DEFAULTS: Required<ChangePointOptions> = { minSegment: 3, critical: 1.628 };

/** Robust σ of i.i.d. noise from the first differences (each difference has variance 2σ²). */
export function differenceSigma(values: readonly number[]): number {
  const diffs: number[] = [];
  for (let i = 1; i < values.length; i++) diffs.push(values[i]! - values[i - 1]!);
  return (MAD_SCALE * median(diffs.map(Math.abs))) / Math.SQRT2;
}

/**
 * The most likely single change in `values` (oldest first), or null when the series is consistent
 * with no change. `starts` (bucket starts, same length) only names the time of the change.
 */
export function changePoint(
  values: readonly number[],
  starts?: readonly number[],
  options: ChangePointOptions = {},
): ChangePoint | null {
  const o = { ...CHANGE_POINT_DEFAULTS, ...options };
  const n = values.length;
  if (n < 2 * o.minSegment) return null;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  let sum = 0;
  let best = -1;
  let bestAbs = -1;
  for (let k = 1; k < n; k++) {
    sum += values[k - 1]! - mean;
    if (k < o.minSegment || n - k < o.minSegment) continue;
    if (Math.abs(sum) > bestAbs) [best, bestAbs] = [k, Math.abs(sum)];
  }
  if (best < 0) return null;
  let sigma = differenceSigma(values);
  // Piecewise-constant data (no noise at all): any non-zero step is a change; none is not.
  if (sigma === 0) sigma = bestAbs > 0 ? bestAbs / (o.critical * Math.sqrt(n)) : 0;
  if (sigma === 0) return null;
  const statistic = bestAbs / (sigma * Math.sqrt(n));
  if (statistic < o.critical) return null;
  const before = values.slice(0, best).reduce((s, v) => s + v, 0) / best;
  const after = values.slice(best).reduce((s, v) => s + v, 0) / (n - best);
  return { index: best, start: starts?.[best] ?? NaN, before, after, statistic };
}
