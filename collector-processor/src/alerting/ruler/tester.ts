/**
 * RuleTester (types.ts): one rule evaluated for one project at `now` without notifying or writing
 * anything, for POST /api/v1/projects/:id/alert-rules/:ruleId/test and `pulsetrace alerts test`.
 * Threshold rules answer each series' value and the state it would be in after this evaluation
 * (from the stored state, so a pending instance shows how long it has been pending); event rules
 * answer the events that would fire now (issue.spike) or that the rule listens for.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { durationMs, type AlertRule } from '../rules/schema';
import type { AlertState, RuleTester } from '../types';
import { spikeEvents } from './events';
import { evaluateRule, holds, instanceFingerprint } from './evaluate';
import { loadInstances } from './store';
import { decide } from './threshold';
import { alignedInstant } from './ruler';

export interface TestedSeries {
  labels: Record<string, string>;
  value: number | null;
  current?: number | null;
  earlier?: number | null;
  /** Whether the condition holds for this value. */
  conditionMet: boolean;
  /** The state after this evaluation, given the stored state. */
  state: AlertState;
  /** The transition this evaluation would make (pending, firing, resolved, cancelled), if any. */
  transition: string | null;
}

export interface RuleTestResult {
  ruleId: string;
  kind: AlertRule['kind'];
  evaluatedAt: number;
  health: 'ok' | 'nodata' | 'error';
  error?: string;
  series: TestedSeries[];
  /** Event rules: the events that would fire now (issue.spike), with their values. */
  events?: Array<{ subject: string; title: string; value: number | null }>;
}

export function createRuleTester(client: ClickHouseClient): RuleTester & {
  test(projectId: string, rule: AlertRule, now: number): Promise<RuleTestResult>;
} {
  return {
    async test(projectId, rule, now) {
      if (rule.kind === 'event') {
        const events = rule.event === 'issue.spike' ? await spikeEvents(client, projectId, rule, now) : [];
        return {
          ruleId: rule.id,
          kind: rule.kind,
          evaluatedAt: now,
          health: 'ok',
          series: [],
          events: events.map((e) => ({ subject: e.subject, title: e.title, value: e.value })),
        };
      }
      const at = alignedInstant(now, durationMs(rule.interval));
      const outcome = await evaluateRule(client, rule, projectId, at);
      const previous = (await loadInstances(client, projectId, [rule.id])).get(rule.id) ?? [];
      const { changes } = decide(
        {
          rule,
          projectId,
          retentionDays: 0,
          at,
          previous,
          previousAt: undefined,
          receivers: [],
          silences: [],
          ctx: { appUrl: '' },
        },
        outcome,
      );
      const byFp = new Map(changes.map((c) => [c.fingerprint, c]));
      const series = outcome.series.map((s): TestedSeries => {
        const c = byFp.get(instanceFingerprint(rule.id, projectId, s.labels));
        return {
          labels: s.labels,
          value: s.value,
          ...(s.current !== undefined ? { current: s.current, earlier: s.earlier } : {}),
          conditionMet: holds(s.value, rule.condition),
          state: c?.next.state ?? 'inactive',
          transition: c?.transition ?? null,
        };
      });
      return {
        ruleId: rule.id,
        kind: rule.kind,
        evaluatedAt: at,
        health: outcome.health,
        ...(outcome.health === 'error' ? { error: outcome.error } : {}),
        series,
      };
    },
  };
}
