/**
 * Threshold rules → Grafana alerting file provisioning (apiVersion 1, `groups:`), one Grafana rule
 * per (rule, project of GRAFANA_PROJECTS): A the PulseTrace query over the window, B its reduce
 * expression, C the threshold expression (the condition). `compareTo` adds D (the same query
 * `offset` earlier, by relativeTimeRange), E its reduce, F = B / E; C then judges F. Event rules
 * are processor-only: they are left out and listed in the file's header. Pure.
 */
import crypto from 'node:crypto';
import {
  durationMs,
  type AlertRule,
  type RuleOverride,
  type ThresholdRule,
} from '../../../collector-processor/src/alerting/rules/schema';
import { familyOf } from '../compile/rule-file';
import type { GrafanaProject } from '../projects';
import type { AlertRuleData, GrafanaRule, RuleGroup, RulesFile } from './format';
import { toModel } from './model';

export interface GrafanaTarget {
  /** The provisioned data source (deploy/grafana/provisioning/datasources/pulsetrace.yaml). */
  datasource: { type: string; uid: string };
  folder: string;
  orgId: number;
  /** Grafana's public URL: the base of the links into the app in each alert's annotations. */
  grafanaUrl: string;
}

export const DEFAULT_TARGET: GrafanaTarget = {
  datasource: { type: 'pulsetrace-rum-datasource', uid: 'pulsetrace' },
  folder: 'PulseTrace',
  orgId: 1,
  grafanaUrl: 'http://localhost:3000',
};

const EXPR = { type: '__expr__', uid: '__expr__' };
const OPERATOR = { '>': 'gt', '>=': 'ge', '<': 'lt', '<=': 'le' } as const;
const NO_DATA = { ok: 'OK', alerting: 'Alerting', nodata: 'NoData', keep: 'KeepLast' } as const;
const EXEC_ERR = { error: 'Error', alerting: 'Alerting', ok: 'OK', keep: 'KeepLast' } as const;
/** The app page a family's alert links to (grafana-app/src/constants.ts ROUTES). */
const APP_PAGE: Record<string, string> = {
  issues: 'issues',
  errors: 'issues',
  'web-vitals': 'performance',
  http: 'performance',
  releases: 'insights',
  traffic: 'analytics',
};

/** Grafana rule uids: at most 40 of [a-zA-Z0-9_-]; readable when short, hashed when not. */
export function ruleUid(ruleId: string, project: string): string {
  const base = `${ruleId}-${project}`.replace(/[^a-zA-Z0-9_-]/g, '_');
  if (base.length <= 40) return base;
  const hash = crypto.createHash('sha256').update(`${ruleId}\u0000${project}`).digest('hex').slice(0, 8);
  return `${base.slice(0, 31)}-${hash}`;
}

/** The override of this rule for this project: by project id, or by label for the default project. */
export function overrideFor(
  rule: AlertRule,
  project: GrafanaProject,
  overrides: readonly RuleOverride[],
): RuleOverride | undefined {
  const key = project.id || project.label;
  return overrides.find((o) => o.rule === rule.id && o.project === key);
}

const appliesTo = (rule: AlertRule, project: GrafanaProject) =>
  rule.projects === '*' || rule.projects.includes(project.id || project.label);

/** `{{ $value }}` is Grafana's debug string of every expression: name the judged one instead. */
export const grafanaTemplate = (text: string, ref: string) =>
  text.replace(/\{\{\s*\$value\s*\}\}/g, `{{ printf "%.3g" $values.${ref}.Value }}`);

const seconds = (d: string) => Math.round(durationMs(d) / 1000);

function reduce(refId: string, of: string, rule: ThresholdRule): AlertRuleData {
  return {
    refId,
    datasourceUid: EXPR.uid,
    // dropNN: nulls and NaN left out before reducing, as the processor's reducer does.
    model: {
      refId,
      datasource: EXPR,
      type: 'reduce',
      expression: of,
      reducer: rule.reducer,
      settings: { mode: 'dropNN' },
    },
  };
}

