/**
 * From the windows' aggregates to judged series (pure). Each watched series gets one SeriesPoint
 * per window it has data in, with the standard error the baseline needs; the current and the
 * previous window are each judged against the same seasonal history (the previous window starts a
 * minute earlier, well inside the baseline's ±30 min), and a series alarms only when both do.
 */
import { median, quantileRankInterval, rateStdError, seasonalBaseline } from '../stats';
import type { Baseline, BaselineOptions, SeriesPoint } from '../stats';
import { LEVELS, type Family, type SegmentRow, type WindowAggregate } from './sources';
import { CURRENT, FAST, FAST_PREVIOUS, HISTORY, PREVIOUS, type DetectWindow } from './windows';

export type Direction = 'up' | 'down';

export interface WatchedSeries {
  family: Family;
  /** Stable name, e.g. `web_vital.LCP.p75`. */
  metric: string;
  /** The row key the series came from (the vital's name for web vitals). */
  key: string;
  scope: Record<string, string>;
  direction: Direction;
  unit: string;
  /** One point per window index (undefined: no data there). */
  points: Array<SeriesPoint | undefined>;
}

export interface Judgement {
  series: WatchedSeries;
  /** The judged point: the current window's, or the fast one's when only the fast windows alarm. */
  current: SeriesPoint;
  baseline: Baseline;
  previous: Baseline;
  /** Current and previous window both alarm (or both fast windows). */
  alarm: boolean;
  /** The alarm is the fast windows' (the full windows' did not). */
  fast?: boolean;
}

/** Value of the quantile function at `level`, linear between the t-digest's LEVELS (clamped at the ends). */
export function quantileAt(q: readonly number[], level: number): number {
  if (level <= LEVELS[0]) return q[0]!;
  for (let i = 1; i < LEVELS.length; i++)
    if (level <= LEVELS[i]!) {
      const t = (level - LEVELS[i - 1]!) / (LEVELS[i]! - LEVELS[i - 1]!);
      return q[i - 1]! + t * (q[i]! - q[i - 1]!);
    }
  return q[LEVELS.length - 1]!;
}

/**
 * A percentile from aggregates with its standard error: the order-statistic 95 % interval's
 * levels (quantileRankInterval, normal approximation) read off the stored quantiles, half its
 * width over 1.96.
 */
export function quantilePoint(start: number, a: WindowAggregate, p: number): SeriesPoint | undefined {
  if (a.n < 1 || a.q.length !== LEVELS.length) return undefined;
  const r = quantileRankInterval(a.n, p, 0.95, 0);
  const low = quantileAt(a.q, Math.max(r.lowLevel, 1e-9));
  const high = quantileAt(a.q, r.highLevel);
  return { start, value: quantileAt(a.q, p), samples: a.n, stdError: (high - low) / (2 * 1.96) };
}

export function ratePoint(start: number, x: number, n: number): SeriesPoint | undefined {
  if (!(n > 0)) return undefined;
  return { start, value: x / n, samples: n, stdError: rateStdError(Math.min(x, n), n) };
}

/** A count is Poisson: its standard error is √count. */
export function countPoint(start: number, c: number): SeriesPoint {
  return { start, value: c, samples: c, stdError: Math.sqrt(c) };
}

type Rows = Partial<Record<Family, SegmentRow[]>>;
/** A history window the segment has no row in, when its history was not read (not: had nothing). */
const unknown = (r: SegmentRow, w: number) => r.historyUnknown === true && w >= HISTORY;
const byWindow = (r: SegmentRow) => new Map(r.windows.map((a) => [a.w, a]));
const scopeOf = (r: Pick<SegmentRow, 'dim' | 'seg'>) => (r.dim ? { [r.dim]: r.seg } : {});
const VITAL_UNIT: Record<string, string> = { CLS: '' };

