/**
 * The `alerts` query's schema and SQL (the ruler's tables, migration 0018). `timeline`: state
 * changes recorded in [from, to) (`alert_history FINAL`, which collapses what several replicas
 * recorded); `firing`: the instances firing now (`alert_instances FINAL`, newest version each).
 */
import { z } from 'zod';
import { SEVERITIES } from '../../../alerting/rules/schema';
import { Params, type BuiltSql } from '../../params';
import { QueryBase } from '../../schema';

export const ALERT_VIEWS = ['timeline', 'firing'] as const;
export const HISTORY_STATES = ['pending', 'firing', 'resolved', 'cancelled'] as const;

export const AlertsQuery = QueryBase.extend({
  type: z.literal('alerts'),
  /** timeline: state changes in the range (annotations, the app's history); firing: firing now. */
  view: z.enum(ALERT_VIEWS).default('timeline'),
  ruleIds: z.array(z.string().min(1).max(63)).min(1).max(100).optional(),
  states: z.array(z.enum(HISTORY_STATES)).min(1).max(HISTORY_STATES.length).optional(),
  severities: z.array(z.enum(SEVERITIES)).min(1).max(SEVERITIES.length).optional(),
  kinds: z
    .array(z.enum(['threshold', 'event']))
    .min(1)
    .max(2)
    .optional(),
  /** Leave silenced alerts out (they are recorded either way). */
  excludeSilenced: z.boolean().default(false),
});
export type AlertsQuery = z.output<typeof AlertsQuery>;

export function buildAlertTimelineSql(q: AlertsQuery): BuiltSql {
  const p = new Params();
  const where = [
    `project_id = ${p.add('String', q.project)}`,
    `at >= fromUnixTimestamp64Milli(${p.add('Int64', q.from)})`,
    `at < fromUnixTimestamp64Milli(${p.add('Int64', q.to)})`,
  ];
  if (q.ruleIds) where.push(`rule_id IN ${p.add('Array(String)', q.ruleIds)}`);
  if (q.states) where.push(`state IN ${p.add('Array(String)', q.states)}`);
  if (q.severities) where.push(`severity IN ${p.add('Array(String)', q.severities)}`);
  if (q.kinds) where.push(`kind IN ${p.add('Array(String)', q.kinds)}`);
  if (q.excludeSilenced) where.push('silenced = 0');
  const sql =
    `SELECT toUnixTimestamp64Milli(at) AS time, toUnixTimestamp64Milli(ends_at) AS time_end, rule_id, rule_name, ` +
    `kind, state, severity, fingerprint, labels, value, toUnixTimestamp64Milli(starts_at) AS starts_at, summary, ` +
    `silenced FROM alert_history FINAL WHERE ${where.join(' AND ')} ` +
    `ORDER BY time, rule_id, fingerprint LIMIT ${p.add('UInt32', q.limit)}`;
  return { sql, params: p.values };
}

export function buildAlertFiringSql(q: AlertsQuery): BuiltSql {
  const p = new Params();
  const where = [`state = 'firing'`];
  if (q.ruleIds) where.push(`rule_id IN ${p.add('Array(String)', q.ruleIds)}`);
  if (q.severities) where.push(`labels['severity'] IN ${p.add('Array(String)', q.severities)}`);
  // Newest version of each instance first, then the filters (a filter must not see an old version).
  const sql =
    `SELECT toUnixTimestamp64Milli(fired_at) AS starts_at, rule_id, fingerprint, labels, value, ` +
    `toUnixTimestamp64Milli(last_alerting_at) AS last_alerting_at FROM (SELECT * FROM alert_instances FINAL ` +
    `WHERE project_id = ${p.add('String', q.project)}) WHERE ${where.join(' AND ')} ` +
    `ORDER BY starts_at DESC, rule_id, fingerprint LIMIT ${p.add('UInt32', q.limit)}`;
  return { sql, params: p.values };
}
