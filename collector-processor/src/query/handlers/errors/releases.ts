/**
 * `releases`: the releases of the time range — those with page views or errors in it, and those
 * registered through the releases API within it — with sessions, page views, errors, users,
 * errors per page view, crash-free sessions and adoption (the release's share of all the range's sessions that match
 * the filters other than release, those without a release included). Newest first: by registration time, else first event in range.
 * Each row names the release listed after it (`previous_release`, what to compare it with) and
 * its issues over the project's lifetime, whatever the filters: `new_issues` first seen in it (as
 * the releases API's newIssues), `regressed_issues` that came back in it (the audit log's
 * `regressed` entries, so an issue resolved again since still counts).
 */
import { z } from 'zod';
import { tableFrame, type FieldSpec, type Row } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { Params, type BuiltSql } from '../../params';
import { QueryBase } from '../../schema';
import { whereClause } from '../../sql';
import { MAX_RELEASES } from '../../../issues/release-store';
import { crashFree, releaseTrafficSql } from './release-traffic';

export const ReleasesQuery = QueryBase.extend({ type: z.literal('releases') });
export type ReleasesQuery = z.output<typeof ReleasesQuery>;

export const RELEASES_FIELDS: FieldSpec[] = [
  { name: 'release', type: 'string' },
  { name: 'created_at', type: 'time' },
  { name: 'registered', type: 'boolean' },
  { name: 'first_seen', type: 'time' },
  { name: 'sessions', type: 'number', config: { unit: 'short' } },
  { name: 'page_views', type: 'number', config: { unit: 'short' } },
  { name: 'errors', type: 'number', config: { unit: 'short' } },
  { name: 'users', type: 'number', config: { unit: 'short' } },
  { name: 'error_rate', type: 'number', config: { unit: 'none', displayName: 'Errors per page view' } },
  { name: 'crash_free_sessions', type: 'number', config: { unit: 'percentunit' } },
  { name: 'adoption', type: 'number', config: { unit: 'percentunit' } },
  { name: 'new_issues', type: 'number', config: { unit: 'short' } },
  { name: 'regressed_issues', type: 'number', config: { unit: 'short' } },
  { name: 'previous_release', type: 'string' },
];

/** Errors per page view, as `error_rate` answers it per page view; null without page views. */
export function errorRate(errors: number, pageViews: number): number | null {
  return pageViews > 0 ? errors / pageViews : null;
}

/** Conditions of the release filter and exclusion, if any. */
function releaseConditions(q: ReleasesQuery, p: Params): string[] {
  const out: string[] = [];
  if (q.filters.release) out.push(`release IN ${p.add('Array(String)', q.filters.release)}`);
  if (q.exclude.release) out.push(`release NOT IN ${p.add('Array(String)', q.exclude.release)}`);
  return out;
}

/**
 * Traffic per release, and the registered releases. A release filter applies after adoption is
 * computed, so adoption stays a share of all the sessions the other filters keep.
 */
export function buildReleasesSql(q: ReleasesQuery): {
  traffic: BuiltSql;
  registered: BuiltSql;
  issues: BuiltSql;
} {
  const t = new Params();
  const { release: _f, ...filters } = q.filters;
  const { release: _e, ...exclude } = q.exclude;
  const where = whereClause({ ...q, filters, exclude }, t);
  const kept = ["release != ''", ...releaseConditions(q, t)].join(' AND ');
  const traffic =
    `SELECT * FROM (SELECT *, sessions / nullIf(sum(sessions) OVER (), 0) AS adoption FROM (` +
    `${releaseTrafficSql(where)})) WHERE ${kept} ORDER BY first_seen DESC, release ` +
    `LIMIT ${t.add('UInt32', MAX_RELEASES)}`;
  const r = new Params();
  const conditions = [
    `project_id = ${r.add('String', q.project)}`,
    `created_at < fromUnixTimestamp64Milli(${r.add('Int64', q.to)})`,
    ...releaseConditions(q, r),
  ];
  const registered =
    `SELECT release, toUnixTimestamp64Milli(created_at) AS created_ms FROM releases FINAL ` +
    `WHERE ${conditions.join(' AND ')} ORDER BY created_at DESC, release LIMIT ${r.add('UInt32', MAX_RELEASES)}`;
  return {
    traffic: { sql: traffic, params: t.values },
    registered: { sql: registered, params: r.values },
    issues: buildReleaseIssuesSql(q.project),
  };
}