/** Every watched series from the aggregates of each source. */
export function buildSeries(rows: Rows, windows: readonly DetectWindow[]): WatchedSeries[] {
  const out: WatchedSeries[] = [];
  const each = (f: (w: number) => SeriesPoint | undefined) => windows.map((_, w) => f(w));
  for (const r of rows.vitals ?? []) {
    const a = byWindow(r);
    out.push({
      family: 'vitals',
      metric: `web_vital.${r.key}.p75`,
      key: r.key,
      scope: scopeOf(r),
      direction: 'up',
      unit: VITAL_UNIT[r.key] ?? 'ms',
      points: each((w) => (a.has(w) ? quantilePoint(windows[w]!.from, a.get(w)!, 0.75) : undefined)),
    });
  }
  for (const r of rows.http ?? []) {
    const a = byWindow(r);
    const base = { family: 'http' as const, key: r.key, scope: scopeOf(r), direction: 'up' as const };
    out.push({
      ...base,
      metric: 'http.error_rate',
      unit: 'ratio',
      points: each((w) => (a.has(w) ? ratePoint(windows[w]!.from, a.get(w)!.x, a.get(w)!.n) : undefined)),
    });
    out.push({
      ...base,
      metric: 'http.p95',
      unit: 'ms',
      points: each((w) => (a.has(w) ? quantilePoint(windows[w]!.from, a.get(w)!, 0.95) : undefined)),
    });
  }
  const traffic = new Map((rows.traffic ?? []).map((r) => [`${r.dim}\u0000${r.seg}`, byWindow(r)]));
  const project = traffic.get('\u0000') ?? new Map<number, WindowAggregate>();
  for (const [name, field] of [
    ['traffic.sessions', 'n'],
    ['traffic.page_views', 'x'],
  ] as const)
    out.push({
      family: 'traffic',
      metric: name,
      key: '',
      scope: {},
      direction: 'down',
      unit: 'count',
      points: each((w) =>
        project.has(w) ? countPoint(windows[w]!.from, project.get(w)![field]) : undefined,
      ),
    });
  // Rates over sessions: a window without an error row had no error (the row holds every window
  // the segment has errors in), unless the segment's history was not read (historyUnknown); a
  // window without sessions has no rate.
  for (const r of rows.errors ?? []) {
    const errs = byWindow(r);
    const isIssue = r.dim === 'issue';
    const sessions = isIssue ? project : traffic.get(`${r.dim}\u0000${r.seg}`);
    if (!sessions) continue;
    out.push({
      family: 'errors',
      metric: isIssue ? 'issue_events' : 'error_rate',
      key: '',
      scope: scopeOf(r),
      direction: 'up',
      unit: 'ratio',
      points: each((w) =>
        sessions.has(w) && (errs.has(w) || !unknown(r, w))
          ? ratePoint(windows[w]!.from, errs.get(w)?.n ?? 0, sessions.get(w)!.n)
          : undefined,
      ),
    });
  }
  // Long-task time per page view: the script's total over the project's page views, so a traffic
  // surge moves neither. The sum's standard error is √Σd² (a compound Poisson sum). Its samples
  // are the page views (as a rate's are sessions): a window without the script's long tasks is
  // 0 ms per page view there, so a script new in the window has a history of zeros to be judged on.
  for (const r of rows.long_tasks ?? []) {
    const a = byWindow(r);
    out.push({
      family: 'long_tasks',
      metric: 'long_task.duration',
      key: '',
      scope: scopeOf(r),
      direction: 'up',
      unit: 'ms',
      points: each((w) => {
        const views = project.get(w)?.x ?? 0;
        if (!(views > 0) || (!a.has(w) && unknown(r, w))) return undefined;
        const t = a.get(w) ?? { n: 0, x: 0, q: [0] };
        return {
          start: windows[w]!.from,
          value: t.x / views,
          samples: views,
          stdError: Math.sqrt(t.q[0] ?? 0) / views,
        };
      }),
    });
  }
  return out;
}

export const SCORE_DEFAULTS: BaselineOptions = { threshold: 4.5, minSamples: 30 };

/**
 * The judged value's standard error under "nothing changed" (a score test rather than a Wald
 * test): what the history's points say a value of this many samples scatters by. A p95 that
 * quadrupled has a far wider interval of its own than the baseline's, and dividing by it would
 * hide the very change it measures. Rates and percentiles scale as 1/√n; a count's is √count.
 */
export function nullStdError(series: WatchedSeries, history: readonly SeriesPoint[], samples: number) {
  const known = history.filter((p) => p.stdError !== undefined && p.samples > 0);
  if (!known.length || !(samples > 0)) return undefined;
  if (series.unit === 'count') return Math.sqrt(median(known.map((p) => p.value)));
  const se = median(known.map((p) => p.stdError! * Math.sqrt(p.samples / samples)));
  // A history of exact zeros (a script that never had a long task) has no sampling noise to scale:
  // the judged value's own standard error says whether its few events are more than chance.
  return se > 0 ? se : undefined;
}

/**
 * The smallest change worth a card, per metric, however significant: long-task time per page
 * view must rise by one long task's worth (50 ms, the Long Tasks API's threshold) in one page view
 * in five, so a rare script on a busy site is not an incident.
 */
export const MIN_CHANGE: Readonly<Record<string, number>> = { 'long_task.duration': 10 };

const material = (series: WatchedSeries, p: SeriesPoint, b: Baseline) =>
  !(series.metric in MIN_CHANGE) || Math.abs(p.value - b.expected) >= MIN_CHANGE[series.metric]!;

