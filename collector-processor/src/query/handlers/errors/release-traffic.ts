/**
 * Traffic per release from the raw tables, shared by `releases` and `release_comparison`: page
 * views, errors, sessions (distinct session ids of page views and errors), sessions with an
 * error, users, first event. Events first collapse per (release, session), so a session counts
 * once per release and "had an error" is known per session; users merge uniq states across
 * sessions. The same WHERE clause text is used on both tables (same bound parameters).
 */
import { VISITOR_EXPR } from '../../sql';

export function releaseTrafficSql(where: string): string {
  const branch = (table: string, pageView: number, error: number) =>
    `SELECT release, session_id, ${VISITOR_EXPR} AS visitor, timestamp, ${pageView} AS is_page_view, ` +
    `${error} AS is_error FROM ${table} WHERE ${where}`;
  return (
    `SELECT release, sum(session_page_views) AS page_views, sum(session_errors) AS errors, ` +
    `countIf(session_id != '') AS sessions, countIf(session_id != '' AND session_errors > 0) AS error_sessions, ` +
    `uniqMerge(session_visitors) AS users, toUnixTimestamp64Milli(min(session_start)) AS first_seen FROM (` +
    `SELECT release, session_id, sum(is_page_view) AS session_page_views, sum(is_error) AS session_errors, ` +
    `uniqState(nullIf(visitor, '')) AS session_visitors, min(timestamp) AS session_start FROM (` +
    `${branch('page_views', 1, 0)} UNION ALL ${branch('errors', 0, 1)}) GROUP BY release, session_id) GROUP BY release`
  );
}

/** Crash-free sessions: the share of sessions without an error; null without sessions. */
export function crashFree(sessions: number, errorSessions: number): number | null {
  return sessions > 0 ? 1 - errorSessions / sessions : null;
}
