/** Issue API: thin handlers over issue-store (I/O) and state (transitions). docs/issues.md. */
import type { ClickHouseClient } from '@clickhouse/client';
import express from 'express';
import { actorOf, requireToken, type Tokens } from '../http/auth';
import type { ProjectStore } from '../projects/project-store';
import { getIssue, getIssues, listActivity, listIssues, saveChanges, type IssueRecord } from './issue-store';
import { regroupRoutes } from './regroup-routes';
import { projectReleases } from './release-store';
import {
  BulkPatchIssues,
  CreateComment,
  decodeCursor,
  encodeCursor,
  ActivityQuery,
  ListIssuesQuery,
  parse,
  PatchIssue,
  projectOf,
} from './schemas';
import { activityId, nextVersion, type Activity, type IssueState } from './state';
import { applyPatch } from './transitions';
import { issueDetailView, issueView } from './views';

type Patch = NonNullable<ReturnType<typeof PatchIssue.safeParse>['data']>;
interface ChangeContext {
  now: number;
  actor: string;
  version: number;
  newestRelease: string;
}

/** One issue's change as applyPatch sees it: the new state and its activity (ids numbered), or why not. */
function changeOf(record: IssueRecord, patch: Patch, ctx: ChangeContext) {
  const change = applyPatch(
    record.state,
    {
      status: patch.status,
      assignee: patch.assignee,
      ignoreUntil: patch.ignoreUntil && {
        count: patch.ignoreUntil.count,
        users: patch.ignoreUntil.users,
        date: patch.ignoreUntil.date === undefined ? undefined : Date.parse(patch.ignoreUntil.date),
      },
    },
    { ...ctx, counts: { events: record.aggregate.events, users: record.aggregate.users } },
  );
  if ('error' in change) return change;
  const activity: Activity[] = change.activity.map((a, i) => ({ ...a, id: activityId(ctx.version, i) }));
  return { next: change.next as IssueState, activity };
}

export interface IssueRouteDeps {
  projects: ProjectStore;
  client: ClickHouseClient;
  tokens: Tokens;
}

