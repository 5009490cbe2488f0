/** Rules for the ruler's tests (parsed through the schema, so defaults apply as in production). */
import { AlertRule, type AlertRuleInput, type EventRule, type ThresholdRule } from '../rules/schema';

export function thresholdRule(
  over: Partial<Extract<AlertRuleInput, { kind: 'threshold' }>> = {},
): ThresholdRule {
  return AlertRule.parse({
    kind: 'threshold',
    id: 'lcp',
    name: 'LCP p75 over 2.5 s',
    annotations: { summary: 'LCP p75 is {{ $value }} ms on {{ $labels.route }}' },
    query: { type: 'web_vitals', metric: 'LCP', percentiles: [75], groupBy: ['route'] },
    field: 'p75',
    condition: { op: '>', threshold: 2500 },
    for: '0s',
    interval: '1m',
    receivers: ['hook'],
    ...over,
  }) as ThresholdRule;
}

export function eventRule(over: Partial<Extract<AlertRuleInput, { kind: 'event' }>> = {}): EventRule {
  return AlertRule.parse({
    kind: 'event',
    id: 'new-issue',
    name: 'New issue',
    event: 'issue.new',
    annotations: { summary: 'New issue' },
    receivers: ['hook'],
    ...over,
  }) as EventRule;
}
