/**
 * What `pulsetrace alerts apply` changes: the file's rules and overrides for one project against
 * the project's rules on the processor. Pure (alerts.ts does the I/O). Rules are compared as the
 * server normalised them (defaults applied, by POST …/alert-rules/validate), in any key order.
 */

export type Action = 'create' | 'update' | 'unchanged' | 'delete';

export interface PlanItem {
  kind: 'rule' | 'override';
  id: string;
  action: Action;
  /** What to PUT (create, update). */
  body?: Record<string, unknown>;
}

/** A rule as GET …/alert-rules lists it (the fields the plan reads). */
export interface ListedRule {
  id: string;
  source: 'file' | 'api';
  definition: Record<string, unknown>;
  override: Record<string, unknown> | null;
}

export interface FileRule extends Record<string, unknown> {
  id: string;
  projects?: '*' | string[];
}

export interface FileOverride extends Record<string, unknown> {
  rule: string;
  project: string;
}

/** Key-order-independent JSON. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** An API rule belongs to the project it is saved under: its `projects` is not compared. */
const withoutProjects = ({ projects: _p, ...rest }: Record<string, unknown>) => rest;

export interface PlanInput {
  /** The names the project goes by in the file: its id, and the --project value given. */
  projectNames: string[];
  rules: FileRule[];
  overrides: FileOverride[];
  current: ListedRule[];
  prune: boolean;
}

/** The file's rules that apply to the project (`*`, or its id or name in `projects`). */
export function rulesForProject(rules: FileRule[], names: string[]): FileRule[] {
  return rules.filter((r) => !r.projects || r.projects === '*' || r.projects.some((p) => names.includes(p)));
}

export function planApply({ projectNames, rules, overrides, current, prune }: PlanInput): PlanItem[] {
  const byId = new Map(current.map((r) => [r.id, r]));
  const wanted = rulesForProject(rules, projectNames);
  const plan: PlanItem[] = [];
  for (const rule of wanted) {
    const existing = byId.get(rule.id);
    const body = withoutProjects(rule);
    const action: Action =
      existing?.source !== 'api'
        ? 'create'
        : canonical(withoutProjects(existing.definition)) === canonical(body)
          ? 'unchanged'
          : 'update';
    plan.push({ kind: 'rule', id: rule.id, action, ...(action === 'unchanged' ? {} : { body }) });
  }
  // Overrides for this project of a rule it will have; several for one rule merge in order.
  const ruleIds = new Set([...wanted.map((r) => r.id), ...current.map((r) => r.id)]);
  const wantedOverrides = new Map<string, Record<string, unknown>>();
  for (const { rule, project, ...fields } of overrides)
    if (projectNames.includes(project) && ruleIds.has(rule))
      wantedOverrides.set(rule, { ...wantedOverrides.get(rule), ...fields });
  for (const [id, body] of wantedOverrides) {
    const existing = byId.get(id)?.override;
    const action: Action = !existing
      ? 'create'
      : canonical(existing) === canonical(body)
        ? 'unchanged'
        : 'update';
    plan.push({ kind: 'override', id, action, ...(action === 'unchanged' ? {} : { body }) });
  }
  if (prune) {
    const inFile = new Set(wanted.map((r) => r.id));
    // Overrides of the file's rules that the file does not set; overrides of other rules (the
    // processor's own rule file's) are left alone: a rule file cannot name those.
    for (const r of current)
      if (r.override && inFile.has(r.id) && !wantedOverrides.has(r.id))
        plan.push({ kind: 'override', id: r.id, action: 'delete' });
    for (const r of current)
      if (r.source === 'api' && !inFile.has(r.id)) plan.push({ kind: 'rule', id: r.id, action: 'delete' });
  }
  return plan;
}

/** The order to apply in: rules before their overrides, deletions of overrides before rules. */
export function applyOrder(plan: PlanItem[]): PlanItem[] {
  const rank = (i: PlanItem) =>
    i.action === 'delete' ? (i.kind === 'override' ? 2 : 3) : i.kind === 'rule' ? 0 : 1;
  return plan.filter((i) => i.action !== 'unchanged').sort((a, b) => rank(a) - rank(b));
}

export function countActions(plan: PlanItem[]): Record<Action, number> {
  const counts: Record<Action, number> = { create: 0, update: 0, unchanged: 0, delete: 0 };
  for (const i of plan) counts[i.action]++;
  return counts;
}
