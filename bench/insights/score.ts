/**
 * Scoring, pure: which candidate is the expected insight, where its hypotheses rank the known
 * cause, how many distinct insights a null scenario raised, and the summary numbers.
 */
import type { InsightCandidate } from '../../collector-processor/src/insights/engine/types';
import type { Hypothesis } from '../../collector-processor/src/insights/store/insight';
import type { Expected, ExpectedCause } from './scenario';

/**
 * The candidate is the expected insight: its metric matches, and its scope is the whole project
 * or narrowed only along the expected keys, to the expected values.
 */
export function matchesExpected(c: Pick<InsightCandidate, 'metric' | 'scope'>, e: Expected): boolean {
  if (!new RegExp(e.metric, 'i').test(c.metric)) return false;
  return Object.entries(c.scope).every(([k, v]) => e.scope[k] !== undefined && e.scope[k] === v);
}

/** A hypothesis names the cause: the value (and the dimension, if given) appear in its title or evidence. */
export function namesCause(h: Pick<Hypothesis, 'title' | 'evidence'>, cause: ExpectedCause): boolean {
  const text = `${h.title} ${JSON.stringify(h.evidence)}`.toLowerCase();
  if (!text.includes(cause.value.toLowerCase())) return false;
  return !cause.dimension || text.includes(cause.dimension.toLowerCase());
}

/** 0-based rank of the first hypothesis naming any expected cause; -1 if none does. */
export function causeRank(
  hypotheses: ReadonlyArray<Pick<Hypothesis, 'title' | 'evidence'>>,
  causes: readonly ExpectedCause[],
): number {
  return hypotheses.findIndex((h) => causes.some((c) => namesCause(h, c)));
}

/** The insight's own scope names a cause marked `inScope` (e.g. scope endpoint = GET …/v1/search). */
export function causeInScope(scope: Record<string, string>, causes: readonly ExpectedCause[]): boolean {
  const values = Object.values(scope).map((v) => v.toLowerCase());
  return causes.some((c) => c.inScope && values.some((v) => v.includes(c.value.toLowerCase())));
}

/** One incident, as the card id keys it (store/insight.ts insightId: kind, metric, scope, onset hour). */
export function insightKey(c: Pick<InsightCandidate, 'kind' | 'metric' | 'scope' | 'startedAt'>): string {
  const scope = Object.entries(c.scope)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `${c.kind}|${c.metric}|${scope}|${Math.floor(c.startedAt / 3_600_000)}`;
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export interface FaultOutcome {
  scenario: string;
  detected: boolean;
  /** Minutes from onset to the first evaluation that saw the expected insight. */
  minutesToDetect: number | null;
  /** Rank of the expected cause among that insight's hypotheses (-1: absent). */
  causeRank: number | null;
  /** The insight's scope itself names the cause (see ExpectedCause.inScope). */
  causeInScope: boolean;
  /** The expected insight already raised before the onset (a false alarm on that series). */
  beforeOnset: boolean;
  /** The matching insights of the first detecting evaluation, with their cause rank. */
  insights?: Array<{
    kind: string;
    metric: string;
    scope: Record<string, string>;
    causeRank: number;
    topHypotheses: string[];
  }>;
  /** Other distinct insights raised in the evaluated minutes. */
  otherInsights: string[];
}

export interface NullOutcome {
  scenario: string;
  evaluatedDays: number;
  evaluations: number;
  insights: string[];
  perWeek: number;
}

export function summarise(
  faults: readonly FaultOutcome[],
  nulls: readonly NullOutcome[],
  cpuMsPerEval: readonly number[],
) {
  const detected = faults.filter((f) => f.detected);
  const ttd = detected.map((f) => f.minutesToDetect!);
  const ranked = detected.filter((f) => f.causeRank !== null);
  const days = nulls.reduce((s, n) => s + n.evaluatedDays, 0);
  const falseInsights = nulls.reduce((s, n) => s + n.insights.length, 0);
  const cpu = median(cpuMsPerEval);
  return {
    faults: faults.length,
    detectionRate: faults.length ? detected.length / faults.length : NaN,
    minutesToDetect: { median: median(ttd), max: ttd.length ? Math.max(...ttd) : NaN },
    // Over all faults: an undetected fault has no cause found.
    top1: faults.length ? ranked.filter((f) => f.causeRank === 0).length / faults.length : NaN,
    // Counting an insight scoped to the cause (a Firefox-only card, an endpoint's p95) as rank 1.
    top1WithScope: faults.length
      ? ranked.filter((f) => f.causeInScope || f.causeRank === 0).length / faults.length
      : NaN,
    top3WithScope: faults.length
      ? ranked.filter((f) => f.causeInScope || (f.causeRank! >= 0 && f.causeRank! < 3)).length / faults.length
      : NaN,
    top3: faults.length
      ? ranked.filter((f) => f.causeRank! >= 0 && f.causeRank! < 3).length / faults.length
      : NaN,
    falseInsightsPerProjectWeek: days ? (falseInsights / days) * 7 : NaN,
    cpuMsPerProjectEvaluation: { median: cpu, p95: quantile(cpuMsPerEval, 0.95) },
    // 100 projects, one evaluation a minute: CPU ms per minute over 60,000 ms of one core.
    percentOfOneCoreFor100Projects: (cpu * 100 * 100) / 60_000,
  };
}

function quantile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
}