export function issueRoutes({ projects, client, tokens }: IssueRouteDeps) {
  const router = express.Router();
  const read = requireToken(tokens, 'read');
  const write = requireToken(tokens, 'write');
  router.use(express.json({ limit: '100kb' }));
  router.use(regroupRoutes({ projects, client, tokens }));

  /** The issue named in the path, or a 404 answered. */
  async function issueOf(req: express.Request, res: express.Response) {
    const project = projectOf(projects, req, res);
    if (!project) return undefined;
    const id = req.params.issueId as string;
    const record = id.length <= 200 ? await getIssue(client, project.id, id) : undefined;
    if (!record) res.status(404).json({ error: `no issue ${id} in project ${project.id}` });
    return record;
  }

  router.get('/projects/:id/issues', read, async (req, res) => {
    const project = projectOf(projects, req, res);
    if (!project) return;
    const q = parse(ListIssuesQuery, req.query, res, 'query parameters');
    if (!q) return;
    const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, q.sort);
    if (q.cursor !== undefined && !after)
      return res.status(400).json({
        error:
          'cursor is not one this API returned for this sort: pass nextCursor from the previous page unchanged',
      });
    const found = await listIssues(client, project.id, {
      statuses: q.status,
      query: q.query,
      assignee: q.assignee,
      sort: q.sort,
      limit: q.limit,
      after,
    });
    const now = Date.now();
    const last = found.at(-1);
    res.json({
      issues: found.map((r) => issueView(r, now)),
      nextCursor:
        found.length === q.limit && last ? encodeCursor(q.sort, last.sortKey, last.aggregate.id) : null,
    });
  });

  router.get('/projects/:id/issues/:issueId', read, async (req, res) => {
    const record = await issueOf(req, res);
    if (record) res.json(issueDetailView(record));
  });

  router.patch('/projects/:id/issues/:issueId', write, async (req, res) => {
    const patch = parse(PatchIssue, req.body, res);
    if (!patch) return;
    const record = await issueOf(req, res);
    if (!record) return;
    const now = Date.now();
    const newestRelease =
      patch.status === 'resolved_in_next_release'
        ? (await projectReleases(client, record.state.projectId)).order.newest()
        : '';
    const change = changeOf(record, patch, {
      now,
      actor: actorOf(req, res),
      version: nextVersion(now),
      newestRelease,
    });
    if ('error' in change) return res.status(change.httpStatus).json({ error: change.error });
    if (change.activity.length) await saveChanges(client, [change.next], change.activity);
    res.json(issueDetailView({ aggregate: record.aggregate, state: change.next }, now));
  });

  /**
   * One change to many issues (the app's bulk actions), written in one insert per table, each
   * issue's activity logged as its own PATCH would. Answers 200 with what changed and, per id,
   * what did not (unknown issue, a transition the rules refuse), so a client can say which.
   */
  router.patch('/projects/:id/issues', write, async (req, res) => {
    const body = parse(BulkPatchIssues, req.body, res);
    if (!body) return;
    const project = projectOf(projects, req, res);
    if (!project) return;
    const { ids, ...patch } = body;
    const records = await getIssues(client, project.id, [...new Set(ids)]);
    const now = Date.now();
    const ctx = {
      now,
      actor: actorOf(req, res),
      version: nextVersion(now),
      newestRelease:
        patch.status === 'resolved_in_next_release'
          ? (await projectReleases(client, project.id)).order.newest()
          : '',
    };
    const changed: IssueRecord[] = [];
    const failed: Array<{ id: string; error: string }> = [];
    const activity: Activity[] = [];
    for (const record of records) {
      const change = changeOf(record, patch, ctx);
      if ('error' in change) {
        failed.push({ id: record.aggregate.id, error: change.error });
        continue;
      }
      activity.push(...change.activity);
      changed.push({ aggregate: record.aggregate, state: change.next });
    }
    const found = new Set(records.map((r) => r.aggregate.id));
    for (const id of new Set(ids))
      if (!found.has(id)) failed.push({ id, error: `no issue ${id} in project ${project.id}` });
    // Unchanged issues (already in that state) add no activity and keep their stored state.
    const written = new Set(activity.map((a) => a.fingerprint));
    await saveChanges(
      client,
      changed.filter((c) => written.has(c.aggregate.id)).map((c) => c.state),
      activity,
    );
    res.json({ updated: changed.map((c) => issueView(c, now)), failed });
  });

  router.post('/projects/:id/issues/:issueId/comments', write, async (req, res) => {
    const body = parse(CreateComment, req.body, res);
    if (!body) return;
    const record = await issueOf(req, res);
    if (!record) return;
    const { state } = record;
    const at = Date.now();
    const comment: Activity = {
      projectId: state.projectId,
      fingerprint: state.fingerprint,
      id: activityId(nextVersion(at), 0),
      at,
      actor: actorOf(req, res),
      action: 'comment',
      fromStatus: state.status,
      toStatus: state.status,
      release: '',
      comment: body.text,
      details: {},
    };
    await saveChanges(client, [], [comment]);
    // The same shape as an entry of GET …/activity.
    res.status(201).json({
      id: comment.id,
      at: new Date(comment.at).toISOString(),
      actor: comment.actor,
      action: comment.action,
      fromStatus: comment.fromStatus,
      toStatus: comment.toStatus,
      release: null,
      comment: comment.comment,
      details: {},
    });
  });

  router.get('/projects/:id/issues/:issueId/activity', read, async (req, res) => {
    const q = parse(ActivityQuery, req.query, res, 'query parameters');
    if (!q) return;
    const record = await issueOf(req, res);
    if (!record) return;
    res.json({
      activity: await listActivity(client, record.state.projectId, record.state.fingerprint, q.limit),
    });
  });

  return router;
}
