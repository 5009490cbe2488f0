/**
 * SQL for the `session_timeline` query type: every event of one session from the seven signal
 * tables, in time order. Each table's bloom-filter index on session_id skips the granules
 * without the session, so this stays cheap over long ranges.
 */
import { Params, type BuiltSql } from '../../params';
import type { QueryBase } from '../../schema';
import { whereClause } from '../../sql';
import { EVENT_KINDS, eventColumns, KIND_ORDER } from './event-kinds';

export type SessionTimelineQuery = QueryBase & { sessionId: string };

export function buildSessionTimelineSql(q: SessionTimelineQuery): BuiltSql {
  const p = new Params();
  // The same placeholders serve every branch: the tables share these column names.
  const where = `${whereClause(q, p)} AND session_id = ${p.add('String', q.sessionId)}`;
  // An error's issue is its fingerprint (the issues table's id), so the timeline links to it.
  const branches = EVENT_KINDS.map(
    (k) =>
      `SELECT ${eventColumns(k, ['url', 'event_id', 'trace_id'])}, ${k.table === 'errors' ? 'fingerprint' : "''"} AS event_issue` +
      ` FROM ${k.table} WHERE ${where}`,
  );
  const sql =
    'SELECT event_time AS time, event_kind AS kind, event_name AS name, event_detail AS detail, url,' +
    ' event_duration_ms AS duration_ms, event_id, trace_id, event_issue AS issue_id' +
    ` FROM (${branches.join(' UNION ALL ')})` +
    ` ORDER BY time, indexOf(${KIND_ORDER}, kind), event_id LIMIT ${p.add('UInt32', q.limit)}`;
  return { sql, params: p.values };
}
