/**
 * `alerts`: the processor ruler's alert states (src/alerting/ruler/, migration 0018). `timeline`
 * is one table frame of state changes (time, time_end for event alerts and resolves, rule, kind,
 * state, severity, labels, value, summary, silenced): Grafana annotations and the app's history
 * read it. `firing` is one table frame of the instances firing now. Threshold alerts' labels are
 * the rule's plus the series'; the firing view has the severity in its labels.
 */
import { tableFrame, type FieldSpec } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { AlertsQuery, buildAlertFiringSql, buildAlertTimelineSql } from './alerts-sql';

export const TIMELINE_FIELDS: FieldSpec[] = [
  { name: 'time', type: 'time' },
  { name: 'time_end', type: 'time' },
  { name: 'rule_id', type: 'string' },
  { name: 'rule_name', type: 'string' },
  { name: 'kind', type: 'string' },
  { name: 'state', type: 'string' },
  { name: 'severity', type: 'string' },
  { name: 'fingerprint', type: 'string' },
  { name: 'labels', type: 'other' },
  { name: 'value', type: 'number' },
  { name: 'starts_at', type: 'time' },
  { name: 'summary', type: 'string' },
  { name: 'silenced', type: 'boolean' },
];

export const FIRING_FIELDS: FieldSpec[] = [
  { name: 'starts_at', type: 'time' },
  { name: 'rule_id', type: 'string' },
  { name: 'fingerprint', type: 'string' },
  { name: 'labels', type: 'other' },
  { name: 'value', type: 'number' },
  { name: 'last_alerting_at', type: 'time' },
];

export const alertsHandler = defineHandler({
  type: 'alerts',
  summary:
    'Alert states from the processor’s ruler: state changes over time (timeline, for annotations) or the instances firing now (firing).',
  schema: AlertsQuery,
  async run(q, ctx) {
    if (q.view === 'firing') {
      const rows = await runSql(ctx, buildAlertFiringSql(q));
      return [tableFrame(q.refId, FIRING_FIELDS, rows, { preferredVisualisationType: 'table' })];
    }
    const rows = await runSql(ctx, buildAlertTimelineSql(q));
    return [tableFrame(q.refId, TIMELINE_FIELDS, rows, { preferredVisualisationType: 'table' })];
  },
});
