/**
 * The contract between the insight detectors and the engine that schedules them and keeps the
 * cards (docs/insights.md). A detector looks at one project at one instant and answers the
 * incidents it sees now, as candidates; the engine turns candidates into versioned cards
 * (store/insight.ts), keeps what people set, and resolves cards whose metric recovered.
 * Detectors are stateless (a function of the stored data and `now`), so every replica that
 * evaluates the same minute proposes the same candidates and the deterministic insightId makes
 * them one card.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Delta, Hypothesis, InsightKind, InsightSeverity } from '../store/insight';

/** Where a card points a person next: the release, its deploys, the issues involved. */
export interface InsightLinks {
  release?: string;
  previousRelease?: string;
  /** Deploys near the onset (from the `deploys` table), newest first. */
  deploys: Array<{ release: string; environment: string; at: number }>;
  /** Fingerprints of related issues (e.g. first seen in the release, or the issue that spiked). */
  issues: string[];
}

/** One incident as a detector sees it at `now`. */
export interface InsightCandidate {
  kind: InsightKind;
  /** Stable metric name, e.g. `error_rate`, `issue_events`, `web_vital.LCP.p75`, `http.p95`. */
  metric: string;
  /** The segment the incident is about ({} for the whole project), e.g. { route: '/checkout' }. */
  scope: Record<string, string>;
  /** Change point (epoch ms): part of the card's id, so it must not drift between evaluations. */
  startedAt: number;
  release: string;
  title: string;
  severity: InsightSeverity;
  deltas: Delta[];
  /** Ranked, most likely first; each with evidence (numbers with intervals) and reproducing queries. */
  hypotheses: Hypothesis[];
  affectedSessions: number;
  affectedUsers: number;
  /** One sentence: what a person should look at first. */
  nextStep: string;
  links: InsightLinks;
}

/** What a detector is given for one evaluation. */
export interface DetectContext {
  client: ClickHouseClient;
  projectId: string;
  /** The evaluation instant (epoch ms); tests and bench/insights replay time through it. */
  now: number;
}

/**
 * One family of incidents (anomalies of watched metrics, release regressions): `detect` answers
 * the incidents present at `now`. An open card that its detector stops proposing has recovered;
 * the engine resolves it once that has lasted long enough (engine/, docs/insights.md).
 */
export interface Detector {
  name: string;
  detect(ctx: DetectContext): Promise<InsightCandidate[]>;
}
