/**
 * An insight (incident card) as the store keeps it, its deterministic id, and what a person's
 * action does to it. Pure: insight-store.ts does the I/O, routes.ts the HTTP.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { InsightLinks } from '../engine/types';

export const INSIGHT_KINDS = ['anomaly', 'release_regression'] as const;
export type InsightKind = (typeof INSIGHT_KINDS)[number];
export const INSIGHT_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type InsightSeverity = (typeof INSIGHT_SEVERITIES)[number];
export const INSIGHT_STATUSES = ['open', 'acknowledged', 'resolved', 'not_useful'] as const;
export type InsightStatus = (typeof INSIGHT_STATUSES)[number];
export const VERDICTS = ['useful', 'not_useful'] as const;
export type Verdict = (typeof VERDICTS)[number];
export const ACTIONS = ['acknowledge', 'resolve', 'feedback'] as const;
export type Action = (typeof ACTIONS)[number];
export const SUMMARY_SOURCES = ['llm', 'template'] as const;
export type SummarySource = (typeof SUMMARY_SOURCES)[number];

/** One metric's change: the value now, its baseline, and the interval of the value (or delta). */
export interface Delta {
  metric: string;
  value: number;
  baseline: number;
  interval: [number, number];
  unit?: string;
}

/** A candidate cause, ranked by the engine (first = most likely), with what shows it. */
export interface Hypothesis {
  title: string;
  score: number;
  /** Numbers with their intervals, as the engine computed them. */
  evidence: Array<Record<string, unknown>>;
  /** PulseTrace query bodies (POST /api/v1/query) that reproduce the evidence ("show me"). */
  queries: Array<Record<string, unknown>>;
}

export interface Insight {
  projectId: string;
  insightId: string;
  /** Higher wins (ReplacingMergeTree); microseconds since the epoch, as issue states use. */
  version: number;
  retentionDays: number;
  kind: InsightKind;
  metric: string;
  scope: Record<string, string>;
  title: string;
  severity: InsightSeverity;
  status: InsightStatus;
  /** The change point (epoch ms). */
  startedAt: number;
  detectedAt: number;
  updatedAt: number;
  resolvedAt: number | null;
  release: string;
  affectedSessions: number;
  affectedUsers: number;
  deltas: Delta[];
  hypotheses: Hypothesis[];
  summary: string;
  /** Who wrote the summary: the LLM narrator or a deterministic template (docs/insights.md "Narrative"). */
  summarySource: SummarySource;
  /** The narrator's prompt version (`narrative-v1`, `template-v1`); empty for the engine's own sentence. */
  summaryPromptVersion: string;
  /** One sentence: what a person should look at first (the detector's). */
  nextStep: string;
  /** The release, its deploys, related issues (engine/types.ts). */
  links: InsightLinks;
  /**
   * The last evaluation at which its detector still proposed it (epoch ms): the engine resolves an
   * open card once this is older than its resolve delay (docs/insights.md "Engine").
   */
  lastActiveAt: number;
  /** Who wrote this version: `engine` or the API token's actor. */
  updatedBy: string;
}

/** Links of a card that has none (cards written before migration 0016). */
export const NO_LINKS: InsightLinks = { deploys: [], issues: [] };

export interface Feedback {
  projectId: string;
  insightId: string;
  id: string;
  at: number;
  actor: string;
  action: Action;
  verdict: Verdict | '';
  comment: string;
}

/** Width of the onset bucket in insightId: a change point found a few minutes apart is one incident. */
export const ONSET_BUCKET_MS = 3600_000;

/**
 * The card's id from what makes an incident: the same (project, kind, metric, scope, onset
 * bucket) from any replica gives the same id, whatever the scope's key order.
 */
export function insightId(
  i: Pick<Insight, 'projectId' | 'kind' | 'metric' | 'scope' | 'startedAt'>,
  bucketMs = ONSET_BUCKET_MS,
): string {
  const scope = Object.entries(i.scope).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const key = JSON.stringify([i.projectId, i.kind, i.metric, scope, Math.floor(i.startedAt / bucketMs)]);
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}

let lastVersion = 0;
/** Strictly increasing within this process (two changes in one millisecond stay ordered). */
export function nextInsightVersion(now = Date.now()): number {
  lastVersion = Math.max(now * 1000, lastVersion + 1);
  return lastVersion;
}

export type ActionRequest =
  | { action: 'acknowledge'; comment?: string }
  | { action: 'resolve'; comment?: string }
  | { action: 'feedback'; verdict: Verdict; comment?: string };

export type ActionResult = { next: Insight | null; feedback: Feedback } | { error: string; httpStatus: 409 };

/**
 * What an action does: the card's next version (null when its status does not change) and the
 * feedback row that records who did it. Acknowledging needs an open card; resolving any card not
 * yet resolved; `not_useful` sets that status (the engine's measure of false insights), `useful`
 * only records the verdict.
 */
export function applyAction(
  current: Insight,
  req: ActionRequest,
  ctx: { now: number; actor: string; version: number; id?: string },
): ActionResult {
  const feedback: Feedback = {
    projectId: current.projectId,
    insightId: current.insightId,
    id: ctx.id ?? randomUUID(),
    at: ctx.now,
    actor: ctx.actor,
    action: req.action,
    verdict: req.action === 'feedback' ? req.verdict : '',
    comment: req.comment ?? '',
  };
  const next = (status: InsightStatus, resolvedAt = current.resolvedAt): Insight => ({
    ...current,
    status,
    resolvedAt,
    version: ctx.version,
    updatedAt: ctx.now,
    updatedBy: ctx.actor,
  });
  switch (req.action) {
    case 'acknowledge':
      if (current.status === 'acknowledged') return { next: null, feedback };
      if (current.status !== 'open')
        return {
          error: `insight is ${current.status}: only an open insight can be acknowledged`,
          httpStatus: 409,
        };
      return { next: next('acknowledged'), feedback };
    case 'resolve':
      if (current.status === 'resolved') return { next: null, feedback };
      return { next: next('resolved', ctx.now), feedback };
    case 'feedback':
      if (req.verdict === 'useful' || current.status === 'not_useful') return { next: null, feedback };
      return { next: next('not_useful'), feedback };
  }
}
