/**
 * Does a set of segments stand out from the rest of its dimension? A change that is everywhere is
 * no segment's doing: when every browser got slower, "browser = Chrome, Safari" explains 80 % of
 * the change only because Chrome and Safari are 80 % of the traffic. So a set of segments is a
 * hypothesis only when its own change is larger than the rest's by a factor (`lift`), and
 * significantly so (`pValue`, one-sided: the set's change exceeds the rest's). Pure.
 *
 * - `rate` metrics (x / y: error rates, the share of samples above the baseline percentile): the
 *   set's rate moved at least `lift` times as much as the rest's, in points **and** relatively
 *   (relative to each side's own baseline rate), so "uniform" is not a matter of reading: a
 *   segment that was already worse must move proportionally more, one that was better must move
 *   more in points. A set new in the current window is compared from the total baseline rate.
 *   Test: difference of the two changes, binomial variances of the four rates (z).
 * - `count` metrics (errors, blocking time): the set's count grew `lift` times as fast as the
 *   rest's (ratio of the two windows' ratios, so windows of different lengths or traffic cancel
 *   out). Test: log ratio of ratios, Poisson variances on the rows (z).
 */
import { normalCdf } from '../stats/robust';

export interface Side {
  baseline: { x: number; y: number };
  current: { x: number; y: number };
}

export interface StandOut {
  /** How many times the set's change is the rest's (Infinity when the rest did not rise). */
  lift: number;
  /** One-sided p-value of "the set's change is no larger than the rest's". */
  pValue: number;
}

const pOf = (z: number) => (Number.isFinite(z) ? 1 - normalCdf(z) : z > 0 ? 0 : 1);

/** A rate's binomial variance, kept off 0 for rates of 0 or 1 (half a row either way). */
const rateVariance = (x: number, n: number) => {
  const p = (x + 0.5) / (n + 1);
  return (p * (1 - p)) / n;
};

function rateStandOut(set: Side, rest: Side): StandOut | undefined {
  // Without rest traffic in both windows there is nothing to compare the set with.
  if (set.current.y <= 0 || rest.baseline.y <= 0 || rest.current.y <= 0) return undefined;
  const totalY = set.baseline.y + rest.baseline.y;
  const total = (set.baseline.x + rest.baseline.x) / totalY;
  const isNew = set.baseline.y <= 0;
  const rS = isNew ? total : set.baseline.x / set.baseline.y;
  const rS2 = set.current.x / set.current.y;
  const rR = rest.baseline.x / rest.baseline.y;
  const rR2 = rest.current.x / rest.current.y;
  const dS = rS2 - rS;
  const dR = rR2 - rR;
  const se = Math.sqrt(
    (isNew
      ? rateVariance(set.baseline.x + rest.baseline.x, totalY)
      : rateVariance(set.baseline.x, set.baseline.y)) +
      rateVariance(set.current.x, set.current.y) +
      rateVariance(rest.baseline.x, rest.baseline.y) +
      rateVariance(rest.current.x, rest.current.y),
  );
  const pValue = pOf((dS - dR) / se);
  if (dS <= 0) return { lift: 0, pValue };
  if (dR <= 0) return { lift: Infinity, pValue };
  const points = dS / dR;
  const relative = rS > 0 ? (points * rR) / rS : Infinity;
  return { lift: Math.min(points, relative), pValue };
}

function countStandOut(set: Side, rest: Side): StandOut {
  const k = (s: Side) => (s.current.x + 0.5) / (s.baseline.x + 0.5);
  const lift = k(set) / k(rest);
  const v = [set.baseline, set.current, rest.baseline, rest.current].reduce((a, w) => a + 1 / (w.y + 0.5), 0);
  return { lift, pValue: pOf(Math.log(lift) / Math.sqrt(v)) };
}

/** The set against the rest of its dimension (undefined: no rest to compare with). */
export function standOut(kind: 'count' | 'rate', set: Side, rest: Side): StandOut | undefined {
  return kind === 'rate' ? rateStandOut(set, rest) : countStandOut(set, rest);
}

/** The sums of some segments' aggregates, as one side. */
export function sumSides(segments: readonly Side[]): Side {
  const s: Side = { baseline: { x: 0, y: 0 }, current: { x: 0, y: 0 } };
  for (const g of segments) {
    s.baseline.x += g.baseline.x;
    s.baseline.y += g.baseline.y;
    s.current.x += g.current.x;
    s.current.y += g.current.y;
  }
  return s;
}
