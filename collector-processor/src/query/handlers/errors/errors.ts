/**
 * `errors`: error count, affected users and sessions, over time (one series per group-by
 * combination) or as a table by the group-by dimensions. Reads the raw `errors` table: no
 * pre-aggregate keeps users and sessions per dimension.
 */
import { z } from 'zod';
import { tableFrame, timeseriesFrames, type FieldSpec } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { Params, type BuiltSql } from '../../params';
import { QueryBase } from '../../schema';
import { VISITOR_EXPR, whereClause } from '../../sql';
import {
  dimensionFields,
  errorConditions,
  groupByClause,
  groupKeys,
  orderClause,
  uniqNonEmpty,
} from './shared';

const Values = z.array(z.string().min(1).max(1000)).min(1).max(100);

export const ErrorsQuery = QueryBase.extend({
  type: z.literal('errors'),
  view: z.enum(['timeseries', 'table']).default('timeseries'),
  /** Issue ids (fingerprints). */
  issueIds: Values.optional(),
  exceptionTypes: Values.optional(),
  handled: z.boolean().optional(),
});
export type ErrorsQuery = z.output<typeof ErrorsQuery>;

export const ERROR_COUNT_FIELDS: FieldSpec[] = [
  { name: 'errors', type: 'number', config: { unit: 'short' } },
  { name: 'users', type: 'number', config: { unit: 'short' } },
  { name: 'sessions', type: 'number', config: { unit: 'short' } },
];

export function buildErrorsSql(q: ErrorsQuery): BuiltSql {
  const p = new Params();
  const keys = groupKeys(q, p, q.view);
  const where = [whereClause(q, p), ...errorConditions(q, p)].join(' AND ');
  const select = [
    ...keys.select,
    'count() AS errors',
    `${uniqNonEmpty(VISITOR_EXPR)} AS users`,
    `${uniqNonEmpty('session_id')} AS sessions`,
  ];
  let sql = `SELECT ${select.join(', ')} FROM errors WHERE ${where}${groupByClause(keys.names)}`;
  if (q.view === 'timeseries') sql += orderClause(keys.names);
  else
    sql += ` ORDER BY errors DESC${keys.names.map((n) => `, ${n}`).join('')} LIMIT ${p.add('UInt32', q.limit)}`;
  return { sql, params: p.values };
}

export const errorsHandler = defineHandler({
  type: 'errors',
  summary: 'Error count, affected users and sessions over time or by dimension',
  schema: ErrorsQuery,
  async run(q, ctx) {
    const rows = await runSql(ctx, buildErrorsSql(q));
    const meta = { custom: { source: 'errors' } };
    if (q.view === 'timeseries')
      return timeseriesFrames(q.refId, rows, { values: ERROR_COUNT_FIELDS, labels: q.groupBy, meta });
    return [tableFrame(q.refId, [...dimensionFields(q), ...ERROR_COUNT_FIELDS], rows, meta)];
  },
});
