/**
 * The statements of the release-regression detector, pure. Both releases are read in one
 * statement each: the previous release over the baseline window, the new one over the current
 * window (the same window when both run side by side), so `release` tells the two apart. Raw
 * tables (exact order statistics; the pre-aggregates have no per-session sums), bots left out, and
 * never a row after `now` (bench/insights replays time through it). Values only through Params.
 */
import { releaseTrafficSql } from '../../query/handlers/errors/release-traffic';
import { Params, type BuiltSql } from '../../query/params';
import { VISITOR_EXPR } from '../../query/sql';
import type { Window } from '../explain/explain';

/** The previous release over its window and the new release over its own. */
export interface Sides {
  project: string;
  previous: string;
  release: string;
  baseline: Window;
  current: Window;
}

const range = (p: Params, w: Window, column = 'timestamp') =>
  `${column} >= fromUnixTimestamp64Milli(${p.add('Int64', w.from)}) AND ` +
  `${column} < fromUnixTimestamp64Milli(${p.add('Int64', w.to)})`;

/** Rows of the previous release in the baseline window or of the new one in the current window. */
export function sidesWhere(s: Sides, p: Params): string {
  return (
    `project_id = ${p.add('String', s.project)} AND is_bot = 0 AND (` +
    `(release = ${p.add('String', s.previous)} AND ${range(p, s.baseline)}) OR ` +
    `(release = ${p.add('String', s.release)} AND ${range(p, s.current)}))`
  );
}

/**
 * 1 for a row of the new release's side, 0 for the previous one's: with the same release on both
 * sides (an anomaly's windows before and after), the windows alone tell them apart.
 */
export function currentSide(s: Sides, p: Params): string {
  return `(release = ${p.add('String', s.release)} AND ${range(p, s.current)})`;
}

function built(build: (p: Params) => string): BuiltSql {
  const p = new Params();
  const sql = build(p);
  return { sql, params: p.values };
}

/**
 * Named releases with page views in [from, now): first page view and sessions (approximate,
 * uniq: only compared with firstLook and the look grid; release-list.ts reads two weeks every 10
 * minutes and the last minutes in between);
 * with their registration time (POST /releases, if registered by now), which release-order.ts
 * orders by.
 */
export function buildReleasesSql(project: string, from: number, now: number): BuiltSql {
  return built((p) => {
    const id = p.add('String', project);
    const w = { from, to: now };
    return (
      `SELECT release, toUnixTimestamp64Milli(min(timestamp)) AS first_seen, toUnixTimestamp64Milli(max(timestamp)) AS last_seen, ` +
      `uniq(session_id) AS sessions, ` +
      `any(created_ms) AS created_ms FROM page_views LEFT JOIN (SELECT release, ` +
      `toUnixTimestamp64Milli(created_at) AS created_ms FROM releases FINAL WHERE project_id = ${id} AND ` +
      `created_at < fromUnixTimestamp64Milli(${p.add('Int64', now)})) AS r USING release ` +
      `WHERE project_id = ${id} AND is_bot = 0 AND release != '' AND session_id != '' AND ${range(p, w)} ` +
      `GROUP BY release`
    );
  });
}

/** Sessions of `release` in each window (columns s0, s1, …), to choose the baseline window. */
export function buildWindowSessionsSql(
  project: string,
  release: string,
  windows: readonly Window[],
): BuiltSql {
  return built((p) => {
    const counts = windows.map((w, i) => `uniqExactIf(session_id, ${range(p, w)}) AS s${i}`).join(', ');
    const from = Math.min(...windows.map((w) => w.from));
    const to = Math.max(...windows.map((w) => w.to));
    return (
      `SELECT ${counts} FROM page_views WHERE project_id = ${p.add('String', project)} AND is_bot = 0 AND ` +
      `session_id != '' AND release = ${p.add('String', release)} AND ${range(p, { from, to })}`
    );
  });
}

/** Sessions, sessions with an error, users per release (the release comparison's traffic statement). */
export function buildTrafficSql(s: Sides): BuiltSql {
  return built((p) => releaseTrafficSql(sidesWhere(s, p)));
}

/** HTTP requests and failures (no response or a server error, as http_requests_1m counts them). */
export function buildHttpRateSql(s: Sides): BuiltSql {
  return built(
    (p) =>
      `SELECT release, count() AS requests, countIf(status_code = 0 OR status_code >= 500) AS failures ` +
      `FROM http_requests WHERE ${sidesWhere(s, p)} GROUP BY release`,
  );
}

