/**
 * SQL for the `live` query type: the newest events across the signal tables, for a panel that polls
 * every second. Each table contributes at most `limit` rows, found through the time range (the
 * sort key after project and environment) and sorted by arrival; only the union's few rows are
 * sorted again.
 */
import { Params, type BuiltSql } from '../../params';
import type { QueryBase } from '../../schema';
import { whereClause } from '../../sql';
import { EVENT_KINDS, eventColumns } from './event-kinds';

export type LiveQuery = QueryBase & { since?: number };

const PASS_THROUGH = ['session_id', 'url', 'release', 'browser_name', 'country', 'event_id'];

export function buildLiveSql(q: LiveQuery): BuiltSql {
  const p = new Params();
  const conditions = [whereClause(q, p)];
  // Arrival time, not event time: a late batch or a browser with a wrong clock still shows up once.
  if (q.since !== undefined)
    conditions.push(`received_at > fromUnixTimestamp64Milli(${p.add('Int64', q.since)})`);
  const where = conditions.join(' AND ');
  const limit = p.add('UInt32', q.limit);
  const branches = EVENT_KINDS.map(
    (k) =>
      `(SELECT ${eventColumns(k, PASS_THROUGH)} FROM ${k.table} WHERE ${where}` +
      ` ORDER BY received_at DESC LIMIT ${limit})`,
  );
  const sql =
    'SELECT event_time AS time, event_received AS received_at, event_kind AS kind,' +
    " if(event_detail != '', concat(event_name, ': ', event_detail), event_name) AS summary," +
    ' session_id, url, release, browser_name AS browser, country' +
    ` FROM (${branches.join(' UNION ALL ')})` +
    ` ORDER BY received_at DESC, time DESC, kind, event_id LIMIT ${limit}`;
  return { sql, params: p.values };
}
