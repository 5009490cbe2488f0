/**
 * The release-regression detector (issue #16, "Detect", release-triggered analysis): for the
 * newest releases with enough sessions, each metric against the previous release; one candidate
 * per significant regression, with the contribution analysis between the releases and the
 * release's correlated changes as ranked hypotheses. A function of the stored data and `now` (its
 * only clock) but for the per-process caches below. docs/insights.md, "Release regressions",
 * states the rules and the caches' staleness.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { runSql, type QueryContext } from '../../query/handler';
import type { Detector, DetectContext, InsightCandidate, InsightLinks } from '../engine/types';
import { explainChange, type ExplainedHypothesis, type ExplainMetric } from '../explain/explain';
import { judgeMetrics, type JudgedMetric } from './compare';
import { compareSides } from './compare-sql';
import {
  endpointChanges,
  issueChanges,
  resourceChanges,
  scriptChanges,
  type CorrelatedChange,
  type SideSessions,
} from './correlated';
import { rankHypotheses } from './rank';
import {
  buildDeploysSql,
  buildEndpointsSql,
  buildNewIssuesSql,
  buildResourcesSql,
  buildScriptsSql,
} from './correlated-sql';
import {
  candidateBaselines,
  chooseWindows,
  firstLook,
  RELEASE_DEFAULTS,
  releasesToAnalyse,
  verdictStands,
  type ReleaseOptions,
  type ReleasePair,
} from './select';
import { createReleaseList } from './release-list';
import { buildAffectedSql, buildWindowSessionsSql, type Sides } from './sql';

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

export interface CorrelatedRequest extends Sides {
  now: number;
  /** Sessions of each side, for the share of sessions a change touches. */
  sessions: SideSessions;
  /** How far back an issue's first error is looked for (default: 14 days before now). */
  since?: number;
}

export interface CorrelatedChanges {
  /** Every change found, each scored (correlated.ts); rank per metric with rankHypotheses. */
  changes: CorrelatedChange[];
  deploys: InsightLinks['deploys'];
  /** Fingerprints of the issues first seen in the new release. */
  issues: string[];
}

/**
 * What else changed between the previous release's window and the new one's: resources that
 * grew, new or slower endpoints, scripts newly causing long tasks, issues first seen in the
 * release, and both releases' deploys. `previous` may equal `release` (an anomaly's before and
 * after windows): the windows then tell the sides apart.
 */
export async function correlatedChanges(
  client: ClickHouseClient,
  r: CorrelatedRequest,
): Promise<CorrelatedChanges> {
  const ctx: QueryContext = { client, now: r.now };
  const since = r.since ?? r.now - 2 * RELEASE_DEFAULTS.lookbackMs;
  const [resources, endpoints, scripts, issues, deploys] = await Promise.all([
    runSql(ctx, buildResourcesSql(r)),
    runSql(ctx, buildEndpointsSql(r)),
    runSql(ctx, buildScriptsSql(r)),
    runSql(ctx, buildNewIssuesSql(r, since)),
    runSql(ctx, buildDeploysSql(r, r.now)),
  ]);
  return {
    changes: [
      ...resourceChanges(resources, r, r.sessions),
      ...endpointChanges(endpoints, r, r.sessions),
      ...scriptChanges(scripts, r, r.sessions),
      ...issueChanges(issues, r, r.sessions),
    ],
    deploys: deploys.map((d) => ({
      release: String(d.release),
      environment: String(d.environment),
      at: num(d.at),
    })),
    issues: issues.map((i) => String(i.fingerprint)),
  };
}

/** The contribution analysis's metric for a regressed metric (explain/dimensions.ts). */
export function explainMetricOf(metric: string): ExplainMetric | undefined {
  const vital = /^web_vital\.(LCP|INP|CLS)\.p75$/.exec(metric);
  if (vital) return { type: 'web_vital', metric: vital[1] as 'LCP' | 'INP' | 'CLS' };
  if (metric === 'error_rate') return { type: 'errors' };
  if (metric === 'http.error_rate') return { type: 'http', measure: 'error_rate' };
  if (metric === 'http.p95') return { type: 'http', measure: 'p95' };
  if (metric === 'long_task.ms_per_session') return { type: 'long_tasks' };
  return undefined;
}

/**
 * Contribution analysis between the releases: each window filtered to its release, so it works
 * side by side (same window) as well as one after the other; the release dimension, being the
 * windows' filter, is not a hypothesis.
 */
async function explainBetween(client: ClickHouseClient, s: Sides, metric: string, now: number) {
  const m = explainMetricOf(metric);
  if (!m) return [];
  const e = await explainChange(
    client,
    {
      project: s.project,
      metric: m,
      baseline: { ...s.baseline, filters: { release: [s.previous] } },
      current: { ...s.current, filters: { release: [s.release] } },
    },
    now,
  );
  return e.hypotheses.filter((h: ExplainedHypothesis) => h.dimension !== 'release');
}

const LABELS: Record<string, string> = {
  error_rate: 'Session error rate',
  'web_vital.LCP.p75': 'LCP p75',
  'web_vital.INP.p75': 'INP p75',
  'web_vital.CLS.p75': 'CLS p75',
  'http.error_rate': 'HTTP failure rate',
  'http.p95': 'HTTP p95',
  'long_task.ms_per_session': 'Long-task time per session',
};

