/**
 * The anomaly detector (docs/insights.md, "Detection"): one statement reads the recent windows of
 * every watched series (and, once per aligned window, one more their history); series are judged
 * against their seasonal baseline; only an alarm costs more (enrich.ts). Stateless: a function of
 * the stored data and `now`, so replicas and replays agree.
 */
import { runSql } from '../../query/handler';
import type { BaselineOptions } from '../stats';
import type { DetectContext, Detector, InsightCandidate } from '../engine/types';
import { enrich } from './enrich';
import { buildSeries, judge, pickIncidents, SCORE_DEFAULTS, type Judgement } from './score';
import { buildWindowsSql, SOURCES, type Family, type SegmentRow } from './sources';
import { detectWindows, HISTORY, type DetectWindow, type WindowOptions } from './windows';

export interface AnomalyDetectorOptions {
  windows?: WindowOptions;
  /** Passed to seasonalBaseline; threshold 4.5 and minSamples 30 unless given. */
  baseline?: BaselineOptions;
  /** Segments watched per dimension (by volume). Default 10. */
  topK?: number;
  /** Minutes of per-minute history the change point is searched in. Default 120. */
  changePointMinutes?: number;
  /** Rank hypotheses for alarms (explainChange). Default true. */
  explain?: boolean;
}

export const DETECT_DEFAULTS = { topK: 10, changePointMinutes: 120, explain: true };

const FAMILIES: Family[] = ['vitals', 'http', 'traffic', 'errors', 'long_tasks'];

type RawRow = Omit<SegmentRow, 'windows'> & { windows: Array<[number, number, number, number[]]> };

const toSegmentRow = (r: RawRow): SegmentRow => ({
  family: r.family,
  key: r.key,
  dim: r.dim,
  seg: r.seg,
  windows: r.windows.map(([w, n, x, q]) => ({ w: Number(w), n: Number(n), x: Number(x), q: q.map(Number) })),
});

/** Segments of every source in `windows`, one statement; window indexes offset by `first`. */
async function readSegments(ctx: DetectContext, windows: DetectWindow[], topK: number, first: number) {
  const built = buildWindowsSql(
    FAMILIES.map((f) => SOURCES[f]),
    ctx.projectId,
    windows,
    topK,
  );
  const rows = (await runSql<RawRow>({ client: ctx.client, now: ctx.now }, built)).map(toSegmentRow);
  for (const r of rows) for (const a of r.windows) a.w += first;
  return rows;
}

const segmentKey = (r: SegmentRow) => [r.family, r.key, r.dim, r.seg].join('\u0000');
const groupKey = (r: SegmentRow) => [r.family, r.key, r.dim].join('\u0000');

/**
 * The history read keeps this many times topK segments per (key, dim): the recent read's top
 * segments are ranked on the recent windows and the history's on the past ones, and ranks near
 * the cut shuffle (the 10th busiest issue today was the 12th yesterday).
 */
export const HISTORY_TOPK_FACTOR = 3;

/**
 * Each recent segment with its history windows. A segment the history has no row for had no data
 * there, unless the history read was full for its (family, key, dim) (`limit` rows): then it may
 * merely have ranked below the cut, and its history is unknown (historyUnknown), not zero. For an
 * issue or a script a history of zeros means "new", which an everyday issue is not.
 */
export function withHistory(recent: readonly SegmentRow[], history: readonly SegmentRow[], limit: number) {
  const past = new Map(history.map((r) => [segmentKey(r), r]));
  const perGroup = new Map<string, number>();
  for (const r of history) perGroup.set(groupKey(r), (perGroup.get(groupKey(r)) ?? 0) + 1);
  return recent.map((r): SegmentRow => {
    const h = past.get(segmentKey(r));
    if (h) return { ...r, windows: [...r.windows, ...h.windows] };
    return (perGroup.get(groupKey(r)) ?? 0) >= limit ? { ...r, historyUnknown: true } : r;
  });
}

/**
 * History rows per (project, aligned window): the same for W consecutive evaluations (windows.ts),
 * so kept for them; a pure function of the stored data and the key, so a cached answer is the
 * answer. Only the newest alignment's entries (and the one before, while a pass spans the
 * boundary) are kept: one entry per project, up to ~1,000 rows each (3 × topK per dimension).
 */
export class HistoryCache {
  private readonly entries = new Map<string, { aligned: number; rows: Promise<SegmentRow[]> }>();
  get(key: string, aligned: number, span: number, load: () => Promise<SegmentRow[]>): Promise<SegmentRow[]> {
    const hit = this.entries.get(key);
    if (hit) return hit.rows;
    for (const [k, e] of this.entries) if (e.aligned < aligned - span) this.entries.delete(k);
    const rows = load();
    // A failed read is not kept: the next evaluation tries again.
    rows.catch(() => this.entries.delete(key));
    this.entries.set(key, { aligned, rows });
    return rows;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Every watched series' judgement at `now` (exported for the bench and tests). */
export async function judgeAll(
  ctx: DetectContext,
  options: AnomalyDetectorOptions = {},
  cache?: HistoryCache,
) {
  const o = { ...DETECT_DEFAULTS, ...options };
  const w = detectWindows(ctx.now, options.windows);
  const recent = await readSegments(ctx, w.windows.slice(0, HISTORY), o.topK, 0);
  const limit = o.topK * HISTORY_TOPK_FACTOR;
  const loadHistory = () => readSegments(ctx, w.history, limit, HISTORY);
  const span = w.current.to - w.current.from;
  const key = [ctx.projectId, w.aligned, span, limit].join('|');
  const history = await (cache ? cache.get(key, w.aligned, span, loadHistory) : loadHistory());
  const rows: Partial<Record<Family, SegmentRow[]>> = {};
  for (const r of withHistory(recent, history, limit)) (rows[r.family] ??= []).push(r);
  const baseline = { ...SCORE_DEFAULTS, ...options.baseline };
  const judgements = buildSeries(rows, w.windows)
    .map((s) => judge(s, baseline))
    .filter((j): j is Judgement => j !== null);
  return { windows: w, judgements };
}

export async function detectAnomalies(
  ctx: DetectContext,
  options: AnomalyDetectorOptions = {},
  cache?: HistoryCache,
): Promise<InsightCandidate[]> {
  const o = { ...DETECT_DEFAULTS, ...options };
  const { windows, judgements } = await judgeAll(ctx, options, cache);
  const candidates: InsightCandidate[] = [];
  for (const j of pickIncidents(judgements)) candidates.push(await enrich(ctx, j, o, windows.current));
  return candidates;
}

/** A Detector with its own history cache (one per engine; tests and replays may make their own). */
export function createAnomalyDetector(options: AnomalyDetectorOptions = {}): Detector {
  const cache = new HistoryCache();
  return { name: 'anomaly', detect: (ctx) => detectAnomalies(ctx, options, cache) };
}
