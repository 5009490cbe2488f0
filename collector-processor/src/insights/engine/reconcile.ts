/**
 * Reconciliation (docs/insights.md "Engine"): one evaluation's candidates against the project's
 * current cards give the card versions to write. Pure: the engine reads the cards, calls this,
 * writes what it answers.
 *
 * Versions let replicas converge and people win races without locks: a new card's version is the
 * evaluation minute in µs, an engine update is the read card's version + 1, and a person's action
 * (routes.ts) is nextInsightVersion(wall time), always far larger. So an engine write based on a
 * read older than a person's action loses to it, and two replicas evaluating the same minute from
 * the same read write identical rows.
 */
import {
  insightId,
  INSIGHT_SEVERITIES,
  type Delta,
  type Insight,
  type InsightSeverity,
} from '../store/insight';
import { mergeCandidates, primaryOrder, sameIncident } from './incident';
import { templateSummary } from './summary';
import type { InsightCandidate } from './types';

export interface ReconcileOptions {
  /** An open or acknowledged card not proposed for this long (from lastActiveAt) is resolved. */
  resolveAfterMs: number;
  /** An active card is written at least this often, so lastActiveAt stays current for replicas. */
  heartbeatMs: number;
  /** A delta whose change (value − baseline) moved by more than this fraction of the written one is material. */
  deltaChange: number;
  /**
   * False when a detector failed this pass: a card nobody proposed may be that detector's, so
   * nothing is resolved (its metric has not been seen to recover).
   */
  resolveUnproposed: boolean;
}

export const DEFAULT_RECONCILE: ReconcileOptions = {
  resolveAfterMs: 15 * 60_000,
  heartbeatMs: 5 * 60_000,
  deltaChange: 0.25,
  resolveUnproposed: true,
};

/**
 * What a write is: a new (or engine-reopened) card, a higher severity, another material change
 * (deltas moved, other severity or top hypothesis), only a newer lastActiveAt, or an automatic
 * resolution. `opened`, `escalated` and `resolved` are the engine's events.
 */
export type CardChange = 'opened' | 'escalated' | 'updated' | 'heartbeat' | 'resolved';

export interface CardWrite {
  insight: Insight;
  change: CardChange;
  /** The candidate behind it (absent for a resolution): what the narrator is given. */
  candidate?: InsightCandidate;
}

export interface ReconcileInput {
  projectId: string;
  retentionDays: number;
  /** The evaluation instant (epoch ms, a whole minute: replicas evaluating it agree). */
  now: number;
  cards: Insight[];
  candidates: InsightCandidate[];
}

const rank = (s: InsightSeverity) => INSIGHT_SEVERITIES.length - INSIGHT_SEVERITIES.indexOf(s);

/** (kind, metric, scope) whatever the scope's key order: what makes cards the same incident. */
export function incidentKey(c: Pick<Insight, 'kind' | 'metric' | 'scope'>): string {
  const scope = Object.entries(c.scope).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([c.kind, c.metric, scope]);
}

/** True when a delta appeared, disappeared, or its change moved by more than `fraction`. */
export function deltasMoved(before: Delta[], after: Delta[], fraction: number): boolean {
  if (before.length !== after.length) return true;
  const old = new Map(before.map((d) => [d.metric, d.value - d.baseline]));
  return after.some((d) => {
    if (!old.has(d.metric)) return true;
    const was = old.get(d.metric)!;
    const now = d.value - d.baseline;
    if (!Number.isFinite(was) || !Number.isFinite(now)) return !Object.is(was, now);
    return Math.abs(now - was) > fraction * Math.abs(was);
  });
}

/** One candidate per incident: two detectors proposing the same one, the more severe wins. */
function dedupe(candidates: InsightCandidate[]): InsightCandidate[] {
  const byKey = new Map<string, InsightCandidate>();
  for (const c of candidates) {
    const seen = byKey.get(incidentKey(c));
    if (!seen || rank(c.severity) > rank(seen.severity)) byKey.set(incidentKey(c), c);
  }
  return [...byKey.values()];
}