/**
 * A series alarms when a window and the one a minute before both do: the full windows, or the fast
 * windows (their last minutes), which a step change fills in half the time. Both pairs are judged
 * against the same history with the same threshold; the score test rescales its noise to the
 * fast window's samples (and minSamples applies to it). Counts are judged on the full windows
 * only: a fast window's count is not comparable with the history's. Under two weeks of history a
 * weekend has too few past days of its kind (seasonalBaseline): every series but the counts is then
 * judged against past days of both kinds (mixDayKinds), so a young project is watched on weekends.
 */
export function judge(series: WatchedSeries, options: BaselineOptions = SCORE_DEFAULTS): Judgement | null {
  const history = series.points.slice(HISTORY).filter((p): p is SeriesPoint => p !== undefined);
  // A young project's weekend: rates and percentiles may take past weekdays too (mixDayKinds);
  // counts never, their weekend level differs.
  const mixDayKinds = series.unit !== 'count' && (options.mixDayKinds ?? true);
  const o = { ...SCORE_DEFAULTS, ...options, direction: series.direction, mixDayKinds };
  const underNull = (p: SeriesPoint) => ({
    ...p,
    stdError: nullStdError(series, history, p.samples) ?? p.stdError,
  });
  const pair = (c: number, p: number) => {
    const current = series.points[c];
    const prev = series.points[p];
    if (!current || !prev) return null;
    const baseline = seasonalBaseline(history, underNull(current), o);
    const previous = seasonalBaseline(history, underNull(prev), o);
    const alarm =
      baseline.alarm &&
      previous.alarm &&
      material(series, current, baseline) &&
      material(series, prev, previous);
    return { series, current, baseline, previous, alarm };
  };
  const full = pair(CURRENT, PREVIOUS);
  if (!full || full.alarm || series.unit === 'count') return full;
  const fast = pair(FAST, FAST_PREVIOUS);
  return fast?.alarm && normalHolds(series, fast) ? { ...fast, fast: true } : full;
}

/**
 * The fast windows hold half the samples; a rate's normal score is only trusted there with at
 * least 10 expected events and non-events (the textbook np ≥ 10): 1.5 expected errors make 12 a
 * "4.5 σ" excess by the normal tail and a 1-in-10⁴ one by the binomial's.
 */
function normalHolds(series: WatchedSeries, j: Pick<Judgement, 'current' | 'baseline'>): boolean {
  if (series.unit !== 'ratio') return true;
  const expected = j.baseline.expected * j.current.samples;
  return expected >= 10 && j.current.samples - expected >= 10;
}

/** Relative change of the current value against its baseline (signed). */
export const relativeChange = (j: Pick<Judgement, 'current' | 'baseline'>): number =>
  j.baseline.expected !== 0
    ? (j.current.value - j.baseline.expected) / Math.abs(j.baseline.expected)
    : Infinity;

/**
 * One incident per metric (per issue for issue_events): the alarming segment with the highest score,
 * unless the project-wide series alarms with at least two thirds of that scope's relative change
 * (on the same windows), which says the change is everywhere rather than in one segment.
 */
export function pickIncidents(judgements: readonly Judgement[]): Judgement[] {
  const groups = new Map<string, Judgement[]>();
  for (const j of judgements) {
    if (!j.alarm) continue;
    const g =
      j.series.metric === 'issue_events' ? `${j.series.metric}:${j.series.scope.issue}` : j.series.metric;
    groups.set(g, [...(groups.get(g) ?? []), j]);
  }
  const picked: Judgement[] = [];
  for (const alarms of groups.values()) {
    // Scores and changes compare only on the same windows (a fast window holds half the samples
    // and none of the old level): the full windows' alarms when there are any.
    const onFull = alarms.filter((j) => !j.fast);
    const group = onFull.length ? onFull : alarms;
    // The top segment by score, the project-wide series only when no segment alarms: with more
    // samples it often scores higher than the one segment that moved (the rule below decides).
    const whole = group.find((j) => Object.keys(j.series.scope).length === 0);
    const segments = group.filter((j) => j !== whole);
    const top = (segments.length ? segments : group).reduce((a, b) =>
      Math.abs(b.baseline.score) > Math.abs(a.baseline.score) ? b : a,
    );
    const everywhere = whole && Math.abs(relativeChange(whole)) >= (2 / 3) * Math.abs(relativeChange(top));
    picked.push(everywhere ? whole : top);
  }
  return picked.sort((a, b) => Math.abs(b.baseline.score) - Math.abs(a.baseline.score));
}
