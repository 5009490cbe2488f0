/**
 * A threshold rule's evaluation at one instant: the query's series reduced to values (pure part:
 * `judgeSeries`), then one state-machine step per instance (`planInstances`). The query itself
 * runs in-process through the query registry (`runRuleQuery`), as POST /api/v1/query runs it.
 */
import crypto from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { querySchema } from '../../query/registry';
import type { DataFrameJSON } from '../../query/types';
import { durationMs, type Condition, type ThresholdRule } from '../rules/schema';
import { labelKey, reduce, seriesOf } from './reduce';
import {
  INACTIVE,
  specialInstance,
  step,
  verdictWithout,
  type InstanceState,
  type Step,
  type Verdict,
} from './state';

/** One series' judged value. */
export interface SeriesValue {
  labels: Record<string, string>;
  value: number | null;
  /** compareTo only: the current and the earlier reduced values. */
  current?: number | null;
  earlier?: number | null;
}

/** What the rule's query answered: values per series, no data at all, or a failure. */
export type Outcome =
  | { health: 'ok'; series: SeriesValue[] }
  | { health: 'nodata'; series: SeriesValue[] }
  | { health: 'error'; error: string; series: SeriesValue[] };

export function holds(value: number | null, c: Condition): boolean {
  if (value === null || Number.isNaN(value)) return false;
  switch (c.op) {
    case '>':
      return value > c.threshold;
    case '>=':
      return value >= c.threshold;
    case '<':
      return value < c.threshold;
    case '<=':
      return value <= c.threshold;
  }
}

/**
 * Reduced values per series; with `earlier` (compareTo), the ratio current / earlier for series
 * present in both with a non-zero earlier value (no baseline: no value).
 */
export function judgeSeries(
  rule: Pick<ThresholdRule, 'reducer' | 'field'>,
  current: readonly DataFrameJSON[],
  earlier?: readonly DataFrameJSON[],
): Outcome {
  const now = seriesOf(current, rule.field).map((s) => ({
    labels: s.labels,
    value: reduce(s.values, rule.reducer),
  }));
  let series: SeriesValue[] = now;
  if (earlier) {
    const before = new Map(
      seriesOf(earlier, rule.field).map((s) => [labelKey(s.labels), reduce(s.values, rule.reducer)]),
    );
    series = now.map((s) => {
      const e = before.get(labelKey(s.labels)) ?? null;
      const value = s.value === null || e === null || e === 0 ? null : s.value / e;
      return { labels: s.labels, value, current: s.value, earlier: e };
    });
  }
  const withData = series.filter((s) => s.value !== null);
  return withData.length ? { health: 'ok', series: withData } : { health: 'nodata', series: [] };
}

/** The instance's identity: rule, project and its series labels (Alert.fingerprint). */
export function instanceFingerprint(
  ruleId: string,
  projectId: string,
  labels: Record<string, string>,
): string {
  return crypto
    .createHash('sha256')
    .update(`${ruleId}\u0000${projectId}\u0000${labelKey(labels)}`)
    .digest('hex')
    .slice(0, 16);
}

export interface StoredInstance extends InstanceState {
  fingerprint: string;
  /** The series labels (not the rule's): what the fingerprint hashes. */
  labels: Record<string, string>;
}

export interface InstanceChange extends Step {
  fingerprint: string;
  labels: Record<string, string>;
  /** The step changed something worth writing (state, or the keep-firing clock). */
  write: boolean;
}

/**
 * One step for every instance: each series' verdict from the condition; instances without a
 * value this time (series gone, no data, query failed) get the no-data / error verdict; the
 * rule-level DatasourceNoData / DatasourceError instance fires when the rule asks for it.
 */
