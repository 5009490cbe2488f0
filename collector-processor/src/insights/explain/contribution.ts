/**
 * Contribution analysis (Adtributor, Bhagwan et al., NSDI 2014): given a metric's per-segment
 * aggregates in a baseline and a current window for each dimension, which segments explain the
 * change, by how much (explanatory power) and how surprising each is (Jensen–Shannon divergence of
 * its share before vs after). Pure: the SQL that reads the aggregates is in segments-sql.ts.
 *
 * Every metric is expressed through additive per-segment counts so that contributions sum exactly
 * to the total change:
 * - `count` (errors, sessions…): the metric is Σx; a segment's contribution is x_cur − x_base.
 * - `rate` (error rate, and percentiles, see below): the metric is r = Σx / Σy. Its change splits
 *   exactly into per-segment terms (a shift-share decomposition):
 *     Δ_s = w'_s (r'_s − r_s) + (r_s − r)(w'_s − w_s)
 *   with w_s = y_s/Σy the segment's share of traffic and r_s = x_s/y_s its own rate (primes: current
 *   window). The first term is the segment's own change weighted by its traffic now, the second
 *   the mix effect of its traffic share moving while its rate differs from the total. Σ_s Δ_s =
 *   r' − r, and a segment whose rate and share both stayed put contributes 0 (unlike Adtributor's
 *   derived-measure formula, where a segment that is always worse than average keeps a share of
 *   any change). A segment new in the current window has no rate of its own yet: r_s := r.
 * - Percentiles (p75 LCP…) are not additive over segments, so the reader turns them into a rate:
 *   x = samples above the baseline window's overall p75, y = samples. In the baseline that rate is
 *   0.25 by definition; the p75 rises exactly when more than a quarter of the samples exceed the
 *   old p75, and the segments' excess counts add up. The hypotheses still report each segment's own
 *   p75 before and after (reproducible with a web_vitals query), the rate is only how we rank.
 *
 * Surprise uses the segment's share of x (errors, samples above the threshold) before and after:
 * a uniform shift keeps every share and so has no surprise, a shift concentrated in one segment
 * moves that segment's share.
 *
 * A set of segments is a hypothesis only when it stands out from the rest of its dimension
 * (stand-out.ts): its change at least `minLift` times the rest's, significantly. Its score is
 * min(1, explanatory power) × (1 − 1 / lift), on 0–1 and of the set as one (so it cannot grow with
 * the set's size); a set always ranks after every single segment that explains the change
 * (Adtributor's succinctness: the fewest elements that reach the threshold).
 */
import { standOut, sumSides } from './stand-out';

export type MetricKind = 'count' | 'rate';

/** One segment's aggregates in the two windows; y is unused for `count` metrics. */
export interface SegmentAggregates {
  segment: string;
  /** True for the SQL's "everything else" bucket: counted in totals, never a hypothesis. */
  other?: boolean;
  baseline: { x: number; y: number };
  current: { x: number; y: number };
}

export interface DimensionAggregates {
  dimension: string;
  segments: SegmentAggregates[];
  /** Overrides ExplainOptions.maxSegments (1 where only one segment's number can be reproduced). */
  maxSegments?: number;
}

export interface SegmentScore {
  segment: string;
  other: boolean;
  /** Share of the total change this segment accounts for (signed; sums to 1 over the dimension). */
  explanatoryPower: number;
  /** The segment's Jensen–Shannon term (bits) for its share of x, before vs after. */
  surprise: number;
  /** The segment's own metric value in each window (count, or x/y; NaN without traffic). */
  baseline: number;
  current: number;
}

export interface Hypothesis {
  dimension: string;
  segments: string[];
  /** Sum of the chosen segments' explanatory power. */
  explanatoryPower: number;
  /** Sum of the chosen segments' surprise (bits). */
  surprise: number;
  /** How many times the set's change is the rest of the dimension's (stand-out.ts). */
  lift: number;
  /** One-sided p-value of the set's change exceeding the rest's. */
  pValue: number;
  /** min(1, explanatory power) × (1 − 1 / lift), on 0–1: how hypotheses are ranked. */
  score: number;
  /** The chosen segments together: the metric's value (count or rate) in each window. */
  baseline: number;
  current: number;
}

export interface ExplainOptions {
  /** A dimension's chosen segments must explain at least this share of the change (Adtributor T_EP). */
  minExplained: number;
  /** Segments explaining less than this share are never chosen (Adtributor T_EEP). */
  minSegmentPower: number;
  /** At most this many segments per hypothesis: a set larger than that explains nothing. */
  maxSegments: number;
  /** The set's change must be at least this many times the rest of the dimension's. */
  minLift: number;
  /** …and larger than the rest's at this one-sided significance. */
  maxPValue: number;
}

export const DEFAULT_EXPLAIN_OPTIONS: ExplainOptions = {
  minExplained: 0.67,
  minSegmentPower: 0.1,
  maxSegments: 3,
  minLift: 2,
  maxPValue: 0.01,
};

/**
 * Adtributor's surprise of one segment: its term of the Jensen–Shannon divergence (bits) between
 * the distributions of x over segments before (share p) and after (share q). Summed over all
 * segments it is the divergence itself; 0 when the share did not move, at most 0.5 per segment.
 */
export function surprise(p: number, q: number): number {
  const m = (p + q) / 2;
  const term = (a: number) => (a > 0 ? 0.5 * a * Math.log2(a / m) : 0);
  return term(p) + term(q);
}

const ratio = (x: number, y: number) => (y > 0 ? x / y : NaN);

