/** Types of the insight statistics (pure; no I/O anywhere in this folder). */

/** One bucket of a metric's history. */
export interface SeriesPoint {
  /** Bucket start, ms since the epoch (UTC). */
  start: number;
  value: number;
  /** What the value was computed from (sessions for a rate, measurements for a p75). */
  samples: number;
  /** Sampling standard error of `value`, when the caller knows it (Wilson, order statistics). */
  stdError?: number;
}

export interface BaselineOptions {
  /** Past weeks to take the same hour of the same weekday from (as many as exist). Default 8. */
  weeks?: number;
  /** Past days to fall back on when fewer than `minPoints` weeks qualify. Default 7. */
  days?: number;
  /** A history point (and the judged bucket) needs at least this many samples. Default 30. */
  minSamples?: number;
  /** Qualifying history points needed for a baseline. Default 3. */
  minPoints?: number;
  /** Points within ± this of the seasonal offset count (a whole hour with minute buckets). Default 30 min. */
  halfWindowMs?: number;
  /** Floor of the spread as a fraction of |expected|, so a flat history cannot make tiny moves alarm. Default 0.05. */
  minRelativeSpread?: number;
  /** Absolute floor of the spread. Default 1e-9. */
  minSpread?: number;
  /** |score| at or above which `alarm` is set. Default 3.5 (Iglewicz & Hoaglin's cut for robust z). */
  threshold?: number;
  /** Which side alarms: 'up' for error rates and latencies, 'down' for traffic drops. Default 'both'. */
  direction?: 'up' | 'down' | 'both';
  /**
   * When fewer than `minPoints` past days of the judged day's kind (weekday / weekend) qualify,
   * take past days of both kinds rather than no baseline. For values that do not scale with
   * traffic (rates, percentiles, per-page-view sums); never for counts, whose weekend level
   * differs. Default false.
   */
  mixDayKinds?: boolean;
}

export type Season = 'weekly' | 'daily' | 'none';

export interface Baseline {
  /** Median of the seasonal history points. NaN without enough data. */
  expected: number;
  /**
   * The score's divisor: the prediction error of value − expected (history's variation beyond
   * sampling, the value's own standard error, the median's error), floored.
   */
  spread: number;
  /** Robust z: (value − expected) / spread. 0 without enough data. */
  score: number;
  enoughData: boolean;
  /** Why there is or is not a baseline, for the evidence pack. */
  reason: string;
  season: Season;
  /** History points the baseline used. */
  points: number;
  /** enoughData and |score| ≥ threshold on the configured side. */
  alarm: boolean;
}

export interface Interval {
  low: number;
  high: number;
}

export interface Estimate extends Interval {
  estimate: number;
}

/** A distribution-free interval for a quantile, as 1-based ranks and as quantile levels. */
export interface QuantileRankInterval {
  /** Rank of the point estimate, ceil(n·p). */
  point: number;
  /** Rank of the lower bound; 0 when n is too small for a lower bound (−∞). */
  low: number;
  /** Rank of the upper bound; n + 1 when n is too small for an upper bound (+∞). */
  high: number;
  /** Exact coverage of [x(low), x(high)]: P(low ≤ rank of the true quantile < high). */
  coverage: number;
  /** low / n and high / n: levels to ask ClickHouse's quantiles() for when only aggregates are at hand. */
  lowLevel: number;
  highLevel: number;
}

/** Outcome of a two-sample comparison; differences are always b − a (new − old). */
export interface Comparison extends Estimate {
  /** Two-sided p-value of "no change". */
  pValue: number;
  /** pValue < 1 − confidence. */
  significant: boolean;
}

export interface ChangePointOptions {
  /** Fewest points on each side of the change. Default 3. */
  minSegment?: number;
  /**
   * Critical value of the standardised CUSUM (supremum of a Brownian bridge, the Kolmogorov
   * distribution): 1.358 is 95 %, 1.628 is 99 %. Default 1.628.
   */
  critical?: number;
}

export interface ChangePoint {
  /** Index of the first point after the change. */
  index: number;
  /** Bucket start of that point when times were given, else NaN. */
  start: number;
  /** Mean before and after. */
  before: number;
  after: number;
  /** Standardised CUSUM statistic (≥ critical). */
  statistic: number;
}
