/**
 * Seasonal baseline of one metric bucket: what this hour usually looks like, from the same hour of
 * the same weekday in past weeks (daily traffic and weekday/weekend cycles cancel out), falling
 * back to the same hour of past days while a project has less than `minPoints` weeks of history.
 * Median and MAD rather than mean and standard deviation, so a past incident in the history does
 * not inflate the baseline or hide the next one.
 */
import { madSmallSampleFactor, madSpread, median } from './robust';
import type { Baseline, BaselineOptions, Season, SeriesPoint } from './types';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const WEEK = 7 * DAY;

export const BASELINE_DEFAULTS: Required<BaselineOptions> = {
  weeks: 8,
  days: 7,
  minSamples: 30,
  minPoints: 3,
  halfWindowMs: HOUR / 2,
  minRelativeSpread: 0.05,
  minSpread: 1e-9,
  threshold: 3.5,
  direction: 'both',
  mixDayKinds: false,
};

/** History points whose bucket lies 1..cycles periods before `at`, within ± halfWindow. */
function seasonalPoints(
  history: readonly SeriesPoint[],
  at: number,
  period: number,
  cycles: number,
  o: Required<BaselineOptions>,
): SeriesPoint[] {
  const points: SeriesPoint[] = [];
  for (const p of history) {
    const before = at - p.start;
    const k = Math.round(before / period);
    if (k < 1 || k > cycles) continue;
    const offset = Math.abs(before - k * period);
    if (offset !== 0 && offset >= o.halfWindowMs) continue;
    if (p.samples < o.minSamples || !Number.isFinite(p.value)) continue;
    points.push(p);
  }
  return points;
}

/** Saturday or Sunday (UTC) of the bucket the point at `t` is judged in. */
const isWeekend = (t: number): boolean => {
  const day = new Date(t).getUTCDay();
  return day === 0 || day === 6;
};

/**
 * The daily fallback: the same hour of past days of the same kind (weekday or weekend day, UTC),
 * the weekly points included (day 7 and 14 are the same weekday). A weekend at 60 % of weekday
 * traffic is then never judged against weekdays; with too few days of its kind there is no
 * baseline rather than a wrong one.
 */
function sameKindDays(
  history: readonly SeriesPoint[],
  at: number,
  weekly: readonly SeriesPoint[],
  o: Required<BaselineOptions>,
): SeriesPoint[] {
  const weekend = isWeekend(at);
  const daily = seasonalPoints(history, at, DAY, o.days, o).filter((p) => {
    const k = Math.round((at - p.start) / DAY);
    return isWeekend(at - k * DAY) === weekend;
  });
  const seen = new Set(daily.map((p) => p.start));
  return [...daily, ...weekly.filter((p) => !seen.has(p.start))];
}

function noBaseline(reason: string, season: Season = 'none', points = 0): Baseline {
  return { expected: NaN, spread: NaN, score: 0, enoughData: false, reason, season, points, alarm: false };
}

/**
 * Judges `current` against its seasonal history. The spread the score divides by combines the
 * history's robust spread with the current value's own standard error (when given): a p75 from 40
 * page loads is uncertain however calm the history was, and that must not read as an anomaly.
 */
export function seasonalBaseline(
  history: readonly SeriesPoint[],
  current: SeriesPoint,
  options: BaselineOptions = {},
): Baseline {
  const o = { ...BASELINE_DEFAULTS, ...options };
  if (current.samples < o.minSamples) {
    return noBaseline(`current bucket has ${current.samples} samples, fewer than ${o.minSamples}`);
  }
  let season: Season = 'weekly';
  const weekly = seasonalPoints(history, current.start, WEEK, o.weeks, o);
  let points = weekly;
  let mixed = false;
  if (points.length < o.minPoints) {
    season = 'daily';
    points = sameKindDays(history, current.start, weekly, o);
  }
  if (points.length < o.minPoints && o.mixDayKinds) {
    // A young project on a weekend: its weekdays too, for a value the weekly cycle does not scale.
    const daily = seasonalPoints(history, current.start, DAY, o.days, o);
    const seen = new Set(daily.map((p) => p.start));
    const all = [...daily, ...weekly.filter((p) => !seen.has(p.start))];
    if (all.length > points.length) [points, mixed] = [all, true];
  }
  if (points.length < o.minPoints) {
    return noBaseline(
      `${points.length} past buckets at this hour with at least ${o.minSamples} samples, fewer than ${o.minPoints}`,
      'none',
      points.length,
    );
  }
  const values = points.map((p) => p.value);
  const expected = median(values);
  // A MAD from 4 points is often far too small by chance; the history can be no calmer than its
  // own sampling noise (RMS of the points' standard errors), which is known.
  const known = points.filter((p) => p.stdError !== undefined);
  const samplingNoise = known.length
    ? Math.sqrt(known.reduce((s, p) => s + p.stdError! ** 2, 0) / known.length)
    : 0;
  const pointNoise = Math.max(
    samplingNoise,
    madSpread(values, expected) * madSmallSampleFactor(values.length),
  );
  // Prediction error of value − median: the seasonal variation beyond sampling (τ²), the current
  // value's own sampling error, and the median's error (≈ π/2 · σ²/n for normal noise).
  const tau2 = pointNoise ** 2 - samplingNoise ** 2;
  const variance = tau2 + (current.stdError ?? 0) ** 2 + ((Math.PI / 2) * pointNoise ** 2) / values.length;
  const floor = Math.max(o.minSpread, o.minRelativeSpread * Math.abs(expected));
  const spread = Math.max(floor, Math.sqrt(variance));
  const score = (current.value - expected) / spread;
  const alarm =
    (o.direction !== 'down' && score >= o.threshold) || (o.direction !== 'up' && score <= -o.threshold);
  const where =
    season === 'weekly'
      ? 'this hour on this weekday'
      : mixed
        ? 'this hour on past days (weekdays and weekend days: too few of its kind)'
        : `this hour on past ${isWeekend(current.start) ? 'weekend days' : 'weekdays'}`;
  return {
    expected,
    spread,
    score,
    enoughData: true,
    reason: `median of ${values.length} buckets at ${where}`,
    season,
    points: values.length,
    alarm,
  };
}
