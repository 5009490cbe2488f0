/**
 * SQL for the `custom_events` query type: events the app tracks by name, with their properties as
 * text (`properties`) and, for the numeric ones, as numbers (`properties_num`, migration 0012).
 */
import { Params, type BuiltSql } from '../../params';
import type { QueryBase } from '../../schema';
import { bucketExpr, whereClause } from '../../sql';
import { dimensionSelect, list, SESSIONS_EXPR, USERS_EXPR } from './shared';

export const CUSTOM_EVENT_VIEWS = [
  'timeseries',
  'by_name',
  'properties',
  'measure',
  'measure_timeseries',
] as const;
export type CustomEventView = (typeof CUSTOM_EVENT_VIEWS)[number];

/** What the measure views compute over a numeric property; percentiles are exact (interpolated). */
export const MEASURE_AGGREGATIONS = ['sum', 'avg', 'min', 'max', 'p50', 'p75', 'p90', 'p95', 'p99'] as const;
export type MeasureAggregation = (typeof MEASURE_AGGREGATIONS)[number];

export type CustomEventsQuery = QueryBase & {
  view: CustomEventView;
  names?: string[];
  propertyKey?: string;
  aggregation?: MeasureAggregation;
};

/**
 * The aggregate of `value` for an aggregation name from the fixed list above, never from input.
 * quantileExactInclusive interpolates between the two nearest values (numpy's default, Excel's
 * PERCENTILE.INC): custom events are counted in thousands where vitals are in millions, so the
 * exact answer costs little and matches what a spreadsheet of the same events says.
 */
function aggregateExpr(aggregation: MeasureAggregation, value: string): string {
  switch (aggregation) {
    case 'sum':
    case 'avg':
    case 'min':
    case 'max':
      return `${aggregation}(${value})`;
    default:
      return `quantileExactInclusive(${Number(aggregation.slice(1)) / 100})(${value})`;
  }
}

export function buildCustomEventsSql(q: CustomEventsQuery, intervalSec: number): BuiltSql {
  const p = new Params();
  const dims = dimensionSelect(q.groupBy);
  const overTime = q.view === 'timeseries' || q.view === 'measure_timeseries';
  const time = overTime ? bucketExpr('timestamp', intervalSec, p) : '';
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
  if (q.view === 'measure' || q.view === 'measure_timeseries') return measureSql(q, time, where, p);
  // properties: the values one property takes, among the events that carry it.
  const key = p.add('String', q.propertyKey ?? '');
  const keys = list(q.groupBy, 'value');
  const sql =
    `SELECT ${list(dims, `properties[${key}] AS value`, 'count() AS count', `${USERS_EXPR} AS users`)}` +
    ` FROM custom_events WHERE ${where} AND mapContains(properties, ${key}) GROUP BY ${keys}` +
    ` ORDER BY ${list('count DESC', keys)} LIMIT ${p.add('UInt32', q.limit)}`;
  return { sql, params: p.values };
}

/**
 * measure / measure_timeseries: one aggregate of a numeric property (sum of revenue, p95 of cart
 * value) per name and group-by value, over the whole range or per time bucket, with the number of
 * events that carried it. Events without the property as a number are left out, not counted as 0.
 */
function measureSql(q: CustomEventsQuery, time: string, where: string, p: Params): BuiltSql {
  const aggregation = q.aggregation ?? 'sum';
  const key = p.add('String', q.propertyKey ?? '');
  const dims = dimensionSelect(q.groupBy);
  const from = ` FROM custom_events WHERE ${where} AND mapContains(properties_num, ${key})`;
  const measures = [
    `${aggregateExpr(aggregation, `properties_num[${key}]`)} AS ${aggregation}`,
    'count() AS count',
  ];
  if (q.view === 'measure_timeseries') {
    const keys = list('time', 'name', q.groupBy);
    const sql = `SELECT ${list(`${time} AS time`, 'name', dims, measures)}${from} GROUP BY ${keys} ORDER BY ${keys}`;
    return { sql, params: p.values };
  }
  const keys = list(q.groupBy, 'name');
  const sql =
    `SELECT ${list(dims, 'name', measures)}${from} GROUP BY ${keys}` +
    ` ORDER BY ${list(`${aggregation} DESC`, keys)} LIMIT ${p.add('UInt32', q.limit)}`;
  return { sql, params: p.values };
}
