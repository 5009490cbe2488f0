/**
 * SQL for the `long_tasks` query type: main-thread tasks over 50 ms (Long Tasks API) and long
 * animation frames, from the raw long_tasks table (no pre-aggregate keeps them).
 */
import { Params, type BuiltSql } from '../../params';
import type { QueryBase } from '../../schema';
import { bucketExpr, whereClause } from '../../sql';
import { dimensionSelect, groupByClause, list } from './shared';

export const LONG_TASK_VIEWS = ['timeseries', 'by_script', 'table'] as const;
export type LongTaskView = (typeof LONG_TASK_VIEWS)[number];
export type LongTasksQuery = QueryBase & { view: LongTaskView };

/** Count, total blocking time (the part of each task over 50 ms) and task duration percentiles. */
const MEASURES =
  'count() AS count, sum(blocking_duration_ms) AS total_blocking_ms,' +
  ' quantileTDigest(0.75)(duration_ms) AS p75_ms, quantileTDigest(0.95)(duration_ms) AS p95_ms';

export function buildLongTasksSql(q: LongTasksQuery, intervalSec: number): BuiltSql {
  const p = new Params();
  const dims = dimensionSelect(q.groupBy);
  let sql: string;
  if (q.view === 'timeseries') {
    const time = bucketExpr('timestamp', intervalSec, p);
    sql =
      `SELECT ${list(`${time} AS time`, dims, MEASURES)} FROM long_tasks WHERE ${whereClause(q, p)}` +
      ` GROUP BY ${list('time', q.groupBy)} ORDER BY ${list('time', q.groupBy)}`;
  } else {
    // by_script: which scripts (and their entry points) block the main thread the longest.
    const keys = q.view === 'by_script' ? [...q.groupBy, 'script_url', 'invoker'] : q.groupBy;
    const selected = q.view === 'by_script' ? [...dims, 'script_url', 'invoker'] : dims;
    sql =
      `SELECT ${list(selected, MEASURES)} FROM long_tasks WHERE ${whereClause(q, p)}${groupByClause(keys)}` +
      ` ORDER BY ${list('total_blocking_ms DESC', keys)} LIMIT ${p.add('UInt32', q.limit)}`;
  }
  return { sql, params: p.values };
}
