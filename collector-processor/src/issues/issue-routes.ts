/** Issue API: thin handlers over issue-store (I/O) and state (transitions). docs/issues.md. */
import type { ClickHouseClient } from '@clickhouse/client';
import express from 'express';
import { actorOf, requireToken, type Tokens } from '../http/auth';
import type { ProjectStore } from '../projects/project-store';
import { getIssue, listActivity, listIssues, saveChanges } from './issue-store';
import { regroupRoutes } from './regroup-routes';
import { projectReleases } from './release-store';
import {
  CreateComment,
  decodeCursor,
  encodeCursor,
  ActivityQuery,
  ListIssuesQuery,
  parse,
  PatchIssue,
  projectOf,
} from './schemas';
import { activityId, nextVersion, type Activity } from './state';
import { applyPatch } from './transitions';
import { issueDetailView, issueView } from './views';

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
    const version = nextVersion(now);
    const newestRelease =
      patch.status === 'resolved_in_next_release'
        ? (await projectReleases(client, record.state.projectId)).order.newest()
        : '';
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
      {
        now,
        actor: actorOf(req, res),
        version,
        counts: { events: record.aggregate.events, users: record.aggregate.users },
        newestRelease,
      },
    );
    if ('error' in change) return res.status(change.httpStatus).json({ error: change.error });
    if (change.activity.length) {
      const activity: Activity[] = change.activity.map((a, i) => ({ ...a, id: activityId(version, i) }));
      await saveChanges(client, [change.next], activity);
    }
    res.json(issueDetailView({ aggregate: record.aggregate, state: change.next }, now));
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
