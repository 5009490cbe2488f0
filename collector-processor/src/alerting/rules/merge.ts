/**
 * The rules in force for one project, from the rule file's and the API's, with overrides applied.
 * Pure: source.ts reads the file and ClickHouse and calls mergeRules.
 *
 * - A file rule applies to a project its `projects` names (`*`: every project).
 * - An API rule belongs to the one project it was saved under. An API rule with the id of a file
 *   rule replaces that file rule for that project only (a project customises a built-in rule by
 *   saving its own version under the same id); the file's overrides then no longer apply to it.
 * - Overrides: the file's overrides (for its `project`) apply to file rules, then the project's
 *   API override applies to whichever rule holds the id, field by field (the API's fields win).
 */
import { z } from 'zod';
import { RuleOverride, type AlertRule, type RuleFile } from './schema';

export type RuleOrigin = 'file' | 'api';

/** What an override changes, without the rule and project its key already names. */
export const OverrideFields = RuleOverride.omit({ rule: true, project: true });
export type OverrideFields = z.infer<typeof OverrideFields>;

export interface StoredRule {
  rule: AlertRule;
  updatedAt: number;
  updatedBy: string;
}

export interface StoredOverride {
  ruleId: string;
  override: OverrideFields;
  updatedAt: number;
  updatedBy: string;
}

export interface EffectiveRule {
  id: string;
  source: RuleOrigin;
  /** The rule as evaluated: overrides applied. */
  rule: AlertRule;
  /** The rule as defined (in the file, or as saved through the API), before overrides. */
  definition: AlertRule;
  /** The project's API override (PUT …/override), or null. */
  override: OverrideFields | null;
  /** The file's override for this project, or null (file rules only). */
  fileOverride: OverrideFields | null;
  /** An API rule saved under the id of a file rule, which it replaces for this project. */
  replacesFileRule: boolean;
  /** API rules: when and by whom they were saved. */
  updatedAt: number | null;
  updatedBy: string | null;
}

export function projectMatches(rule: Pick<AlertRule, 'projects'>, projectId: string): boolean {
  return rule.projects === '*' || rule.projects.includes(projectId);
}

const defined = <T extends object>(o: T) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;

/** Overrides merged in order, later fields winning; null when there are none. */
export function combineOverrides(
  ...overrides: Array<OverrideFields | null | undefined>
): OverrideFields | null {
  const present = overrides.filter((o): o is OverrideFields => !!o);
  return present.length ? Object.assign({}, ...present.map(defined)) : null;
}

/**
 * The rule with an override applied. A threshold override changes a threshold rule's
 * `condition.threshold` only (the API refuses one for an event rule; a file's is ignored).
 */
export function applyOverride(rule: AlertRule, o: OverrideFields | null): AlertRule {
  if (!o) return rule;
  const next: AlertRule = { ...rule };
  if (o.enabled !== undefined) next.enabled = o.enabled;
  if (o.severity !== undefined) next.severity = o.severity;
  if (o.receivers !== undefined) next.receivers = [...o.receivers];
  if (o.threshold !== undefined && next.kind === 'threshold')
    next.condition = { ...next.condition, threshold: o.threshold };
  return next;
}

export interface MergeInput {
  projectId: string;
  file?: RuleFile;
  apiRules: readonly StoredRule[];
  apiOverrides: readonly StoredOverride[];
}

/** Every rule defined for the project (disabled ones included), sorted by id. */
export function mergeRules({ projectId, file, apiRules, apiOverrides }: MergeInput): EffectiveRule[] {
  const fileOverrides = new Map<string, OverrideFields>();
  for (const o of file?.overrides ?? []) {
    if (o.project !== projectId) continue;
    const { rule, project: _project, ...fields } = o;
    fileOverrides.set(rule, combineOverrides(fileOverrides.get(rule), fields)!);
  }
  const apiOverride = new Map(apiOverrides.map((o) => [o.ruleId, o.override]));
  const byId = new Map<string, EffectiveRule>();
  for (const rule of file?.rules ?? []) {
    if (!projectMatches(rule, projectId)) continue;
    const fileOverride = fileOverrides.get(rule.id) ?? null;
    const override = apiOverride.get(rule.id) ?? null;
    byId.set(rule.id, {
      id: rule.id,
      source: 'file',
      rule: applyOverride(rule, combineOverrides(fileOverride, override)),
      definition: rule,
      override,
      fileOverride,
      replacesFileRule: false,
      updatedAt: null,
      updatedBy: null,
    });
  }
  for (const stored of apiRules) {
    const { rule } = stored;
    const override = apiOverride.get(rule.id) ?? null;
    byId.set(rule.id, {
      id: rule.id,
      source: 'api',
      rule: applyOverride(rule, override),
      definition: rule,
      override,
      fileOverride: null,
      replacesFileRule: byId.has(rule.id),
      updatedAt: stored.updatedAt,
      updatedBy: stored.updatedBy,
    });
  }
  return [...byId.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
