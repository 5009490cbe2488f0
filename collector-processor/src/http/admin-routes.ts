import express, { type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { ProjectNameTaken, type Project, type ProjectStore } from '../projects/project-store';
import type { ClickHouseClient } from '@clickhouse/client';
import { projectStats } from '../projects/stats';
import { answerInvalid } from './api-errors';
import { grantedProjects, requireToken, type Tokens } from './auth';
import { CreateProject, PatchProject, RotateKey } from './schemas';

/** Public JSON form of a project; `ingestKey` is the current key (older ones may still be valid). */
export function projectView(p: Project) {
  return {
    id: p.id,
    name: p.name,
    environment: p.environment,
    allowedOrigins: p.allowedOrigins,
    ingestKey: p.ingestKeys[0]?.key,
    ingestKeys: p.ingestKeys.map((k) => ({
      key: k.key,
      expiresAt: k.expiresAt ? new Date(k.expiresAt).toISOString() : null,
    })),
    retentionDays: p.retentionDays,
    sampleRate: p.sampleRate,
    rateLimitPerSecond: p.rateLimitPerSecond,
    settings: p.settings,
    createdAt: new Date(p.createdAt).toISOString(),
    updatedAt: new Date(p.updatedAt).toISOString(),
    deletedAt: p.deletedAt ? new Date(p.deletedAt).toISOString() : null,
  };
}

/** 400 naming each field and what it expects (wording in api-errors.ts). */
export function badRequest(res: Response, error: z.ZodError) {
  answerInvalid(res, 'request body', error);
}

export function adminRoutes(
  projects: ProjectStore,
  client: ClickHouseClient,
  tokens: Tokens,
  hooks: { projectDeleted?(id: string): void } = {},
) {
  const router = express.Router();
  const admin = requireToken(tokens, 'admin');
  const notFound = (res: Response, id: string) => res.status(404).json({ error: `no project ${id}` });
  router.use(express.json({ limit: '100kb' }));

  router.post('/projects', requireToken(tokens, 'admin', { allProjects: true }), async (req, res) => {
    const parsed = CreateProject.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    res.status(201).json(projectView(await projects.create(parsed.data)));
  });
  // Admins see whole projects (with ingest keys); read and write tokens see the ids and names of
  // the projects they reach, for Grafana's project picker and template variable.
  router.get('/projects', requireToken(tokens, 'read'), (req, res) => {
    const granted = grantedProjects(res);
    const visible = projects
      .list({ includeDeleted: req.query.includeDeleted === 'true' && res.locals.scope === 'admin' })
      .filter((p) => granted === 'all' || granted.includes(p.id));
    if (res.locals.scope === 'admin') return res.json({ projects: visible.map(projectView) });
    res.json({ projects: visible.map((p) => ({ id: p.id, name: p.name, environment: p.environment })) });
  });
  router.get('/projects/:id', admin, (req, res) => {
    const p = projects.get(req.params.id as string, { includeDeleted: true });
    if (!p) return notFound(res, req.params.id as string);
    res.json(projectView(p));
  });
  router.patch('/projects/:id', admin, async (req, res) => {
    const parsed = PatchProject.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    const p = await projects.update(req.params.id as string, parsed.data);
    if (!p) return notFound(res, req.params.id as string);
    res.json(projectView(p));
  });
  router.delete('/projects/:id', admin, async (req, res) => {
    const p = await projects.softDelete(req.params.id as string);
    if (!p) return notFound(res, req.params.id as string);
    hooks.projectDeleted?.(p.id);
    res.json({
      ...projectView(p),
      restorableUntil: new Date(p.deletedAt! + projects.restoreWindowMs).toISOString(),
    });
  });
  router.post('/projects/:id/restore', admin, async (req, res) => {
    const p = await projects.restore(req.params.id as string);
    if (p === 'expired')
      return res
        .status(410)
        .json({ error: 'the restore window has passed: the project’s data is deleted or being deleted' });
    if (!p) return notFound(res, req.params.id as string);
    res.json(projectView(p));
  });
  router.post('/projects/:id/keys/rotate', admin, async (req, res) => {
    const parsed = RotateKey.safeParse(req.body ?? {});
    if (!parsed.success) return badRequest(res, parsed.error);
    const p = await projects.rotateKey(req.params.id as string, parsed.data.overlapSeconds);
    if (!p) return notFound(res, req.params.id as string);
    res.json(projectView(p));
  });
  router.get('/projects/:id/stats', requireToken(tokens, 'read'), async (req, res) => {
    const p = projects.get(req.params.id as string);
    if (!p) return notFound(res, req.params.id as string);
    res.json(await projectStats(client, p.id));
  });
  // Create, rename and restore refuse a name another live project has: names reach projects too.
  router.use((err: unknown, _req: Request, res: Response, next: NextFunction) => {
    if (err instanceof ProjectNameTaken) return res.status(409).json({ error: err.message });
    next(err);
  });
  return router;
}
