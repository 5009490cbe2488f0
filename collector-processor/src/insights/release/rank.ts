/**
 * The final ranking of a card's hypotheses, pure, shared by both detectors (the anomaly
 * detector's enrich.ts and the release detector): the contribution analysis's segments (explain/,
 * scored min(1, explanatory power) × (1 − 1 / lift), only segments that stand out from the rest of
 * their dimension) and the release's correlated changes (correlated.ts, scored min(1, relative
 * change) × share of sessions), on one 0–1 scale. docs/insights.md, "Ranking hypotheses".
 */
import { toStoredHypothesis, type ExplainedHypothesis } from '../explain/explain';
import type { Hypothesis } from '../store/insight';
import { CORRELATED_DEFAULTS, type ChangeKind, type CorrelatedChange } from './correlated';

/** Which correlated changes can explain which metric (a regressed one, or an anomaly's). */
export function relevantKinds(metric: string): ChangeKind[] {
  if (metric.startsWith('web_vital.LCP')) return ['resource', 'endpoint_new', 'endpoint_slower', 'script'];
  if (metric.startsWith('web_vital.CLS')) return ['resource'];
  if (metric.startsWith('web_vital.INP') || metric.startsWith('long_task')) return ['script'];
  if (metric === 'http.p95') return ['endpoint_new', 'endpoint_slower'];
  if (metric === 'http.error_rate') return ['endpoint_new', 'endpoint_failing'];
  return ['issue', 'endpoint_failing'];
}

/**
 * A contribution-analysis hypothesis as a card's (explain's title and evidence, with intervals),
 * with its score, and how much it stands out from the rest of its dimension in its evidence.
 */
export function explainedHypothesis(h: ExplainedHypothesis): Hypothesis {
  const stored = toStoredHypothesis({ ...h, metric: h.metric ?? '' });
  const [first, ...more] = stored.evidence;
  const lift = Number.isFinite(h.lift) ? h.lift : null;
  return {
    ...stored,
    evidence: first ? [{ ...first, lift, liftP: h.pValue ?? null }, ...more] : [],
    score: Number.isFinite(h.score) ? Math.max(0, Math.min(1, h.score)) : 0,
  };
}

/** A URL as resources-sql groups it: without query string or fragment. */
const bareUrl = (url: string) => url.replace(/[?#].*$/, '');

export interface RankOptions {
  /** Hypotheses kept (default CORRELATED_DEFAULTS.maxHypotheses). */
  max?: number;
  /** The card's release (a release-scoped card): named in the titles of its changes. */
  release?: string;
}

type Ranked = Hypothesis & { order: number; concrete: boolean; set: boolean; isRelease: boolean };

/**
 * Both kinds of hypotheses for one metric, best first, by score:
 * - a grown resource that is also the segment of an `attribution.url` hypothesis (the LCP
 *   element's resource) is one hypothesis: the resource's, with both evidences and the larger score;
 * - a set of segments never ranks above a single segment (succinctness);
 * - a release is a container of changes, not a cause: when the release dimension explains the
 *   change (or the card is the release's), its concrete changes that can explain this metric come
 *   first, the release named in their titles, and the bare release segment after them;
 * - on a tie a concrete change comes before a segment, then the contribution analysis's order.
 */
export function rankHypotheses(
  metric: string,
  explained: readonly ExplainedHypothesis[],
  changes: readonly CorrelatedChange[],
  options: RankOptions = {},
): Hypothesis[] {
  const kinds = relevantKinds(metric);
  const relevant = changes.filter((c) => kinds.includes(c.kind) && c.score > 0);
  const releaseSegment = explained.find((h) => h.dimension === 'release' && h.segments.length === 1);
  const release = releaseSegment?.segments[0] ?? options.release;
  const name = (title: string) =>
    release && !title.includes(release) ? `${title} (in release ${release})` : title;
  const merged = new Set<ExplainedHypothesis>();
  const all: Ranked[] = relevant.map((c, i) => {
    const same = explained.find(
      (h) =>
        h.dimension === 'attribution.url' &&
        c.kind === 'resource' &&
        h.segments.some((u) => bareUrl(u) === c.item),
    );
    const base = { title: name(c.title), score: c.score, evidence: c.evidence, queries: c.queries };
    const flags = { order: -1000 + i, concrete: true, set: false, isRelease: false };
    if (!same) return { ...base, ...flags };
    merged.add(same);
    const e = explainedHypothesis(same);
    return {
      ...base,
      ...flags,
      score: Math.max(c.score, e.score),
      evidence: [...c.evidence, ...e.evidence],
      queries: [...c.queries, ...e.queries],
    };
  });
  explained.forEach((h, i) => {
    if (merged.has(h)) return;
    const isRelease = h === releaseSegment;
    all.push({ ...explainedHypothesis(h), order: i, concrete: false, set: h.segments.length > 1, isRelease });
  });
  // Succinctness: a set scores below the weakest single segment that explains the change.
  const floor = Math.min(...all.filter((h) => !h.concrete && !h.set).map((h) => h.score));
  for (const h of all) if (h.set && h.score >= floor) h.score = floor * 0.99;
  // The bare release after its concrete changes (those that can explain this metric).
  if (releaseSegment) {
    const last = Math.min(...all.filter((h) => h.concrete).map((h) => h.score));
    for (const h of all) if (h.isRelease && Number.isFinite(last) && h.score >= last) h.score = last * 0.99;
  }
  return all
    .filter((h) => h.score > 0)
    .sort((a, b) => b.score - a.score || Number(b.concrete) - Number(a.concrete) || a.order - b.order)
    .slice(0, options.max ?? CORRELATED_DEFAULTS.maxHypotheses)
    .map(({ order: _o, concrete: _c, set: _s, isRelease: _r, ...h }) => h);
}
