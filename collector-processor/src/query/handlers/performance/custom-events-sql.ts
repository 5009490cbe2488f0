/** SQL for the `custom_events` query type: events the app tracks by name, with string properties. */
import { Params, type BuiltSql } from '../../params';
import type { QueryBase } from '../../schema';
import { bucketExpr, whereClause } from '../../sql';
import { dimensionSelect, list, SESSIONS_EXPR, USERS_EXPR } from './shared';

export const CUSTOM_EVENT_VIEWS = ['timeseries', 'by_name', 'properties'] as const;
export type CustomEventView = (typeof CUSTOM_EVENT_VIEWS)[number];
export type CustomEventsQuery = QueryBase & { view: CustomEventView; names?: string[]; propertyKey?: string };

export function buildCustomEventsSql(q: CustomEventsQuery, intervalSec: number): BuiltSql {
  const p = new Params();
  const dims = dimensionSelect(q.groupBy);
  const time = q.view === 'timeseries' ? bucketExpr('timestamp', intervalSec, p) : '';
  const conditions = [whereClause(q, p)];
  if (q.names) conditions.push(`name IN ${p.add('Array(String)', q.names)}`);
  const where = conditions.join(' AND ');
  if (q.view === 'timeseries') {
    // One series per event name (and group-by combination).
    const keys = list('time', 'name', q.groupBy);
    const sql =
      `SELECT ${list(`${time} AS time`, 'name', dims, 'count() AS count')} FROM custom_events WHERE ${where}` +
      ` GROUP BY ${keys} ORDER BY ${keys}`;
    return { sql, params: p.values };
  }
  if (q.view === 'by_name') {
    const keys = list(q.groupBy, 'name');
    const sql =
      `SELECT ${list(dims, 'name', 'count() AS count', `${USERS_EXPR} AS users`, `${SESSIONS_EXPR} AS sessions`)}` +
      ` FROM custom_events WHERE ${where} GROUP BY ${keys}` +
      ` ORDER BY ${list('count DESC', keys)} LIMIT ${p.add('UInt32', q.limit)}`;
    return { sql, params: p.values };
  }
  // properties: the values one property takes, among the events that carry it.
  const key = p.add('String', q.propertyKey ?? '');
  const keys = list(q.groupBy, 'value');
  const sql =
    `SELECT ${list(dims, `properties[${key}] AS value`, 'count() AS count', `${USERS_EXPR} AS users`)}` +
    ` FROM custom_events WHERE ${where} AND mapContains(properties, ${key}) GROUP BY ${keys}` +
    ` ORDER BY ${list('count DESC', keys)} LIMIT ${p.add('UInt32', q.limit)}`;
  return { sql, params: p.values };
}