/** The candidate's numbers on a card (status, onset, id and version are the caller's). */
function withCandidate(card: Insight, c: InsightCandidate): Insight {
  return {
    ...card,
    title: c.title,
    severity: c.severity,
    release: c.release,
    affectedSessions: c.affectedSessions,
    affectedUsers: c.affectedUsers,
    deltas: c.deltas,
    hypotheses: c.hypotheses,
    nextStep: c.nextStep,
    links: c.links,
  };
}

/** The engine's own summary (the narrator may replace it): the template, no prompt. */
const templated = (c: InsightCandidate) => ({
  summary: templateSummary(c),
  summarySource: 'template' as const,
  summaryPromptVersion: '',
});

function newCard(input: ReconcileInput, c: InsightCandidate): Insight {
  const { projectId, now } = input;
  const { kind, metric, scope, startedAt } = c;
  return {
    projectId,
    insightId: insightId({ projectId, kind, metric, scope, startedAt }),
    version: now * 1000,
    retentionDays: input.retentionDays,
    kind,
    metric,
    scope,
    title: c.title,
    severity: c.severity,
    status: 'open',
    startedAt,
    detectedAt: now,
    updatedAt: now,
    resolvedAt: null,
    release: c.release,
    affectedSessions: c.affectedSessions,
    affectedUsers: c.affectedUsers,
    deltas: c.deltas,
    hypotheses: c.hypotheses,
    ...templated(c),
    nextStep: c.nextStep,
    links: c.links,
    lastActiveAt: now,
    updatedBy: 'engine',
  };
}

/** A card as the engine last wrote it, or as a person left it: may the engine still change it? */
const isLive = (card: Insight, now: number, o: ReconcileOptions) =>
  card.status === 'open' ||
  card.status === 'acknowledged' ||
  (card.status === 'not_useful' && now - card.lastActiveAt < o.resolveAfterMs);

/**
 * An engine-resolved card with the candidate's (kind, metric, scope) whose candidate's onset is
 * before it was resolved: the incident never ended, whatever onset hour the detector now gives.
 */
const resolvedBefore = (card: Insight, c: InsightCandidate) =>
  card.status === 'resolved' &&
  card.updatedBy === 'engine' &&
  card.resolvedAt !== null &&
  c.startedAt <= card.resolvedAt &&
  incidentKey(card) === incidentKey(c);

/**
 * Each candidate's card: the live card with its (kind, metric, scope), else a live card of the
 * other detector that is the same incident (incident.ts), else the card with its own id, else an
 * engine-resolved card it continues (resolvedBefore), else a stored card of the other detector
 * that is the same incident. Candidates of one card become one (mergeCandidates), and a new
 * incident both detectors see, one new card.
 */
function assign(input: ReconcileInput, options: ReconcileOptions) {
  const { now } = input;
  // Several live cards per key (a race between onsets): the latest onset.
  const live = new Map<string, Insight>();
  for (const card of input.cards) {
    const seen = live.get(incidentKey(card));
    if (isLive(card, now, options) && (!seen || card.startedAt > seen.startedAt))
      live.set(incidentKey(card), card);
  }
  // Several cards of the other detector may match: the first detected (then by id), whatever
  // order the read returned them in, so replicas choose alike.
  const firstDetected = (a: Insight, b: Insight) =>
    a.detectedAt - b.detectedAt || (a.insightId < b.insightId ? -1 : a.insightId > b.insightId ? 1 : 0);
  const liveCards = [...live.values()].sort(firstDetected);
  const byId = new Map(input.cards.map((c) => [c.insightId, c]));
  const cardOf = (c: InsightCandidate): Insight | undefined =>
    live.get(incidentKey(c)) ??
    liveCards.find((card) => sameIncident(card, c)) ??
    byId.get(insightId({ projectId: input.projectId, ...c })) ??
    input.cards.find((card) => resolvedBefore(card, c)) ??
    [...input.cards].sort(firstDetected).find((card) => sameIncident(card, c));

  const toCard = new Map<string, { card: Insight; candidates: InsightCandidate[] }>();
  const fresh: InsightCandidate[][] = [];
  for (const c of dedupe(input.candidates).sort(primaryOrder)) {
    const card = cardOf(c);
    if (card) {
      const group = toCard.get(card.insightId) ?? { card, candidates: [] };
      group.candidates.push(c);
      toCard.set(card.insightId, group);
      continue;
    }
    const group = fresh.find((g) => sameIncident(g[0]!, c));
    if (group) group.push(c);
    else fresh.push([c]);
  }
  return {
    existing: [...toCard.values()].map(({ card, candidates }) => {
      // The card's own detector's candidate gives its numbers; else the first in primary order.
      const own = candidates.find((c) => incidentKey(c) === incidentKey(card)) ?? candidates[0]!;
      return {
        card,
        candidate: mergeCandidates(
          own,
          candidates.filter((c) => c !== own),
        ),
        live: isLive(card, now, options),
      };
    }),
    fresh: fresh.map(([primary, ...others]) => mergeCandidates(primary!, others)),
  };
}

