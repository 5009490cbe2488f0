/**
 * The evidence entries of correlated changes, pure, in the shape every detector writes
 * (explain/evidence.ts): `{ metric, segment, baseline, current, interval, p, significant, samples }`
 * plus the share of the new release's sessions the item reaches.
 */
import { rateInterval } from '../stats';

type Row = Record<string, unknown>;

function rateIntervalOf(x: number, n: number): [number, number] | null {
  if (n <= 0) return null;
  const r = rateInterval(Math.min(x, n), n);
  return [r.low, r.high];
}

/**
 * One evidence entry in the shape every detector writes (explain/evidence.ts): the item's number
 * in each release, the 95 % interval of the change and its p-value where computed (null where
 * not), sample sizes, and the share of the new release's sessions the item reaches (Wilson).
 */
export function entry(
  metric: string,
  segment: Record<string, string>,
  values: { baseline: number | null; current: number },
  change: { low: number; high: number; pValue: number } | null,
  samples: { baseline: number; current: number },
  reach: { sessions: number; of: number },
): Row {
  const share = reach.of > 0 ? Math.min(1, reach.sessions / reach.of) : 0;
  return {
    metric,
    segment,
    ...values,
    interval: change ? [change.low, change.high] : null,
    p: change ? change.pValue : null,
    significant: change ? change.pValue < 0.05 && (change.low > 0 || change.high < 0) : false,
    samples,
    sessionShare: { value: share, interval: rateIntervalOf(reach.sessions, reach.of) },
  };
}