export function planInstances(
  rule: ThresholdRule,
  projectId: string,
  outcome: Outcome,
  previous: readonly StoredInstance[],
  now: number,
): InstanceChange[] {
  const timing = { forMs: durationMs(rule.for), keepFiringForMs: durationMs(rule.keepFiringFor) };
  const seen = new Map<string, { labels: Record<string, string>; verdict: Verdict; value: number | null }>();
  for (const s of outcome.series) {
    const fp = instanceFingerprint(rule.id, projectId, s.labels);
    seen.set(fp, {
      labels: s.labels,
      verdict: holds(s.value, rule.condition) ? 'alerting' : 'ok',
      value: s.value,
    });
  }
  const special =
    outcome.health === 'ok'
      ? null
      : specialInstance(outcome.health, outcome.health === 'error' ? rule.onError : rule.noData);
  const missing: Verdict =
    outcome.health === 'ok'
      ? 'ok'
      : verdictWithout(outcome.health, outcome.health === 'error' ? rule.onError : rule.noData);
  const specialLabels = (name: string) => ({ alertname: name });
  for (const name of ['DatasourceNoData', 'DatasourceError']) {
    const labels = specialLabels(name);
    const fp = instanceFingerprint(rule.id, projectId, labels);
    if (name === special) seen.set(fp, { labels, verdict: 'alerting', value: null });
  }
  // A no-data "alerting" with no series at all: one instance without series labels, as Grafana.
  if (outcome.health !== 'ok' && missing === 'alerting' && previous.every((p) => p.state === 'inactive')) {
    const fp = instanceFingerprint(rule.id, projectId, {});
    seen.set(fp, { labels: {}, verdict: 'alerting', value: null });
  }
  const changes: InstanceChange[] = [];
  const byFp = new Map(previous.map((p) => [p.fingerprint, p]));
  for (const [fp, s] of seen) {
    const prev = byFp.get(fp) ?? INACTIVE;
    changes.push(
      change(fp, s.labels, prev, step(prev, s.verdict, s.value, now, timing), timing.keepFiringForMs),
    );
  }
  for (const p of previous) {
    if (seen.has(p.fingerprint)) continue;
    // The special instances resolve once the rule answers again; series instances take `missing`.
    const isSpecial = p.labels.alertname === 'DatasourceNoData' || p.labels.alertname === 'DatasourceError';
    const verdict: Verdict = isSpecial ? 'ok' : missing;
    changes.push(
      change(p.fingerprint, p.labels, p, step(p, verdict, p.value, now, timing), timing.keepFiringForMs),
    );
  }
  return changes;
}

/**
 * Whether a step needs a row: a transition always; a firing instance whose condition held again
 * only when keepFiringFor counts from that moment (otherwise nothing reads the clock, and writing
 * every firing instance at every evaluation would be a row per instance per interval).
 */
function change(
  fp: string,
  labels: Record<string, string>,
  prev: InstanceState,
  s: Step,
  keepFiringForMs: number,
): InstanceChange {
  const clockMoved =
    keepFiringForMs > 0 &&
    prev.state === 'firing' &&
    s.next.state === 'firing' &&
    s.next.lastAlertingAt !== prev.lastAlertingAt;
  return { ...s, fingerprint: fp, labels, write: s.transition !== null || clockMoved };
}

/** Runs a rule's query for one project over [from, to) through the query registry. */
export async function runRuleQuery(
  client: ClickHouseClient,
  rule: ThresholdRule,
  projectId: string,
  from: number,
  to: number,
): Promise<DataFrameJSON[]> {
  const parsed = querySchema().safeParse({ ...rule.query, project: projectId, from, to, refId: 'A' });
  if (!parsed.success)
    throw new Error(
      `rule ${rule.id}: its query is not valid: ${parsed.error.issues.map((i) => i.message).join('; ')}`,
    );
  return parsed.data.run({ client, now: to });
}

/** The query at `now`, and with compareTo the same window `offset` earlier, judged. */
export async function evaluateRule(
  client: ClickHouseClient,
  rule: ThresholdRule,
  projectId: string,
  now: number,
): Promise<Outcome> {
  const windowMs = durationMs(rule.window);
  try {
    const current = await runRuleQuery(client, rule, projectId, now - windowMs, now);
    let earlier: DataFrameJSON[] | undefined;
    if (rule.compareTo) {
      const offset = durationMs(rule.compareTo.offset);
      earlier = await runRuleQuery(client, rule, projectId, now - offset - windowMs, now - offset);
    }
    return judgeSeries(rule, current, earlier);
  } catch (err) {
    return { health: 'error', error: err instanceof Error ? err.message : String(err), series: [] };
  }
}