/**
 * Percentile metrics as (metric, value) samples: each Core Web Vital (LCP of hard loads only, as
 * the web_vitals query answers it) and HTTP durations, with the level each is read at.
 */
function samplesSql(s: Sides, p: Params): string {
  const where = sidesWhere(s, p);
  return (
    `SELECT concat('web_vital.', name, '.p75') AS metric, release, value FROM web_vitals WHERE ${where} ` +
    `AND name IN ('LCP', 'INP', 'CLS') AND NOT (name = 'LCP' AND navigation_type = 'soft-navigation') ` +
    `UNION ALL SELECT 'http.p95' AS metric, release, duration_ms AS value FROM http_requests WHERE ${where}`
  );
}

/**
 * Per metric and release: the sample size and how many samples are at or below the pooled
 * percentile of both releases (the generalised median test's counts, stats quantileShiftP).
 */
export function buildQuantileCountsSql(s: Sides): BuiltSql {
  return built((p) => {
    const samples = samplesSql(s, p);
    return (
      `SELECT metric, release, count() AS n, countIf(value <= t) AS below FROM (${samples}) AS s ` +
      `INNER JOIN (SELECT metric, if(metric = 'http.p95', quantileExact(0.95)(value), quantileExact(0.75)(value)) AS t ` +
      `FROM (${samplesSql(s, p)}) GROUP BY metric) AS q USING metric GROUP BY metric, release`
    );
  });
}

/** The values at the given 1-based ranks of each (metric, release) sample sorted ascending. */
export function buildQuantileRanksSql(s: Sides, ranks: readonly number[]): BuiltSql {
  return built((p) => {
    const samples = samplesSql(s, p);
    return (
      `SELECT metric, release, rn, value FROM (SELECT metric, release, value, row_number() OVER ` +
      `(PARTITION BY metric, release ORDER BY value) AS rn FROM (${samples})) ` +
      `WHERE rn IN ${p.add('Array(UInt64)', [...ranks])}`
    );
  });
}

/**
 * Long-task time per session: every session with a page view or a long task counts, with the sum
 * of its long tasks' durations (0 without any), so a release that adds long tasks to a few
 * sessions moves the mean. Moments for the Welch interval.
 */
export function buildLongTaskSql(s: Sides): BuiltSql {
  return built((p) => {
    const where = sidesWhere(s, p);
    return (
      `SELECT release, count() AS n, avg(t) AS mean, varSampStable(t) AS variance FROM (` +
      `SELECT release, session_id, sum(d) AS t FROM (` +
      `SELECT release, session_id, 0 AS d FROM page_views WHERE ${where} UNION ALL ` +
      `SELECT release, session_id, duration_ms AS d FROM long_tasks WHERE ${where}) ` +
      `WHERE session_id != '' GROUP BY release, session_id) GROUP BY release`
    );
  });
}

/**
 * Sessions and users of the new release (current window) with the regressed signal: a vital or
 * an HTTP duration above the previous release's value, a failed request, an error, a long task.
 */
export function buildAffectedSql(s: Sides, metric: string, baselineValue: number): BuiltSql {
  return built((p) => {
    const where = `project_id = ${p.add('String', s.project)} AND is_bot = 0 AND release = ${p.add('String', s.release)} AND ${range(p, s.current)}`;
    const vital = /^web_vital\.(\w+)\.p75$/.exec(metric);
    let from: string;
    if (vital)
      from = `web_vitals WHERE ${where} AND name = ${p.add('String', vital[1])} AND value > ${p.add('Float64', baselineValue)}`;
    else if (metric === 'http.p95')
      from = `http_requests WHERE ${where} AND duration_ms > ${p.add('Float64', baselineValue)}`;
    else if (metric === 'http.error_rate')
      from = `http_requests WHERE ${where} AND (status_code = 0 OR status_code >= 500)`;
    else if (metric === 'long_task.ms_per_session') from = `long_tasks WHERE ${where}`;
    else from = `errors WHERE ${where}`;
    return (
      `SELECT uniqExactIf(session_id, session_id != '') AS sessions, ` +
      `uniqExactIf(${VISITOR_EXPR}, ${VISITOR_EXPR} != '') AS users FROM ${from}`
    );
  });
}
