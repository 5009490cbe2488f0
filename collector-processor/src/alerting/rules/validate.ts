/**
 * Checks a rule or a rule file: the schema (schema.ts), and for threshold rules the query against
 * the query API's own schema, so a rule whose query POST /api/v1/query would refuse is refused when
 * saved, not at its first evaluation. Pure; every problem names its field and what to do.
 */
import type { z } from 'zod';
import { describeIssues, type FieldIssue } from '../../http/api-errors';
import { querySchema } from '../../query/registry';
import { AlertRule, durationMs, RuleFile } from './schema';

export type Problem = FieldIssue;
type Path = Array<string | number>;

/** Fields of a query the ruler sets: a rule must leave them out. */
export const RULER_SETS = ['project', 'from', 'to', 'refId'] as const;

let cachedQuerySchema: ReturnType<typeof querySchema> | undefined;

/**
 * The query of a threshold rule as the ruler will send it (project, now − window, now), checked
 * with the query API's schema. `from`/`to` problems are the window's.
 */
export function queryProblems(rule: AlertRule, prefix: Path = []): Problem[] {
  if (rule.kind !== 'threshold') return [];
  const problems: Problem[] = RULER_SETS.filter((k) => k in rule.query).map((k) => ({
    path: [...prefix, 'query', k].join('.'),
    message: 'remove it: the ruler sets project, from, to and refId (the window says how far back)',
  }));
  const now = Date.now();
  const query = {
    ...rule.query,
    refId: 'A',
    project: 'rule-check',
    from: now - durationMs(rule.window),
    to: now,
  };
  cachedQuerySchema ??= querySchema();
  const parsed = cachedQuerySchema.safeParse(query);
  if (parsed.success) return problems;
  for (const issue of describeIssues(parsed.error)) {
    const [head] = issue.path.split('.');
    if (head === 'from' || head === 'to')
      problems.push({
        path: [...prefix, 'window'].join('.'),
        message: `the window ${rule.window} gives no valid time range (${issue.message}): use e.g. 5m or 1h`,
      });
    else if (!RULER_SETS.includes(head as (typeof RULER_SETS)[number]))
      problems.push({
        path: [...prefix, 'query', ...(issue.path ? [issue.path] : [])].join('.'),
        message: issue.message,
      });
  }
  return problems;
}

export type RuleCheck = { ok: true; rule: AlertRule } | { ok: false; problems: Problem[] };

const issuesOf = (error: z.ZodError, prefix: Path = []): Problem[] => describeIssues(error, prefix);

/** One rule (defaults applied) or its problems. */
export function checkRule(value: unknown, prefix: Path = []): RuleCheck {
  const parsed = AlertRule.safeParse(value);
  if (!parsed.success) return { ok: false, problems: issuesOf(parsed.error, prefix) };
  const problems = queryProblems(parsed.data, prefix);
  return problems.length ? { ok: false, problems } : { ok: true, rule: parsed.data };
}

export type FileCheck = { ok: true; file: RuleFile } | { ok: false; problems: Problem[] };

/** A rule file (defaults applied) or its problems. */
export function checkRuleFile(value: unknown): FileCheck {
  const parsed = RuleFile.safeParse(value);
  if (!parsed.success) {
    // Also the query problems of the rules that parse, so one run lists everything to fix.
    const raw = (value as { rules?: unknown }).rules;
    const more = (Array.isArray(raw) ? raw : []).flatMap((r, i) => {
      const rule = AlertRule.safeParse(r);
      return rule.success ? queryProblems(rule.data, ['rules', i]) : [];
    });
    return { ok: false, problems: [...issuesOf(parsed.error), ...more] };
  }
  const problems = parsed.data.rules.flatMap((r, i) => queryProblems(r, ['rules', i]));
  return problems.length ? { ok: false, problems } : { ok: true, file: parsed.data };
}

/** A body with `apiVersion` or `rules` is a rule file; anything else is taken for one rule. */
export function isRuleFile(value: unknown): boolean {
  return !!value && typeof value === 'object' && ('apiVersion' in value || 'rules' in value);
}

export interface Validation {
  valid: boolean;
  problems: Problem[];
  /** What was checked: a rule file or one rule. */
  kind: 'file' | 'rule';
  /** When valid: the rules with their defaults applied, as they would be stored. */
  rules?: AlertRule[];
  overrides?: RuleFile['overrides'];
}

/** POST …/alert-rules/validate's answer for a rule file or a single rule. */
export function validateDocument(value: unknown): Validation {
  if (isRuleFile(value)) {
    const c = checkRuleFile(value);
    return c.ok
      ? { valid: true, problems: [], kind: 'file', rules: c.file.rules, overrides: c.file.overrides }
      : { valid: false, problems: c.problems, kind: 'file' };
  }
  const c = checkRule(value);
  return c.ok
    ? { valid: true, problems: [], kind: 'rule', rules: [c.rule] }
    : { valid: false, problems: c.problems, kind: 'rule' };
}
