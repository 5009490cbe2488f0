/**
 * The ruler's tables (migration 0018): instance states, last evaluations, history. Reads take
 * the newest version with FINAL; writes are idempotent rows (see the migration).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { selectRows } from '../../store/query';
import { fromDateTime64, toDateTime64 } from '../../store/time';
import type { AlertState } from '../types';
import type { StoredInstance } from './evaluate';

const ms = (v: unknown) => fromDateTime64(v as string | number);
const optNum = (v: unknown) => (v === null || v === undefined ? null : Number(v));
/** "Not set" is epoch 0, sent as the number: ClickHouse reads the short text "0.000" as a broken date. */
const dt = (epochMs: number) => (epochMs === 0 ? 0 : toDateTime64(epochMs));

/**
 * The instances of these rules in a project that are not inactive. The state filter is outside
 * FINAL: it must see each instance's newest version, never an older one.
 */
export async function loadInstances(
  client: ClickHouseClient,
  projectId: string,
  ruleIds: readonly string[],
): Promise<Map<string, StoredInstance[]>> {
  const out = new Map<string, StoredInstance[]>();
  if (!ruleIds.length) return out;
  const rows = await selectRows(
    client,
    `SELECT rule_id, fingerprint, state, labels, value, active_at, fired_at, last_alerting_at
     FROM (SELECT * FROM alert_instances FINAL
       WHERE project_id = {project:String} AND rule_id IN {rules:Array(String)})
     WHERE state != 'inactive'`,
    { project: projectId, rules: ruleIds },
  );
  for (const r of rows) {
    const list = out.get(String(r.rule_id)) ?? [];
    list.push({
      fingerprint: String(r.fingerprint),
      labels: r.labels as Record<string, string>,
      state: String(r.state) as AlertState,
      value: optNum(r.value),
      activeAt: ms(r.active_at),
      firedAt: ms(r.fired_at),
      lastAlertingAt: ms(r.last_alerting_at),
    });
    out.set(String(r.rule_id), list);
  }
  return out;
}

export async function writeInstances(
  client: ClickHouseClient,
  projectId: string,
  ruleId: string,
  version: number,
  instances: readonly StoredInstance[],
): Promise<void> {
  if (!instances.length) return;
  await client.insert({
    table: 'alert_instances',
    format: 'JSONEachRow',
    values: instances.map((i) => ({
      project_id: projectId,
      rule_id: ruleId,
      fingerprint: i.fingerprint,
      version,
      state: i.state,
      labels: i.labels,
      value: i.value !== null && Number.isFinite(i.value) ? i.value : null,
      active_at: dt(i.activeAt),
      fired_at: dt(i.firedAt),
      last_alerting_at: dt(i.lastAlertingAt),
      updated_at: toDateTime64(version),
    })),
  });
}

export interface Evaluation {
  ruleId: string;
  evaluatedAt: number;
  health: 'ok' | 'nodata' | 'error';
  error: string;
  series: number;
  durationMs: number;
}

/** Each rule's last evaluation instant in a project. */
export async function lastEvaluations(
  client: ClickHouseClient,
  projectId: string,
): Promise<Map<string, number>> {
  const rows = await selectRows(
    client,
    `SELECT rule_id, max(evaluated_at) AS at FROM alert_rule_evaluations
     WHERE project_id = {project:String} GROUP BY rule_id`,
    { project: projectId },
  );
  return new Map(rows.map((r) => [String(r.rule_id), ms(r.at)]));
}

export async function writeEvaluations(
  client: ClickHouseClient,
  projectId: string,
  evaluations: readonly Evaluation[],
): Promise<void> {
  if (!evaluations.length) return;
  await client.insert({
    table: 'alert_rule_evaluations',
    format: 'JSONEachRow',
    values: evaluations.map((e) => ({
      project_id: projectId,
      rule_id: e.ruleId,
      evaluated_at: toDateTime64(e.evaluatedAt),
      health: e.health,
      error: e.error.slice(0, 2000),
      series: e.series,
      duration_ms: Math.round(e.durationMs),
    })),
  });
}

/** One state change or event alert, as `alert_history` keeps it. */
export interface HistoryRow {
  projectId: string;
  ruleId: string;
  fingerprint: string;
  at: number;
  state: 'pending' | 'firing' | 'resolved' | 'cancelled';
  retentionDays: number;
  ruleName: string;
  kind: 'threshold' | 'event';
  severity: string;
  labels: Record<string, string>;
  value: number | null;
  startsAt: number;
  endsAt: number | null;
  summary: string;
  silenced: boolean;
}

export async function writeHistory(client: ClickHouseClient, rows: readonly HistoryRow[]): Promise<void> {
  if (!rows.length) return;
  await client.insert({
    table: 'alert_history',
    format: 'JSONEachRow',
    values: rows.map((h) => ({
      project_id: h.projectId,
      rule_id: h.ruleId,
      fingerprint: h.fingerprint,
      at: toDateTime64(h.at),
      state: h.state,
      retention_days: h.retentionDays,
      rule_name: h.ruleName,
      kind: h.kind,
      severity: h.severity,
      labels: h.labels,
      value: h.value !== null && Number.isFinite(h.value) ? h.value : null,
      starts_at: dt(h.startsAt),
      ends_at: h.endsAt === null ? null : toDateTime64(h.endsAt),
      summary: h.summary.slice(0, 1000),
      silenced: h.silenced ? 1 : 0,
    })),
  });
}