/** The data (queries and expressions) of one rule for one project. */
export function ruleData(rule: ThresholdRule, project: GrafanaProject, threshold: number, t: GrafanaTarget) {
  const window = seconds(rule.window);
  const query = (refId: string, shift: number): AlertRuleData => ({
    refId,
    relativeTimeRange: { from: window + shift, to: shift },
    datasourceUid: t.datasource.uid,
    model: toModel(rule.query, { refId, project: project.id, datasource: t.datasource, field: rule.field }),
  });
  const data: AlertRuleData[] = [query('A', 0), reduce('B', 'A', rule)];
  let judged = 'B';
  if (rule.compareTo) {
    data.push(query('D', seconds(rule.compareTo.offset)), reduce('E', 'D', rule));
    // current / earlier; `0 * log($E)` is NaN when E is 0 (log 0 = -Inf), so no baseline gives
    // no value (the threshold is false) rather than +Inf, as the processor's ruler does.
    data.push({
      refId: 'F',
      datasourceUid: EXPR.uid,
      model: { refId: 'F', datasource: EXPR, type: 'math', expression: '$B / $E + 0 * log($E)' },
    });
    judged = 'F';
  }
  data.push({
    refId: 'C',
    datasourceUid: EXPR.uid,
    model: {
      refId: 'C',
      datasource: EXPR,
      type: 'threshold',
      expression: judged,
      conditions: [{ evaluator: { type: OPERATOR[rule.condition.op], params: [threshold] } }],
    },
  });
  return { data, judged };
}

/** One Grafana rule: the threshold rule in one project, its override applied. */
export function grafanaRule(
  rule: ThresholdRule,
  project: GrafanaProject,
  override: RuleOverride | undefined,
  t: GrafanaTarget,
): GrafanaRule {
  const severity = override?.severity ?? rule.severity;
  const receivers = override?.receivers ?? rule.receivers;
  const { data, judged } = ruleData(rule, project, override?.threshold ?? rule.condition.threshold, t);
  const page = APP_PAGE[familyOf(rule)] ?? 'overview';
  const link = `${t.grafanaUrl.replace(/\/+$/, '')}/a/pulsetrace-app/${page}${project.id ? `?project=${encodeURIComponent(project.id)}` : ''}`;
  const annotations: Record<string, string> = {
    summary: grafanaTemplate(rule.annotations.summary, judged),
    ...(rule.annotations.description
      ? { description: grafanaTemplate(rule.annotations.description, judged) }
      : {}),
    ...(rule.annotations.runbookUrl ? { runbook_url: rule.annotations.runbookUrl } : {}),
    pulsetrace_url: link,
  };
  return {
    uid: ruleUid(rule.id, project.label),
    title: `${rule.name} [${project.label}]`,
    condition: 'C',
    data,
    noDataState: NO_DATA[rule.noData],
    execErrState: EXEC_ERR[rule.onError],
    for: rule.for,
    keepFiringFor: rule.keepFiringFor,
    annotations,
    labels: { ...rule.labels, rule_id: rule.id, project: project.label, severity },
    isPaused: !(override?.enabled ?? rule.enabled),
    // Grafana routes one rule to one contact point directly; without receivers, the policy tree
    // (policies.yaml) routes by labels.
    ...(receivers.length ? { notification_settings: { receiver: receivers[0]! } } : {}),
  };
}

/** Groups per family and interval (`web-vitals-5m`), rules per project, in input order. */
export function toGrafanaRules(
  rules: readonly AlertRule[],
  overrides: readonly RuleOverride[],
  projects: readonly GrafanaProject[],
  t: GrafanaTarget = DEFAULT_TARGET,
): RulesFile {
  const groups = new Map<string, RuleGroup>();
  for (const rule of rules) {
    if (rule.kind !== 'threshold') continue;
    const name = `${familyOf(rule)}-${rule.interval}`;
    const group = groups.get(name) ?? {
      orgId: t.orgId,
      name,
      folder: t.folder,
      interval: rule.interval,
      rules: [],
    };
    groups.set(name, group);
    for (const project of projects)
      if (appliesTo(rule, project))
        group.rules.push(grafanaRule(rule, project, overrideFor(rule, project, overrides), t));
  }
  return { apiVersion: 1, groups: [...groups.values()].filter((g) => g.rules.length > 0) };
}

/** The event rules a Grafana file leaves out (processor only), for its header. */
export const processorOnly = (rules: readonly AlertRule[]) =>
  rules.filter((r) => r.kind === 'event').map((r) => r.id);
