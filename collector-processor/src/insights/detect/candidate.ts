/**
 * A judged incident as the engine's InsightCandidate (pure): severity, title, deltas with their
 * interval, the suggested next step.
 */
import { rateInterval } from '../stats';
import type { Delta, Hypothesis, InsightSeverity } from '../store/insight';
import type { InsightCandidate, InsightLinks } from '../engine/types';
import { relativeChange, type Judgement } from './score';

/**
 * How bad, from how much the metric moved and how many sessions had the bad signal. The move m
 * is the relative rise (0.5 = +50 %); a drop d counts as d / (1 − d), so traffic halving weighs
 * as much as a latency doubling.
 */
export function severityOf(
  j: Pick<Judgement, 'current' | 'baseline' | 'series'>,
  affectedSessions: number,
): InsightSeverity {
  const r = relativeChange(j);
  const m = j.series.direction === 'down' ? (r < 0 ? Math.min(-r, 0.999) / (1 + Math.max(r, -0.999)) : 0) : r;
  if (m >= 1 && affectedSessions >= 100) return 'critical';
  if (m >= 0.5 && affectedSessions >= 20) return 'high';
  if (m >= 0.2) return 'medium';
  return 'low';
}

const SCOPE_NAMES: Record<string, string> = {
  route: 'route',
  browser: 'browser',
  device: 'device',
  country: 'country',
  endpoint: 'endpoint',
  script: 'script',
  issue: 'issue',
};

export function describeScope(scope: Record<string, string>): string {
  const parts = Object.entries(scope).map(([k, v]) => `${SCOPE_NAMES[k] ?? k} ${v}`);
  return parts.length ? parts.join(', ') : 'the whole project';
}

/** A metric's display name: `web_vital.LCP.p75` → `LCP p75`. */
export function metricLabel(metric: string): string {
  const labels: Record<string, string> = {
    error_rate: 'Error rate (sessions with an error)',
    issue_events: 'Sessions hitting the issue',
    'http.error_rate': 'HTTP error rate',
    'http.p95': 'HTTP p95 latency',
    'long_task.duration': 'Long-task time per page view',
    'traffic.sessions': 'Sessions',
    'traffic.page_views': 'Page views',
  };
  const vital = /^web_vital\.(\w+)\.p75$/.exec(metric);
  return vital ? `${vital[1]} p75` : (labels[metric] ?? metric);
}

export function formatValue(v: number, unit: string): string {
  if (!Number.isFinite(v)) return String(v);
  if (unit === 'ratio') return `${(v * 100).toFixed(v < 0.01 ? 2 : 1)} %`;
  if (unit === 'ms') return `${Math.round(v).toLocaleString('en-US')} ms`;
  if (unit === 'count') return Math.round(v).toLocaleString('en-US');
  return v.toFixed(3);
}

export function titleOf(j: Pick<Judgement, 'current' | 'baseline' | 'series'>): string {
  const r = relativeChange(j);
  const change = Number.isFinite(r)
    ? `${r >= 0 ? 'up' : 'down'} ${Math.round(Math.abs(r) * 100)} %`
    : 'up from 0';
  const { unit, metric, scope } = j.series;
  return (
    `${metricLabel(metric)} ${change} on ${describeScope(scope)} ` +
    `(${formatValue(j.current.value, unit)}, usually ${formatValue(j.baseline.expected, unit)})`
  );
}

export function nextStepOf(j: Pick<Judgement, 'series'>, top?: Hypothesis): string {
  const lead = top ? `Start with "${top.title}". ` : '';
  const steps: Record<string, string> = {
    vitals:
      'Open the slow page loads of this scope and compare their attribution (element, resource, phases) with yesterday.',
    http: 'Check the endpoint’s recent deploys and server-side latency and errors for the same minutes.',
    errors: 'Open the issue’s latest events and the release that introduced it.',
    long_tasks:
      'Profile the script in the current release: a new or heavier task shows in its long-animation-frame invoker.',
    traffic:
      'Check the SDK still loads (CSP, ad blockers, a failed deploy) and the ingest endpoint is reachable.',
  };
  return lead + steps[j.series.family]!;
}

/** The current value with its 95 % interval (Wilson for rates, ±1.96 standard errors otherwise). */
export function deltaOf(j: Pick<Judgement, 'current' | 'baseline' | 'series'>): Delta {
  const { value, samples, stdError = 0 } = j.current;
  const interval: [number, number] =
    j.series.unit === 'ratio'
      ? (({ low, high }) => [low, high] as [number, number])(
          rateInterval(Math.round(value * samples), samples),
        )
      : [Math.max(0, value - 1.96 * stdError), value + 1.96 * stdError];
  return {
    metric: j.series.metric,
    value,
    baseline: j.baseline.expected,
    interval,
    ...(j.series.unit ? { unit: j.series.unit } : {}),
  };
}

export interface CandidateExtras {
  startedAt: number;
  affectedSessions: number;
  affectedUsers: number;
  release: string;
  links: InsightLinks;
  hypotheses: Hypothesis[];
}

export function toCandidate(j: Judgement, e: CandidateExtras): InsightCandidate {
  return {
    kind: 'anomaly',
    metric: j.series.metric,
    scope: j.series.scope,
    startedAt: e.startedAt,
    release: e.release,
    title: titleOf(j),
    severity: severityOf(j, e.affectedSessions),
    deltas: [deltaOf(j)],
    hypotheses: e.hypotheses,
    affectedSessions: e.affectedSessions,
    affectedUsers: e.affectedUsers,
    nextStep: nextStepOf(j, e.hypotheses[0]),
    links: e.links,
  };
}
