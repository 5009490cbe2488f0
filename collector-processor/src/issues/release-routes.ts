/**
 * Release API, the contract the CLI's `releases new|finalize|deploys` uses (docs/issues.md).
 * Versions arrive URL-encoded in paths; Express decodes them before validation.
 */
import express from 'express';
import { actorOf, requireToken } from '../http/auth';
import type { IssueRouteDeps } from './issue-routes';
import {
  addDeploy,
  getRelease,
  listDeploys,
  projectReleases,
  saveRelease,
  type Release,
} from './release-store';
import {
  CreateDeploy,
  CreateRelease,
  FinalizeRelease,
  parse,
  projectOf,
  ReleaseListQuery as ListQuery,
  ReleaseVersion,
} from './schemas';
import { deployView, releaseView, seenReleaseView, statsView } from './views';

export function releaseRoutes({ projects, client, tokens }: IssueRouteDeps) {
  const router = express.Router();
  const read = requireToken(tokens, 'read');
  const write = requireToken(tokens, 'write');
  router.use(express.json({ limit: '100kb' }));

  const versionOf = (req: express.Request, res: express.Response) =>
    parse(ReleaseVersion, req.params.version, res, 'path');

  /** Registers a release; an existing one keeps its creation time and takes a new ref/url if sent. */
  router.post('/projects/:id/releases', write, async (req, res) => {
    const project = projectOf(projects, req, res);
    if (!project) return;
    const body = parse(CreateRelease, req.body, res);
    if (!body) return;
    const existing = await getRelease(client, project.id, body.version);
    if (existing) {
      const next: Release = { ...existing, ref: body.ref ?? existing.ref, url: body.url ?? existing.url };
      if (next.ref !== existing.ref || next.url !== existing.url)
        await saveRelease(client, { ...next, updatedBy: actorOf(req, res) });
      return res.status(200).json(releaseView(next));
    }
    const release: Release = {
      projectId: project.id,
      version: body.version,
      createdAt: Date.now(),
      finalizedAt: null,
      ref: body.ref ?? '',
      url: body.url ?? '',
      updatedBy: actorOf(req, res),
    };
    await saveRelease(client, release);
    res.status(201).json(releaseView(release));
  });

  router.post('/projects/:id/releases/:version/finalize', write, async (req, res) => {
    const project = projectOf(projects, req, res);
    if (!project) return;
    const version = versionOf(req, res);
    if (version === undefined) return;
    const body = parse(FinalizeRelease, req.body, res);
    if (!body) return;
    const existing = await getRelease(client, project.id, version);
    if (!existing)
      return res.status(404).json({
        error: `no release ${version} in project ${project.id}: create it first with POST /api/v1/projects/${project.id}/releases`,
      });
    // Finalizing again without a date keeps the first date (the CLI may retry).
    const finalizedAt = body.finalizedAt
      ? Date.parse(body.finalizedAt)
      : (existing.finalizedAt ?? Date.now());
    const next = { ...existing, finalizedAt };
    if (next.finalizedAt !== existing.finalizedAt)
      await saveRelease(client, { ...next, updatedBy: actorOf(req, res) });
    res.json(releaseView(next));
  });

  /** Records a deploy; registers the release first if it is new. */
  router.post('/projects/:id/releases/:version/deploys', write, async (req, res) => {
    const project = projectOf(projects, req, res);
    if (!project) return;
    const version = versionOf(req, res);
    if (version === undefined) return;
    const body = parse(CreateDeploy, req.body, res);
    if (!body) return;
    const actor = actorOf(req, res);
    const now = Date.now();
    if (!(await getRelease(client, project.id, version)))
      await saveRelease(client, {
        projectId: project.id,
        version,
        createdAt: now,
        finalizedAt: null,
        ref: '',
        url: '',
        updatedBy: actor,
      });
    const deploy = await addDeploy(client, project.id, {
      release: version,
      environment: body.environment,
      name: body.name ?? '',
      url: body.url ?? '',
      startedAt: body.startedAt ? Date.parse(body.startedAt) : null,
      finishedAt: body.finishedAt ? Date.parse(body.finishedAt) : now,
      createdBy: actor,
    });
    res.status(201).json(deployView(deploy));
  });

  /** Registered releases and releases only seen in errors, newest first (src/issues/release-order.ts). */
  router.get('/projects/:id/releases', read, async (req, res) => {
    const project = projectOf(projects, req, res);
    if (!project) return;
    const q = parse(ListQuery, req.query, res, 'query parameters');
    if (!q) return;
    const known = await projectReleases(client, project.id, { withCounts: true });
    const versions = known.order.sortDescending([
      ...new Set([...known.registered.keys(), ...known.stats.keys()]),
    ]);
    const releases = versions.slice(0, q.limit).map((version) => {
      const registered = known.registered.get(version);
      const stats = known.stats.get(version);
      if (!registered) return seenReleaseView(version, stats!);
      return {
        ...releaseView(registered, { deploys: known.deploys.get(version) ?? 0 }),
        registered: true,
        ...statsView(stats),
      };
    });
    res.json({ releases });
  });

  router.get('/projects/:id/releases/:version/deploys', read, async (req, res) => {
    const project = projectOf(projects, req, res);
    if (!project) return;
    const version = versionOf(req, res);
    if (version === undefined) return;
    const q = parse(ListQuery, req.query, res, 'query parameters');
    if (!q) return;
    if (!(await getRelease(client, project.id, version)))
      return res.status(404).json({ error: `no release ${version} in project ${project.id}` });
    const deploys = await listDeploys(client, project.id, version, q.limit);
    res.json({ deploys: deploys.map(deployView) });
  });

  return router;
}
