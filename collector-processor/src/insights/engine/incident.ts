/**
 * One card per incident across detectors (docs/insights.md "Engine"): a release that slows a
 * route is seen by the anomaly detector (the route's LCP p75 left its seasonal baseline, the
 * release dominant) and by the release regression detector (the release's LCP p75 is worse than
 * the previous release's). Pure: a function of the candidates and stored cards, so replicas agree.
 */
import { INSIGHT_SEVERITIES, type Hypothesis, type InsightSeverity } from '../store/insight';
import type { InsightCandidate, InsightLinks } from './types';

/** Two onsets further apart than this are two incidents. */
export const SAME_INCIDENT_MS = 3600_000;

export type IncidentLike = Pick<InsightCandidate, 'kind' | 'metric' | 'scope' | 'release' | 'startedAt'>;

const severityRank = (s: InsightSeverity) => INSIGHT_SEVERITIES.length - INSIGHT_SEVERITIES.indexOf(s);

/**
 * The signal a metric measures: the detectors normalise long-task time differently (per page view,
 * per session) but it is the same signal; every other metric is named alike by both.
 */
export const signalOf = (metric: string) => (metric.startsWith('long_task.') ? 'long_task' : metric);

/**
 * True when an anomaly and a release regression are one incident: the same signal, the anomaly's
 * dominant release is the regressing release, and their onsets are within `windowMs`. Cards of
 * the same kind never merge here (their (kind, metric, scope) tells them apart).
 */
export function sameIncident(a: IncidentLike, b: IncidentLike, windowMs = SAME_INCIDENT_MS): boolean {
  if (a.kind === b.kind || signalOf(a.metric) !== signalOf(b.metric)) return false;
  const [anomaly, regression] = a.kind === 'release_regression' ? [b, a] : [a, b];
  const release = regression.scope.release ?? regression.release;
  return !!release && anomaly.release === release && Math.abs(a.startedAt - b.startedAt) <= windowMs;
}

/**
 * Which candidate of a new incident names the card: the more severe, then the anomaly (its scope
 * is where the change is, its onset a change point), then the key, so every replica picks the same.
 */
export function primaryOrder(a: InsightCandidate, b: InsightCandidate): number {
  const bySeverity = severityRank(b.severity) - severityRank(a.severity);
  if (bySeverity) return bySeverity;
  if (a.kind !== b.kind) return a.kind === 'anomaly' ? -1 : 1;
  const ka = JSON.stringify([a.metric, a.scope]);
  const kb = JSON.stringify([b.metric, b.scope]);
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/** Both detectors' hypotheses, one per title (the higher score), best first; ties keep input order. */
export function mergeHypotheses(lists: Hypothesis[][]): Hypothesis[] {
  const byTitle = new Map<string, Hypothesis>();
  for (const h of lists.flat()) {
    const seen = byTitle.get(h.title);
    if (!seen || h.score > seen.score) byTitle.set(h.title, h);
  }
  return [...byTitle.values()].sort((a, b) => b.score - a.score);
}

function mergeLinks(all: InsightLinks[]): InsightLinks {
  const deploys = new Map<string, InsightLinks['deploys'][number]>();
  for (const d of all.flatMap((l) => l.deploys)) deploys.set(`${d.release}|${d.environment}|${d.at}`, d);
  const links: InsightLinks = {
    deploys: [...deploys.values()].sort((a, b) => b.at - a.at),
    issues: [...new Set(all.flatMap((l) => l.issues))],
  };
  const release = all.find((l) => l.release)?.release;
  const previousRelease = all.find((l) => l.previousRelease)?.previousRelease;
  if (release) links.release = release;
  if (previousRelease) links.previousRelease = previousRelease;
  return links;
}

/**
 * One incident's candidates as one: the primary's identity, title, onset and numbers; the most
 * severe severity; the other detectors' deltas of other metrics after the primary's; hypotheses
 * merged best first; the larger affected counts; links united.
 */
export function mergeCandidates(primary: InsightCandidate, others: InsightCandidate[]): InsightCandidate {
  if (others.length === 0) return primary;
  const all = [primary, ...others];
  const severity = all.reduce(
    (s, c) => (severityRank(c.severity) > severityRank(s) ? c.severity : s),
    primary.severity,
  );
  const deltas = [...primary.deltas];
  for (const d of others.flatMap((c) => c.deltas))
    if (!deltas.some((x) => x.metric === d.metric)) deltas.push(d);
  return {
    ...primary,
    severity,
    release: primary.release || (others.find((c) => c.release)?.release ?? ''),
    deltas,
    hypotheses: mergeHypotheses(all.map((c) => c.hypotheses)),
    affectedSessions: Math.max(...all.map((c) => c.affectedSessions)),
    affectedUsers: Math.max(...all.map((c) => c.affectedUsers)),
    nextStep: primary.nextStep || (others.find((c) => c.nextStep)?.nextStep ?? ''),
    links: mergeLinks(all.map((c) => c.links)),
  };
}