function format(value: number, unit: string): string {
  if (unit === 'percentunit') return `${(value * 100).toFixed(2)} %`;
  if (unit === 'ms') return `${Math.round(value)} ms`;
  return value.toFixed(3);
}

function candidate(
  pair: ReleasePair,
  m: JudgedMetric,
  hypotheses: InsightCandidate['hypotheses'],
  affected: { sessions: number; users: number },
  links: InsightLinks,
): InsightCandidate {
  const label = LABELS[m.metric] ?? m.metric;
  const top = hypotheses[0];
  return {
    kind: 'release_regression',
    metric: m.metric,
    scope: { release: pair.release },
    startedAt: pair.firstSeen,
    release: pair.release,
    title: `${label} regressed in ${pair.release}: ${format(m.baseline, m.unit)} → ${format(m.value, m.unit)} (vs ${pair.previous})`,
    severity: m.severity,
    deltas: [{ metric: m.metric, value: m.value, baseline: m.baseline, interval: m.interval, unit: m.unit }],
    hypotheses,
    affectedSessions: affected.sessions,
    affectedUsers: affected.users,
    nextStep: top
      ? `Compare ${pair.release} with ${pair.previous}, starting with: ${top.title}.`
      : `Compare ${pair.release} with ${pair.previous} (release comparison) and consider rolling back.`,
    links,
  };
}

/** One release against its predecessor: its regressions as candidates. */
async function analyse(
  ctx: DetectContext,
  pair: ReleasePair,
  o: ReleaseOptions,
): Promise<InsightCandidate[]> {
  const q: QueryContext = { client: ctx.client, now: ctx.now };
  const options = candidateBaselines(pair, ctx.now, o);
  const [row] = await runSql(
    q,
    buildWindowSessionsSql(
      ctx.projectId,
      pair.previous,
      options.map((w) => w.baseline),
    ),
  );
  const windows = chooseWindows(
    options,
    options.map((_, i) => num(row?.[`s${i}`])),
    o.minSessions,
  );
  if (!windows) return [];
  const s: Sides = { project: ctx.projectId, ...pair, baseline: windows.baseline, current: windows.current };
  const compared = await compareSides(q, s);
  if (compared.sessions.release < firstLook(o)) return [];
  const regressions = judgeMetrics(compared.metrics, o, compared.sessions.release).filter(
    (m) => m.regression,
  );
  if (!regressions.length) return [];
  const related = await correlatedChanges(ctx.client, { ...s, now: ctx.now, sessions: compared.sessions });
  const links: InsightLinks = {
    release: pair.release,
    previousRelease: pair.previous,
    deploys: related.deploys,
    issues: related.issues,
  };
  const out: InsightCandidate[] = [];
  for (const m of regressions) {
    const explained = await explainBetween(ctx.client, s, m.metric, ctx.now);
    const hypotheses = rankHypotheses(m.metric, explained, related.changes, { release: pair.release });
    const [affected] = await runSql(q, buildAffectedSql(s, m.metric, m.baseline));
    out.push(
      candidate(
        pair,
        m,
        hypotheses,
        { sessions: num(affected?.sessions), users: num(affected?.users) },
        links,
      ),
    );
  }
  return out;
}

const CACHE_MAX = 1000;

/**
 * The detector, with two per-instance caches: the release list (release-list.ts: read in full
 * every 10 minutes, only the page views since in between) and each release's verdict
 * (verdictStands: re-judged at the next step of the sessions grid, ×1.246, or clock half-hour).
 * A release whose traffic is flat costs one small statement a minute.
 */
export function createReleaseRegressionDetector(options: Partial<ReleaseOptions> = {}): Detector {
  const o: ReleaseOptions = { ...RELEASE_DEFAULTS, ...options };
  // Twice the lookback: the predecessor of a release first seen 7 days ago was live before it.
  const releaseList = createReleaseList(2 * o.lookbackMs);
  const verdicts = new Map<string, { at: number; sessions: number; candidates: InsightCandidate[] }>();
  const cached = async (ctx: DetectContext, pair: ReleasePair) => {
    const key = JSON.stringify([ctx.projectId, pair.release, pair.previous, pair.firstSeen]);
    const hit = verdicts.get(key);
    if (hit && verdictStands(hit, ctx.now, pair, o)) return hit.candidates;
    const candidates = await analyse(ctx, pair, o);
    verdicts.delete(key);
    if (verdicts.size >= CACHE_MAX) verdicts.delete(verdicts.keys().next().value!);
    verdicts.set(key, { at: ctx.now, sessions: pair.sessions, candidates });
    return candidates;
  };
  return {
    name: 'release_regression',
    async detect(ctx) {
      const traffic = await releaseList(ctx.client, ctx.projectId, ctx.now);
      const out: InsightCandidate[] = [];
      for (const pair of releasesToAnalyse(traffic, ctx.now, o)) out.push(...(await cached(ctx, pair)));
      return out;
    },
  };
}

export const releaseRegressionDetector = createReleaseRegressionDetector();
