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
import { ISSUE_FIELDS, ISSUE_SORTS, issueCountsSql, issueListSql, issueRow, withCounts } from './issue-list';

export const IssuesQuery = QueryBase.extend({
  type: z.literal('issues'),
  statuses: z.array(z.enum(STATUSES)).min(1).max(STATUSES.length).optional(),
  /** Case-insensitive substring of the title, the culprit or the issue id. */
  search: z.string().max(200).optional(),
  sort: z.enum(ISSUE_SORTS).default('last_seen'),
});
export type IssuesQuery = z.output<typeof IssuesQuery>;

export function buildIssuesSql(q: IssuesQuery): BuiltSql {
  const p = new Params();
  const sql = issueListSql(q, p);
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
    return [
      tableFrame(
        q.refId,
        ISSUE_FIELDS,
        rows.map((r) => issueRow(r, q.project, ctx.now)),
        { preferredVisualisationType: 'table', custom: { source: 'issues' } },
      ),
    ];
  },
});
