/**
 * One threshold rule evaluated for one project at one aligned instant: query, state steps, and
 * what to write (instances, history, notifications). The caller (ruler.ts) writes them in the
 * order that loses nothing on a crash: notifications first, then history, states, the evaluation.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { durationMs, type ThresholdRule } from '../rules/schema';
import type { Alert, Notification } from '../types';
import { buildAlert, groupNotifications, type AlertContext } from './alerts';
import {
  evaluateRule,
  planInstances,
  type InstanceChange,
  type Outcome,
  type StoredInstance,
} from './evaluate';
import type { Silence } from './silence';
import { isSilenced } from './silence';
import type { Evaluation, HistoryRow } from './store';

export interface ThresholdInput {
  rule: ThresholdRule;
  projectId: string;
  retentionDays: number;
  /** The aligned evaluation instant. */
  at: number;
  previous: readonly StoredInstance[];
  previousAt: number | undefined;
  receivers: readonly string[];
  silences: readonly Silence[];
  ctx: AlertContext;
}

export interface ThresholdResult {
  outcome: Outcome;
  changes: InstanceChange[];
  instances: StoredInstance[];
  history: HistoryRow[];
  notifications: Notification[];
  evaluation: Evaluation;
  firing: number;
}

/** Pure: the evaluation's consequences from its outcome. */
export function decide(input: ThresholdInput, outcome: Outcome, durationMsTaken = 0): ThresholdResult {
  const { rule, projectId, at } = input;
  const changes = planInstances(rule, projectId, outcome, input.previous, at);
  const fired: Alert[] = [];
  const resolved: Alert[] = [];
  const firing: Alert[] = [];
  const history: HistoryRow[] = [];
  const alertOf = (c: InstanceChange, startsAt: number, endsAt?: number) =>
    buildAlert(rule, projectId, c.fingerprint, c.labels, c.next.value, { startsAt, endsAt }, input.ctx);
  for (const c of changes) {
    if (c.next.state === 'firing') {
      const a = alertOf(c, c.next.firedAt);
      firing.push(a);
      if (c.transition === 'firing') fired.push(a);
    }
    if (c.transition === 'resolved') resolved.push(alertOf(c, c.resolvedFiredAt ?? at, at));
    if (c.transition) {
      const a = alertOf(
        c,
        c.transition === 'resolved' ? (c.resolvedFiredAt ?? at) : c.next.firedAt || c.next.activeAt,
      );
      history.push({
        projectId,
        ruleId: rule.id,
        fingerprint: c.fingerprint,
        at,
        state: c.transition,
        retentionDays: input.retentionDays,
        ruleName: rule.name,
        kind: 'threshold',
        severity: rule.severity,
        labels: a.labels,
        value: c.next.value,
        startsAt: a.startsAt,
        endsAt: c.transition === 'resolved' ? at : null,
        summary: a.annotations.summary ?? '',
        silenced: isSilenced(input.silences, a.labels, at),
      });
    }
  }
  const notifications = groupNotifications(
    {
      rule,
      projectId,
      now: at,
      fired,
      resolved,
      firing,
      previousAt: input.previousAt,
      repeatMs: durationMs(rule.repeatInterval),
    },
    input.receivers,
    input.silences,
  );
  // A repeat rewrites the firing instances, so their rows stay younger than the table's TTL.
  const repeated = notifications.some((n) => n.status === 'firing' && !n.key.endsWith('|r0'));
  const instances = changes
    .filter((c) => c.write || (repeated && c.next.state === 'firing'))
    .map((c) => ({ ...c.next, fingerprint: c.fingerprint, labels: c.labels }));
  return {
    outcome,
    changes,
    instances,
    history,
    notifications,
    firing: firing.length,
    evaluation: {
      ruleId: rule.id,
      evaluatedAt: at,
      health: outcome.health,
      error: outcome.health === 'error' ? outcome.error : '',
      series: outcome.series.length,
      durationMs: durationMsTaken,
    },
  };
}

export async function evaluateThreshold(
  client: ClickHouseClient,
  input: ThresholdInput,
): Promise<ThresholdResult> {
  const began = performance.now();
  const outcome = await evaluateRule(client, input.rule, input.projectId, input.at);
  return decide(input, outcome, performance.now() - began);
}