interface Totals {
  x: number;
  y: number;
  x2: number;
  y2: number;
}

function totals(segments: readonly SegmentAggregates[]): Totals {
  const t = { x: 0, y: 0, x2: 0, y2: 0 };
  for (const s of segments) {
    t.x += s.baseline.x;
    t.y += s.baseline.y;
    t.x2 += s.current.x;
    t.y2 += s.current.y;
  }
  return t;
}

/** A segment's contribution to the change, in the metric's units (see the file comment). */
function contribution(kind: MetricKind, s: SegmentAggregates, t: Totals): number {
  if (kind === 'count') return s.current.x - s.baseline.x;
  const r = ratio(t.x, t.y);
  const w = t.y > 0 ? s.baseline.y / t.y : 0;
  const w2 = t.y2 > 0 ? s.current.y / t.y2 : 0;
  const rs = s.baseline.y > 0 ? s.baseline.x / s.baseline.y : r;
  const rs2 = s.current.y > 0 ? s.current.x / s.current.y : 0;
  return w2 * (rs2 - rs) + (rs - r) * (w2 - w);
}

/** The metric's value over the whole dimension in each window, and its change. */
export function metricChange(kind: MetricKind, segments: readonly SegmentAggregates[]) {
  const t = totals(segments);
  const baseline = kind === 'count' ? t.x : ratio(t.x, t.y);
  const current = kind === 'count' ? t.x2 : ratio(t.x2, t.y2);
  return { baseline, current, change: current - baseline };
}

/** Explanatory power and surprise of every segment of one dimension. */
export function scoreSegments(kind: MetricKind, segments: readonly SegmentAggregates[]): SegmentScore[] {
  const t = totals(segments);
  const { change } = metricChange(kind, segments);
  return segments.map((s) => ({
    segment: s.segment,
    other: s.other ?? false,
    explanatoryPower: change !== 0 && Number.isFinite(change) ? contribution(kind, s, t) / change : 0,
    surprise: surprise(t.x > 0 ? s.baseline.x / t.x : 0, t.x2 > 0 ? s.current.x / t.x2 : 0),
    baseline: kind === 'count' ? s.baseline.x : ratio(s.baseline.x, s.baseline.y),
    current: kind === 'count' ? s.current.x : ratio(s.current.x, s.current.y),
  }));
}

/**
 * The smallest set of one dimension's segments that explains at least `minExplained` of the
 * change: segments by explanatory power, largest first (so no smaller set reaches the threshold),
 * never the "other" bucket. None when the dimension cannot explain the change that way, or only
 * with all of its segments.
 */
export function explainDimension(
  kind: MetricKind,
  dim: DimensionAggregates,
  options: ExplainOptions = DEFAULT_EXPLAIN_OPTIONS,
): Hypothesis | undefined {
  const scores = scoreSegments(kind, dim.segments);
  const candidates = scores
    .filter((s) => !s.other && s.explanatoryPower >= options.minSegmentPower)
    .sort((a, b) => b.explanatoryPower - a.explanatoryPower || b.surprise - a.surprise);
  const chosen: SegmentScore[] = [];
  let explained = 0;
  for (const s of candidates.slice(0, dim.maxSegments ?? options.maxSegments)) {
    chosen.push(s);
    explained += s.explanatoryPower;
    if (explained >= options.minExplained) break;
  }
  if (explained < options.minExplained) return undefined;
  // Every segment of the dimension is no explanation: "all browsers" says nothing about browsers.
  const named = dim.segments.filter(
    (s) => !s.other && s.baseline.y + s.current.y + s.baseline.x + s.current.x > 0,
  );
  if (chosen.length >= named.length) return undefined;
  const names = new Set(chosen.map((s) => s.segment));
  // A change that is everywhere is no segment's doing: the set must stand out from the rest.
  const out = standOut(
    kind,
    sumSides(dim.segments.filter((s) => names.has(s.segment))),
    sumSides(dim.segments.filter((s) => !names.has(s.segment))),
  );
  if (!out || out.lift < options.minLift || out.pValue > options.maxPValue) return undefined;
  const { baseline, current } = metricChange(
    kind,
    dim.segments.filter((s) => names.has(s.segment)),
  );
  return {
    dimension: dim.dimension,
    segments: chosen.map((s) => s.segment),
    explanatoryPower: explained,
    surprise: chosen.reduce((a, s) => a + s.surprise, 0),
    lift: out.lift,
    pValue: out.pValue,
    score: Math.max(0, Math.min(1, explained)) * (1 - 1 / out.lift),
    baseline,
    current,
  };
}

/**
 * Hypotheses over every dimension, best first: single segments before sets (succinctness), then
 * by score, then surprise. A set's score is capped below the weakest single segment's, so a later
 * ranking by score keeps that order.
 */
export function rankHypotheses(
  kind: MetricKind,
  dims: readonly DimensionAggregates[],
  options: ExplainOptions = DEFAULT_EXPLAIN_OPTIONS,
): Hypothesis[] {
  const found = dims
    .map((d) => explainDimension(kind, d, options))
    .filter((h): h is Hypothesis => h !== undefined);
  const singles = found.filter((h) => h.segments.length === 1);
  const floor = Math.min(...singles.map((h) => h.score));
  return found
    .map((h) => (h.segments.length > 1 && h.score >= floor ? { ...h, score: floor * 0.99 } : h))
    .sort(
      (a, b) =>
        Number(a.segments.length > 1) - Number(b.segments.length > 1) ||
        b.score - a.score ||
        b.surprise - a.surprise,
    );
}