/** New and regressed issues per release, over the project's lifetime (see the header). */
export function buildReleaseIssuesSql(project: string): BuiltSql {
  const p = new Params();
  const id = p.add('String', project);
  const sql =
    `SELECT release, sum(new) AS new_issues, sum(regressed) AS regressed_issues FROM (` +
    `SELECT introduced AS release, count() AS new, 0 AS regressed FROM (SELECT argMinMerge(first_release) AS introduced ` +
    `FROM issues WHERE project_id = ${id} GROUP BY fingerprint) WHERE introduced != '' GROUP BY introduced ` +
    `UNION ALL SELECT release, 0 AS new, uniqExact(fingerprint) AS regressed FROM issue_activity FINAL ` +
    `WHERE project_id = ${id} AND action = 'regressed' AND release != '' GROUP BY release` +
    `) GROUP BY release LIMIT ${p.add('UInt32', MAX_RELEASES)}`;
  return { sql, params: p.values };
}

/**
 * Releases with traffic, plus registered releases created in [from, to) without traffic; each
 * takes its registration time when registered. Sorted newest first, then by name; `limit` rows.
 */
export function mergeReleases(
  traffic: Row[],
  registered: Row[],
  q: Pick<QueryBase, 'from' | 'to' | 'limit'>,
  issues: Row[] = [],
): Row[] {
  const issuesOf = new Map(issues.map((r) => [String(r.release), r]));
  const created = new Map(registered.map((r) => [String(r.release), Number(r.created_ms)]));
  const rows: Row[] = traffic.map((r) => {
    const at = created.get(String(r.release));
    const sessions = Number(r.sessions);
    return {
      release: r.release,
      created_at: at ?? Number(r.first_seen),
      registered: at !== undefined,
      first_seen: Number(r.first_seen),
      sessions,
      page_views: Number(r.page_views),
      errors: Number(r.errors),
      users: Number(r.users),
      error_rate: errorRate(Number(r.errors), Number(r.page_views)),
      crash_free_sessions: crashFree(sessions, Number(r.error_sessions)),
      adoption: r.adoption ?? null,
    };
  });
  const seen = new Set(traffic.map((r) => String(r.release)));
  for (const [release, at] of created)
    if (!seen.has(release) && at >= q.from && at < q.to)
      rows.push({
        release,
        created_at: at,
        registered: true,
        first_seen: null,
        sessions: 0,
        page_views: 0,
        errors: 0,
        users: 0,
        error_rate: null,
        crash_free_sessions: null,
        adoption: 0,
      });
  rows.sort(
    (a, b) =>
      Number(b.created_at) - Number(a.created_at) || String(a.release).localeCompare(String(b.release)),
  );
  // Previous before the limit cuts, so the last row shown still names the one it follows.
  return rows.slice(0, q.limit).map((r, i) => {
    const counts = issuesOf.get(String(r.release));
    return {
      ...r,
      new_issues: Number(counts?.new_issues ?? 0),
      regressed_issues: Number(counts?.regressed_issues ?? 0),
      previous_release: rows[i + 1]?.release ?? null,
    };
  });
}

export const releasesHandler = defineHandler({
  type: 'releases',
  summary: 'Releases in the time range with sessions, errors, users, crash-free sessions and adoption',
  schema: ReleasesQuery,
  async run(q, ctx) {
    const sql = buildReleasesSql(q);
    const [traffic, registered, issues] = await Promise.all([
      runSql(ctx, sql.traffic),
      runSql(ctx, sql.registered),
      runSql(ctx, sql.issues),
    ]);
    return [
      tableFrame(q.refId, RELEASES_FIELDS, mergeReleases(traffic, registered, q, issues), {
        preferredVisualisationType: 'table',
        custom: { source: ['page_views', 'errors', 'releases', 'issues', 'issue_activity'] },
      }),
    ];
  },
});
