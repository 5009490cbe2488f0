/**
 * `error_rate`: errors per page view, or the share of sessions with at least one error (and
 * crash-free sessions, its complement), over time or by dimension. The numerator comes from
 * `errors`, the denominator from `page_views` (per session: the sessions of either table), with
 * the same WHERE clause on both: one clause string, so both read the same bound parameters.
 */
import { z } from 'zod';
import { tableFrame, timeseriesFrames, type FieldSpec } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { Params, type BuiltSql } from '../../params';
import { QueryBase } from '../../schema';
import { whereClause } from '../../sql';
import { dimensionFields, groupByClause, groupKeys, orderClause, type GroupKeys } from './shared';

export const ErrorRateQuery = QueryBase.extend({
  type: z.literal('error_rate'),
  view: z.enum(['timeseries', 'table']).default('timeseries'),
  per: z.enum(['page_view', 'session']).default('page_view'),
});
export type ErrorRateQuery = z.output<typeof ErrorRateQuery>;

export const PER_PAGE_VIEW_FIELDS: FieldSpec[] = [
  { name: 'error_rate', type: 'number', config: { unit: 'none', displayName: 'Errors per page view' } },
  { name: 'errors', type: 'number', config: { unit: 'short' } },
  { name: 'page_views', type: 'number', config: { unit: 'short' } },
];

export const PER_SESSION_FIELDS: FieldSpec[] = [
  {
    name: 'error_rate',
    type: 'number',
    config: { unit: 'percentunit', displayName: 'Sessions with errors' },
  },
  { name: 'crash_free_sessions', type: 'number', config: { unit: 'percentunit' } },
  { name: 'sessions', type: 'number', config: { unit: 'short' } },
  { name: 'error_sessions', type: 'number', config: { unit: 'short' } },
];

function perPageView(keys: GroupKeys, where: string): string {
  const inner = keys.select.length ? `${keys.select.join(', ')}, ` : '';
  const group = groupByClause(keys.names);
  const outer = keys.names.length ? `${keys.names.join(', ')}, ` : '';
  return (
    `SELECT ${outer}sum(n_errors) AS errors, sum(n_page_views) AS page_views, ` +
    `if(page_views = 0, NULL, errors / page_views) AS error_rate FROM (` +
    `SELECT ${inner}count() AS n_errors, toUInt64(0) AS n_page_views FROM errors WHERE ${where}${group} UNION ALL ` +
    `SELECT ${inner}toUInt64(0) AS n_errors, count() AS n_page_views FROM page_views WHERE ${where}${group})` +
    groupByClause(keys.names)
  );
}

/** Sessions first collapse to one row per (keys, session) with whether any of its events was an error. */
function perSession(keys: GroupKeys, where: string): string {
  const inner = keys.select.length ? `${keys.select.join(', ')}, ` : '';
  const outer = keys.names.length ? `${keys.names.join(', ')}, ` : '';
  return (
    `SELECT ${outer}count() AS sessions, countIf(had_error = 1) AS error_sessions, ` +
    `if(sessions = 0, NULL, error_sessions / sessions) AS error_rate, ` +
    `if(sessions = 0, NULL, 1 - error_rate) AS crash_free_sessions FROM (` +
    `SELECT ${outer}session_id, max(is_error) AS had_error FROM (` +
    `SELECT ${inner}session_id, 1 AS is_error FROM errors WHERE ${where} AND session_id != '' UNION ALL ` +
    `SELECT ${inner}session_id, 0 AS is_error FROM page_views WHERE ${where} AND session_id != '')` +
    ` GROUP BY ${outer}session_id)${groupByClause(keys.names)}`
  );
}

export function buildErrorRateSql(q: ErrorRateQuery): BuiltSql {
  const p = new Params();
  const keys = groupKeys(q, p, q.view);
  const where = whereClause(q, p);
  let sql = q.per === 'session' ? perSession(keys, where) : perPageView(keys, where);
  if (q.view === 'timeseries') sql += orderClause(keys.names);
  else {
    const order = q.per === 'session' ? 'sessions' : 'page_views';
    sql += ` ORDER BY ${order} DESC${keys.names.map((n) => `, ${n}`).join('')} LIMIT ${p.add('UInt32', q.limit)}`;
  }
  return { sql, params: p.values };
}

export const errorRateHandler = defineHandler({
  type: 'error_rate',
  summary: 'Errors per page view, or the share of sessions with an error, over time or by dimension',
  schema: ErrorRateQuery,
  async run(q, ctx) {
    const rows = await runSql(ctx, buildErrorRateSql(q));
    const values = q.per === 'session' ? PER_SESSION_FIELDS : PER_PAGE_VIEW_FIELDS;
    const meta = { custom: { source: ['errors', 'page_views'] } };
    if (q.view === 'timeseries') return timeseriesFrames(q.refId, rows, { values, labels: q.groupBy, meta });
    return [tableFrame(q.refId, [...dimensionFields(q), ...values], rows, meta)];
  },
});
