/**
 * `issues`: the issue list (Grafana tables, the app plugin), one table frame: the page of issues,
 * then the users and sessions of that page. See issue-list.ts.
 */
import { z } from 'zod';
import { tableFrame } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import { Params, type BuiltSql } from '../../params';
import { QueryBase } from '../../schema';
import { STATUSES } from '../../../issues/state';
import { issueTrendSql, trendArrays, trendBuckets } from './issue-trend';
import { ISSUE_FIELDS, ISSUE_SORTS, issueCountsSql, issueListSql, issueRow, withCounts } from './issue-list';

export const IssuesQuery = QueryBase.extend({
  type: z.literal('issues'),
  statuses: z.array(z.enum(STATUSES)).min(1).max(STATUSES.length).optional(),
  /** Case-insensitive substring of the title, the culprit or the issue id. */
  search: z.string().max(200).optional(),
  sort: z.enum(ISSUE_SORTS).default('last_seen'),
  /** Issues assigned to exactly this assignee. */
  assignee: z.string().min(1).max(200).optional(),
  /** Issues to skip, for pages after the first (the frame's meta.custom.total counts them all). */
  offset: z.number().int().min(0).max(1_000_000).default(0),
  /** Adds a `trend` field: each issue's events per bucket over the range (issue-trend.ts). */
  trend: z.boolean().default(false),
});
export type IssuesQuery = z.output<typeof IssuesQuery>;

export function buildIssuesSql(q: IssuesQuery): BuiltSql {
  const p = new Params();
  const sql = issueListSql(q, p);
  return { sql, params: p.values };
}

/** Events per bucket of the listed issues (the `trend` option). */
export function buildIssueTrendSql(q: IssuesQuery, ids: string[]): BuiltSql {
  const p = new Params();
  const sql = issueTrendSql(q, ids, p);
  return { sql, params: p.values };
}

/** Users and sessions of the listed issues: a second, small query (see issue-list.ts). */
export function buildIssueCountsSql(project: string, ids: string[]): BuiltSql {
  const p = new Params();
  const sql = issueCountsSql(project, ids, p);
  return { sql, params: p.values };
}

export const issuesHandler = defineHandler({
  type: 'issues',
  summary: 'Issues seen in the time range, with status, counts and releases',
  schema: IssuesQuery,
  async run(q, ctx) {
    const page = await runSql(ctx, buildIssuesSql(q));
    const ids = page.map((r) => String(r.id));
    const rows = withCounts(page, ids.length ? await runSql(ctx, buildIssueCountsSql(q.project, ids)) : []);
    const fields = q.trend ? [...ISSUE_FIELDS, { name: 'trend', type: 'other' as const }] : ISSUE_FIELDS;
    const { bucketMs, count } = trendBuckets(q);
    const trends =
      q.trend && ids.length
        ? trendArrays(await runSql(ctx, buildIssueTrendSql(q, ids)), ids, count)
        : undefined;
    // No row, no window count: an empty page says 0 (or, past the end, nothing about the total).
    const total = page.length ? Number(page[0]!.total) : q.offset === 0 ? 0 : null;
    const custom = {
      source: 'issues',
      total,
      ...(q.trend ? { trend: { from: q.from, intervalMs: bucketMs, buckets: count } } : {}),
    };
    return [
      tableFrame(
        q.refId,
        fields,
        rows.map((r) => ({ ...issueRow(r, q.project, ctx.now), trend: trends?.get(String(r.id)) })),
        { preferredVisualisationType: 'table', custom },
      ),
    ];
  },
});
