/**
 * ClickHouse reads and writes of API rules (`alert_rules`) and overrides (`alert_rule_overrides`),
 * migration 0017: newest version wins (FINAL), deleted versions filtered out after FINAL so a
 * delete hides every older version. Values travel as query parameters.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { selectRows } from '../../store/query';
import { toDateTime64 } from '../../store/time';
import { OverrideFields, type StoredOverride, type StoredRule } from './merge';
import { AlertRule } from './schema';

interface Write {
  projectId: string;
  ruleId: string;
  version: number;
  at: number;
  actor: string;
}

const newest = (table: string, column: string) => `
  SELECT rule_id, ${column} AS body, toUnixTimestamp64Milli(updated_at) AS updatedAt, updated_by
  FROM (SELECT * FROM ${table} FINAL WHERE project_id = {project:String} AND (NOT {one:Bool} OR rule_id = {rule:String}))
  WHERE deleted = 0 ORDER BY rule_id`;

async function read(
  client: ClickHouseClient,
  table: string,
  column: string,
  projectId: string,
  ruleId?: string,
) {
  return selectRows(client, newest(table, column), {
    project: projectId,
    one: ruleId !== undefined,
    rule: ruleId ?? '',
  });
}

/**
 * A project's API rules. A stored rule the current schema no longer accepts (written by a newer
 * or older processor) is left out with a warning rather than failing every evaluation.
 */
export async function readApiRules(
  client: ClickHouseClient,
  projectId: string,
  log?: Logger,
  ruleId?: string,
): Promise<StoredRule[]> {
  const rows = await read(client, 'alert_rules', 'rule', projectId, ruleId);
  return rows.flatMap((r) => {
    const parsed = AlertRule.safeParse(JSON.parse(String(r.body)));
    if (!parsed.success) {
      log?.warn({ project: projectId, rule: r.rule_id }, 'stored alert rule no longer valid: skipped');
      return [];
    }
    return [{ rule: parsed.data, updatedAt: Number(r.updatedAt), updatedBy: String(r.updated_by) }];
  });
}

export async function readOverrides(
  client: ClickHouseClient,
  projectId: string,
  ruleId?: string,
): Promise<StoredOverride[]> {
  const rows = await read(client, 'alert_rule_overrides', 'override', projectId, ruleId);
  return rows.flatMap((r) => {
    const parsed = OverrideFields.safeParse(JSON.parse(String(r.body)));
    return parsed.success
      ? [
          {
            ruleId: String(r.rule_id),
            override: parsed.data,
            updatedAt: Number(r.updatedAt),
            updatedBy: String(r.updated_by),
          },
        ]
      : [];
  });
}

function row(w: Write, column: string, body: unknown) {
  return {
    project_id: w.projectId,
    rule_id: w.ruleId,
    version: w.version,
    deleted: body === null ? 1 : 0,
    [column]: body === null ? '' : JSON.stringify(body),
    updated_at: toDateTime64(w.at),
    updated_by: w.actor,
  };
}

/** Saves a rule's new version, or (rule null) its deletion. */
export async function writeApiRule(client: ClickHouseClient, w: Write, rule: AlertRule | null) {
  await client.insert({ table: 'alert_rules', values: [row(w, 'rule', rule)], format: 'JSONEachRow' });
}

/** Saves an override's new version, or (override null) its deletion. */
export async function writeOverride(client: ClickHouseClient, w: Write, override: OverrideFields | null) {
  await client.insert({
    table: 'alert_rule_overrides',
    values: [row(w, 'override', override)],
    format: 'JSONEachRow',
  });
}
