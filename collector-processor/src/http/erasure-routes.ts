/**
 * Data-subject erasure (docs/privacy.md): POST starts one and answers 202 with where to follow
 * it; GET shows one (with the tables done so far while it runs) or a project's audit list.
 * Admin token only: an erasure deletes data no one can restore.
 */
import express, { type Response } from 'express';
import type { ErasureService, ErasureView } from '../erasure/erase';
import type { ProjectStore } from '../projects/project-store';
import { badRequest } from './admin-routes';
import { actorOf, requireToken, type Tokens } from './auth';
import { ErasureRequest } from './schemas';

function erasureView(e: ErasureView) {
  return {
    id: e.id,
    projectId: e.projectId,
    kind: e.kind,
    subjectSha256: e.subjectSha256,
    actor: e.actor,
    status: e.status,
    phase: e.phase,
    requestedAt: new Date(e.requestedAt).toISOString(),
    finishedAt: e.finishedAt === null ? null : new Date(e.finishedAt).toISOString(),
    rowsDeleted: e.rowsDeleted,
    tables: e.tables,
    error: e.error || null,
  };
}

export function erasureRoutes(deps: { projects: ProjectStore; tokens: Tokens; erasure: ErasureService }) {
  const router = express.Router();
  const admin = requireToken(deps.tokens, 'admin');
  const project = (res: Response, id: string) => {
    const p = deps.projects.get(id, { includeDeleted: true });
    if (!p) res.status(404).json({ error: `no project ${id}` });
    return p;
  };

  router.post('/projects/:id/erasure', admin, express.json({ limit: '16kb' }), (req, res) => {
    const p = project(res, req.params.id as string);
    if (!p) return;
    const parsed = ErasureRequest.safeParse(req.body);
    if (!parsed.success) {
      if (req.body && typeof req.body === 'object' && 'userId' in req.body && 'visitorId' in req.body)
        return res
          .status(400)
          .json({ error: 'send either userId or visitorId, not both: erase each separately' });
      return badRequest(res, parsed.error);
    }
    const [kind, subject] =
      'userId' in parsed.data
        ? (['user', parsed.data.userId] as const)
        : (['visitor', parsed.data.visitorId] as const);
    const started = deps.erasure.start(p.id, kind, subject, actorOf(req, res));
    const statusUrl = `/api/v1/projects/${encodeURIComponent(p.id)}/erasures/${started.id}`;
    res
      .status(202)
      .location(statusUrl)
      .json({ ...erasureView(started), statusUrl });
  });
  router.get('/projects/:id/erasures', admin, async (req, res) => {
    const p = project(res, req.params.id as string);
    if (!p) return;
    res.json({ erasures: (await deps.erasure.list(p.id)).map(erasureView) });
  });
  router.get('/projects/:id/erasures/:erasure', admin, async (req, res) => {
    const p = project(res, req.params.id as string);
    if (!p) return;
    const found = await deps.erasure.get(p.id, req.params.erasure as string);
    if (!found) return res.status(404).json({ error: `no erasure ${req.params.erasure} in project ${p.id}` });
    res.json(erasureView(found));
  });
  return router;
}
