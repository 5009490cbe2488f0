/**
 * What else changed with the release, per item and release (sides as in sql.ts), pure: resources
 * by URL without query string (transfer size), HTTP endpoints (p95, failures), long-task scripts
 * (time), errors' issues (first seen), and the deploys of both releases. correlated.ts ranks them.
 */
import { Params, type BuiltSql } from '../../query/params';
import { currentSide, sidesWhere, type Sides } from './sql';

/** Rows kept per statement: the heaviest items, so a large site's long tail costs nothing. */
export const CORRELATED_LIMIT = 200;

function built(build: (p: Params) => string): BuiltSql {
  const p = new Params();
  const sql = build(p);
  return { sql, params: p.values };
}

/**
 * Per resource (type, URL without query string or fragment) and release: entries, sessions that
 * loaded it, mean and variance of the transfer size. Cache hits (nothing transferred) are left out:
 * they say nothing about the resource's size.
 */
export function buildResourcesSql(s: Sides): BuiltSql {
  return built(
    (p) =>
      `SELECT resource_type, cutQueryStringAndFragment(resource_url) AS item, ${currentSide(s, p)} AS is_current, count() AS n, ` +
      `uniqExact(session_id) AS sessions, avg(transfer_size) AS mean, varSampStable(toFloat64(transfer_size)) AS variance ` +
      `FROM resources WHERE ${sidesWhere(s, p)} AND transfer_size > 0 GROUP BY resource_type, item, is_current ` +
      `ORDER BY sum(transfer_size) DESC LIMIT ${p.add('UInt32', CORRELATED_LIMIT)}`,
  );
}

/** Per endpoint (method, host, URL template) and release: requests, sessions, failures, p95 duration. */
export function buildEndpointsSql(s: Sides): BuiltSql {
  return built(
    (p) =>
      `SELECT method, server_address, url_template, ${currentSide(s, p)} AS is_current, count() AS n, uniqExact(session_id) AS sessions, ` +
      `countIf(status_code = 0 OR status_code >= 500) AS failures, quantileExact(0.95)(duration_ms) AS p95 ` +
      `FROM http_requests WHERE ${sidesWhere(s, p)} GROUP BY method, server_address, url_template, is_current ` +
      `ORDER BY n DESC LIMIT ${p.add('UInt32', CORRELATED_LIMIT)}`,
  );
}

/** Per script (URL without query string) and release: long tasks, sessions with one, total time. */
export function buildScriptsSql(s: Sides): BuiltSql {
  return built(
    (p) =>
      `SELECT cutQueryStringAndFragment(script_url) AS item, ${currentSide(s, p)} AS is_current, count() AS n, uniqExact(session_id) AS sessions, ` +
      `sum(duration_ms) AS total FROM long_tasks WHERE ${sidesWhere(s, p)} GROUP BY item, is_current ` +
      `ORDER BY total DESC LIMIT ${p.add('UInt32', CORRELATED_LIMIT)}`,
  );
}

/**
 * Issues first seen in the new release: fingerprints whose earliest error since `since` (before
 * `now`) carried it, with their errors and sessions in the current window.
 */
export function buildNewIssuesSql(s: Sides, since: number): BuiltSql {
  return built((p) => {
    const rel = p.add('String', s.release);
    return (
      `SELECT fingerprint, any(exception_type) AS type, any(exception_message) AS message, count() AS n, uniqExactIf(session_id, session_id != '') AS sessions FROM errors ` +
      `WHERE project_id = ${p.add('String', s.project)} AND is_bot = 0 AND release = ${rel} AND fingerprint != '' AND ` +
      `timestamp >= fromUnixTimestamp64Milli(${p.add('Int64', s.current.from)}) AND ` +
      `timestamp < fromUnixTimestamp64Milli(${p.add('Int64', s.current.to)}) AND fingerprint IN (` +
      `SELECT fingerprint FROM errors WHERE project_id = ${p.add('String', s.project)} AND fingerprint != '' AND ` +
      `timestamp >= fromUnixTimestamp64Milli(${p.add('Int64', since)}) AND ` +
      `timestamp < fromUnixTimestamp64Milli(${p.add('Int64', s.current.to)}) ` +
      `GROUP BY fingerprint HAVING argMin(release, timestamp) = ${rel}) ` +
      `GROUP BY fingerprint ORDER BY sessions DESC, fingerprint LIMIT ${p.add('UInt32', CORRELATED_LIMIT)}`
    );
  });
}

/** Deploys of either release finished by `now`, newest first. */
export function buildDeploysSql(s: Pick<Sides, 'project' | 'release' | 'previous'>, now: number): BuiltSql {
  return built(
    (p) =>
      `SELECT release, environment, toUnixTimestamp64Milli(finished_at) AS at FROM deploys ` +
      `WHERE project_id = ${p.add('String', s.project)} AND release IN ${p.add('Array(String)', [s.release, s.previous])} ` +
      `AND finished_at < fromUnixTimestamp64Milli(${p.add('Int64', now)}) ORDER BY finished_at DESC LIMIT 20`,
  );
}
