/**
 * Tokens API (global admin token only): make a token for some projects and a scope, list tokens
 * (never their secrets), revoke one. Grafana's plugin routes attach a read token for Viewers, a
 * write token for Editors and an admin token for Admins (docs/query-api.md).
 */
import express from 'express';
import type { ProjectStore } from '../projects/project-store';
import { badRequest } from './admin-routes';
import type { ApiToken, ApiTokenStore } from './api-tokens';
import { actorOf, ambiguousName, requireToken, type Grant, type Tokens } from './auth';
import { CreateToken } from './schemas';

export function tokenView(t: ApiToken) {
  return {
    id: t.id,
    name: t.name,
    scope: t.scope,
    projects: t.projects === 'all' ? '*' : t.projects,
    createdAt: new Date(t.createdAt).toISOString(),
    createdBy: t.createdBy,
    revokedAt: t.revokedAt === null ? null : new Date(t.revokedAt).toISOString(),
  };
}

export function tokenRoutes(deps: { tokens: Tokens; store: ApiTokenStore; projects: ProjectStore }) {
  const router = express.Router();
  const admin = requireToken(deps.tokens, 'admin', { allProjects: true });
  router.use('/tokens', express.json({ limit: '100kb' }));

  router.post('/tokens', admin, async (req, res) => {
    const parsed = CreateToken.safeParse(req.body);
    if (!parsed.success) return badRequest(res, parsed.error);
    const { name, scope, projects } = parsed.data;
    // Projects may be named by id or unique name; the token keeps ids, so a rename changes nothing.
    const ids: string[] = [];
    const unknown: string[] = [];
    for (const ref of projects === '*' ? [] : projects) {
      const found = deps.projects.resolve(ref);
      if ('ambiguous' in found) return res.status(400).json({ error: ambiguousName(ref, found.ambiguous) });
      if ('project' in found) ids.push(found.project.id);
      else unknown.push(ref);
    }
    if (unknown.length)
      return res.status(400).json({ error: `no project ${unknown.join(', ')}: create it first` });
    const made = await deps.store.create({
      name,
      scope: scope as ApiToken['scope'],
      projects: projects === '*' ? 'all' : [...new Set(ids)],
      createdBy: actorOf(req, res),
    });
    res.status(201).json({ ...tokenView(made.apiToken), token: made.token });
  });
  // What the calling token may do, for Grafana's "Save & test" and scripts checking their setup.
  router.get('/whoami', requireToken(deps.tokens, 'read'), (_req, res) => {
    const grant = res.locals.grant as Grant;
    const visible = deps.projects
      .list({})
      .filter((p) => grant.projects === 'all' || grant.projects.includes(p.id));
    res.json({
      scope: grant.scope,
      projects: grant.projects === 'all' ? '*' : grant.projects,
      visibleProjects: visible.map((p) => p.id),
      tokenId: grant.tokenId,
    });
  });
  router.get('/tokens', admin, async (_req, res) => {
    await deps.store.refresh();
    res.json({ tokens: deps.store.list().map(tokenView) });
  });
  router.delete('/tokens/:tokenId', admin, async (req, res) => {
    const revoked = await deps.store.revoke(req.params.tokenId as string);
    if (!revoked) return res.status(404).json({ error: `no token ${req.params.tokenId}` });
    res.json(tokenView(revoked));
  });
  return router;
}