/**
 * The onset a live card shows: the detector's newer estimate when it is later but not after the
 * card's first detection (an incident starts before it is detected; an estimate from more minutes
 * after the change is the sharper one, and a detector's fallback onset is the start of its lookback).
 */
const onsetOf = (card: Insight, c: InsightCandidate) =>
  c.startedAt > card.startedAt && c.startedAt <= card.detectedAt ? c.startedAt : card.startedAt;

export function reconcile(input: ReconcileInput, options: ReconcileOptions = DEFAULT_RECONCILE): CardWrite[] {
  const { now } = input;
  const engineUpdate = (card: Insight): Insight => ({
    ...card,
    version: card.version + 1,
    retentionDays: input.retentionDays,
    updatedAt: now,
    updatedBy: 'engine',
  });

  const writes: CardWrite[] = [];
  const proposed = new Set<string>();
  const { existing, fresh } = assign(input, options);
  for (const c of fresh) writes.push({ insight: newCard(input, c), change: 'opened', candidate: c });
  for (const { card, candidate: c, live } of existing) {
    proposed.add(card.insightId);
    if (!live) {
      // The engine resolved it and the incident is back (the same onset hour, or an onset before
      // the card was resolved: it never ended): reopened. A card a person resolved (or marked not
      // useful) stays as they left it.
      const back =
        insightId({ projectId: input.projectId, ...c }) === card.insightId ||
        (card.resolvedAt !== null && c.startedAt <= card.resolvedAt);
      if (card.status === 'resolved' && card.updatedBy === 'engine' && back) {
        const reopened = withCandidate(engineUpdate(card), c);
        writes.push({
          insight: { ...reopened, ...templated(c), status: 'open', resolvedAt: null, lastActiveAt: now },
          change: 'opened',
          candidate: c,
        });
      } else if (card.status === 'resolved' && card.updatedBy === 'engine')
        writes.push({ insight: newCard(input, c), change: 'opened', candidate: c });
      continue;
    }
    const next = { ...withCandidate(engineUpdate(card), c), startedAt: onsetOf(card, c), lastActiveAt: now };
    const escalated = rank(c.severity) > rank(card.severity);
    const material =
      c.severity !== card.severity ||
      c.hypotheses[0]?.title !== card.hypotheses[0]?.title ||
      next.startedAt !== card.startedAt ||
      deltasMoved(card.deltas, c.deltas, options.deltaChange);
    if (material) Object.assign(next, templated(c));
    if (material || now - card.lastActiveAt >= options.heartbeatMs)
      writes.push({
        insight: next,
        change: escalated ? 'escalated' : material ? 'updated' : 'heartbeat',
        candidate: c,
      });
  }

  if (!options.resolveUnproposed) return writes;
  for (const card of input.cards) {
    if (proposed.has(card.insightId) || (card.status !== 'open' && card.status !== 'acknowledged')) continue;
    if (now - card.lastActiveAt < options.resolveAfterMs) continue;
    // resolvedAt: the last minute the incident was still seen, the best estimate of its end.
    writes.push({
      insight: { ...engineUpdate(card), status: 'resolved', resolvedAt: card.lastActiveAt },
      change: 'resolved',
    });
  }
  return writes;
}
