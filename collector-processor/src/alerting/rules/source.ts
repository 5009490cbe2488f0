/**
 * The processor's rule source: the rule file (read once at start) and each project's API rules
 * and overrides (ClickHouse, shared by every replica), merged by merge.ts. Nothing is cached: a
 * rule saved through any replica is in force at the next `rulesFor` of every replica.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { nextVersion } from '../../issues/state';
import type { RuleSource, RuleTester } from '../types';
import { mergeRules, type EffectiveRule, type OverrideFields } from './merge';
import { readApiRules, readOverrides, writeApiRule, writeOverride } from './rule-store';
import type { AlertRule, RuleFile } from './schema';

export type SaveResult = 'created' | 'updated' | 'unchanged';

export interface AlertRulesDeps {
  client: ClickHouseClient;
  /** The rule file's rules (loadRuleFile); absent: none. */
  file?: RuleFile;
  log?: Logger;
  /** Evaluates a rule on demand (POST …/test); the ruler sets it once started. */
  tester?: RuleTester;
}

/** Key-order-independent JSON, to tell an unchanged rule from an updated one. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

export class AlertRules implements RuleSource {
  readonly file?: RuleFile;
  /** Set by whoever starts the ruler; POST …/test answers 501 while it is unset. */
  tester?: RuleTester;
  private readonly client: ClickHouseClient;
  private readonly log?: Logger;

  constructor(deps: AlertRulesDeps) {
    this.client = deps.client;
    this.file = deps.file;
    this.log = deps.log;
    this.tester = deps.tester;
  }

  /** Every rule defined for the project, disabled ones included, with where it comes from. */
  async effective(projectId: string): Promise<EffectiveRule[]> {
    const [apiRules, apiOverrides] = await Promise.all([
      readApiRules(this.client, projectId, this.log),
      readOverrides(this.client, projectId),
    ]);
    return mergeRules({ projectId, file: this.file, apiRules, apiOverrides });
  }

  async get(projectId: string, ruleId: string): Promise<EffectiveRule | undefined> {
    return (await this.effective(projectId)).find((r) => r.id === ruleId);
  }

  /** RuleSource: the enabled rules of the project, overrides applied (the ruler evaluates these). */
  async rulesFor(projectId: string): Promise<AlertRule[]> {
    return (await this.effective(projectId)).filter((r) => r.rule.enabled).map((r) => r.rule);
  }

  /** Creates or replaces the project's API rule; an identical rule writes nothing. */
  async putRule(projectId: string, rule: AlertRule, actor: string): Promise<SaveResult> {
    const stored: AlertRule = { ...rule, projects: [projectId] };
    const [current] = await readApiRules(this.client, projectId, this.log, rule.id);
    if (current && canonical(current.rule) === canonical(stored)) return 'unchanged';
    await writeApiRule(this.client, this.write(projectId, rule.id, actor), stored);
    return current ? 'updated' : 'created';
  }

  /** False when the project has no API rule with this id. */
  async deleteRule(projectId: string, ruleId: string, actor: string): Promise<boolean> {
    const [current] = await readApiRules(this.client, projectId, this.log, ruleId);
    if (!current) return false;
    await writeApiRule(this.client, this.write(projectId, ruleId, actor), null);
    return true;
  }

  async putOverride(
    projectId: string,
    ruleId: string,
    o: OverrideFields,
    actor: string,
  ): Promise<SaveResult> {
    const [current] = await readOverrides(this.client, projectId, ruleId);
    if (current && canonical(current.override) === canonical(o)) return 'unchanged';
    await writeOverride(this.client, this.write(projectId, ruleId, actor), o);
    return current ? 'updated' : 'created';
  }

  async deleteOverride(projectId: string, ruleId: string, actor: string): Promise<boolean> {
    const [current] = await readOverrides(this.client, projectId, ruleId);
    if (!current) return false;
    await writeOverride(this.client, this.write(projectId, ruleId, actor), null);
    return true;
  }

  private write(projectId: string, ruleId: string, actor: string) {
    const at = Date.now();
    return { projectId, ruleId, version: nextVersion(at), at, actor };
  }
}

/** The RuleSource the ruler reads, which the rule API also writes through. */
export function createRuleSource(deps: AlertRulesDeps): AlertRules {
  return new AlertRules(deps);
}
