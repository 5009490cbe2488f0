/**
 * The statements behind `issue_detail`'s frames, each pure and separately bound. The events and
 * tags follow the query's time range and filters, and so do the summary's `*_in_range` counts (bots
 * left out unless includeBots, as in the events frame); the summary's `events`, `users` and
 * `sessions` and the per-release counts are the issue's lifetime, bots included; the stack and breadcrumbs are of `eventId` (anywhere in the project's issue) or
 * of the latest event in range.
 */
import { z } from 'zod';
import { Params, type BuiltSql } from '../../params';
import { QueryBase } from '../../schema';
import { whereClause } from '../../sql';
import { issueSummarySql } from './issue-list';

export const IssueDetailQuery = QueryBase.extend({
  type: z.literal('issue_detail'),
  issueId: z.string().min(1).max(200),
  eventId: z.string().min(1).max(200).optional(),
});
export type IssueDetailQuery = z.output<typeof IssueDetailQuery>;

export interface IssueDetailSql {
  summary: BuiltSql;
  /** Events, users and sessions under the query's range and filters: what the events frame lists. */
  inRange: BuiltSql;
  events: BuiltSql;
  event: BuiltSql;
  tags: BuiltSql;
  releases: BuiltSql;
  /** The sessions the issue's events in range happened in, latest first. */
  sessions: BuiltSql;
}

const EVENT_COLUMNS = [
  'toUnixTimestamp64Milli(timestamp) AS time',
  'event_id',
  'exception_message AS message',
  'exception_type AS type',
  'release',
  'environment',
  'browser_name AS browser',
  'os_name AS os',
  'device_type AS device',
  'country',
  'url',
  'user_id AS user',
  'session_id',
  'trace_id',
  'handled',
].join(', ');

/** One event's frames (Nested columns as parallel arrays) and breadcrumbs. */
const STACK_COLUMNS = [
  'event_id',
  '`frames.function` AS functions',
  '`frames.filename` AS filenames',
  '`frames.lineno` AS linenos',
  '`frames.colno` AS colnos',
  '`frames.in_app` AS in_apps',
  '`frames.symbolicated` AS symbolicated',
  '`frames.context` AS contexts',
  '`frames.abs_path` AS abs_paths',
  '`frames.raw_lineno` AS raw_linenos',
  '`frames.raw_colno` AS raw_colnos',
  '`frames.raw_function` AS raw_functions',
  'breadcrumbs',
  'causes',
].join(', ');

/** The dimensions the tags frame breaks the issue's events down by, as (tag, value) pairs. */
export const TAG_COLUMNS: Array<[string, string]> = [
  ['browser', 'browser_name'],
  ['os', 'os_name'],
  ['device', 'device_type'],
  ['country', 'country'],
  ['release', 'release'],
  ['environment', 'environment'],
  ['route', 'route'],
];
const TAG_PAIRS = `[${TAG_COLUMNS.map(([tag, column]) => `('${tag}', toString(${column}))`).join(', ')}]`;

function built(build: (p: Params) => string): BuiltSql {
  const p = new Params();
  const sql = build(p);
  return { sql, params: p.values };
}

/** Who an error happened to, as the issues table counts users (migration 0005). */
const ISSUE_USER = "if(user_id != '', user_id, if(visitor_id != '', visitor_id, visitor_hash))";

/** The issue's events in range that match the filters. */
function inRange(q: IssueDetailQuery, p: Params): string {
  return `${whereClause(q, p)} AND fingerprint = ${p.add('String', q.issueId)}`;
}

export function buildIssueDetailSql(q: IssueDetailQuery): IssueDetailSql {
  return {
    summary: built((p) => issueSummarySql(q.project, q.issueId, p)),
    inRange: built(
      (p) =>
        `SELECT count() AS events_in_range, uniqExact(${ISSUE_USER}) AS users_in_range, ` +
        `uniqExactIf(session_id, session_id != '') AS sessions_in_range FROM errors WHERE ${inRange(q, p)}`,
    ),
    events: built(
      (p) =>
        `SELECT ${EVENT_COLUMNS} FROM errors WHERE ${inRange(q, p)} ORDER BY timestamp DESC, event_id LIMIT ${p.add('UInt32', q.limit)}`,
    ),
    event: built((p) => {
      const where = q.eventId
        ? `project_id = ${p.add('String', q.project)} AND fingerprint = ${p.add('String', q.issueId)} AND event_id = ${p.add('String', q.eventId)}`
        : inRange(q, p);
      return `SELECT ${STACK_COLUMNS} FROM errors WHERE ${where} ORDER BY timestamp DESC, event_id LIMIT 1`;
    }),
    tags: built(
      (p) =>
        `SELECT tag_value.1 AS tag, tag_value.2 AS value, count() AS count, ` +
        `count() / sum(count()) OVER (PARTITION BY tag) AS share FROM errors ARRAY JOIN ${TAG_PAIRS} AS tag_value ` +
        `WHERE ${inRange(q, p)} GROUP BY tag, value ORDER BY tag, count DESC, value LIMIT ${p.add('UInt32', q.limit)} BY tag`,
    ),
    // Inner aliases differ from column names: ClickHouse resolves a SELECT alias in WHERE, so
    // `argMax(release, …) AS release` would turn a release filter into an aggregate in WHERE.
    sessions: built(
      (p) =>
        'SELECT session_id, s_user AS user, s_events AS events, s_first AS first_seen, s_last AS last_seen, ' +
        's_release AS release, s_browser AS browser FROM (' +
        `SELECT session_id, argMax(${ISSUE_USER}, timestamp) AS s_user, count() AS s_events, ` +
        'toUnixTimestamp64Milli(min(timestamp)) AS s_first, toUnixTimestamp64Milli(max(timestamp)) AS s_last, ' +
        'argMax(release, timestamp) AS s_release, argMax(browser_name, timestamp) AS s_browser FROM errors ' +
        `WHERE ${inRange(q, p)} AND session_id != '' GROUP BY session_id) ` +
        `ORDER BY last_seen DESC, session_id LIMIT ${p.add('UInt32', q.limit)}`,
    ),
    releases: built(
      (p) =>
        `SELECT release, event_count AS events, toUnixTimestamp64Milli(first_at) AS first_seen, toUnixTimestamp64Milli(last_at) AS last_seen ` +
        `FROM (SELECT release, sum(events) AS event_count, min(first_seen) AS first_at, max(last_seen) AS last_at FROM issue_releases ` +
        `WHERE project_id = ${p.add('String', q.project)} AND fingerprint = ${p.add('String', q.issueId)} GROUP BY release) ` +
        `ORDER BY first_seen, release`,
    ),
  };
}
