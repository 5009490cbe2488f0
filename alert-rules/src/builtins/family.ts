/**
 * A family of built-in rules: one source file, one Grafana rule group per evaluation interval
 * (`<family>-<interval>`), and the `family` label on every rule so routing can match it.
 */
import type { AlertRuleInput } from '../../../collector-processor/src/alerting/rules/schema';

export interface RuleFamily {
  /** Lowercase, for group names and the `family` label. */
  family: string;
  /** The family's heading in docs/alerting.md's "Built-in rules" table. */
  title: string;
  rules: AlertRuleInput[];
}

/** Where the runbooks live: docs/alerting.md's "Built-in rules" section, one anchor per rule. */
export const RUNBOOK_BASE = 'https://github.com/pulsetrace/pulsetrace/blob/main/docs/alerting.md';
export const runbook = (ruleId: string) => `${RUNBOOK_BASE}#rule-${ruleId}`;
