/**
 * Rules as code → the processor's rule file (`alert-rules/generated/pulsetrace-rules.json`, a
 * `RuleFile` that PULSETRACE_ALERT_RULES_FILE points at). Pure: families and overrides in, the
 * parsed file out (defaults written out, so the file says exactly what the ruler runs).
 */
import {
  RuleFile,
  type AlertRule,
  type RuleOverride,
} from '../../../collector-processor/src/alerting/rules/schema';
import type { RuleFamily } from '../builtins/family';

/** Every rule carries its family as a label: routing and silences can match a whole family. */
export function withFamilyLabel(family: RuleFamily): RuleFamily['rules'] {
  return family.rules.map((r) => ({ ...r, labels: { family: family.family, ...r.labels } }));
}

/** The rule file; throws zod's error (path + message) when a rule or an override is invalid. */
export function toRuleFile(families: readonly RuleFamily[], overrides: readonly RuleOverride[]): RuleFile {
  return RuleFile.parse({ apiVersion: 1, rules: families.flatMap(withFamilyLabel), overrides });
}

/** The family of each parsed rule (its label), for the Grafana compile's group names. */
export function familyOf(rule: AlertRule): string {
  return rule.labels.family ?? 'custom';
}

export const ruleFileText = (file: RuleFile): string => `${JSON.stringify(file, null, 2)}\n`;
