/**
 * Regrouping a project's stored errors (docs/grouping.md "Recomputing"): POST starts a regroup
 * (or a dry run that only counts) and answers 202 with where to follow it; GET shows its
 * progress and, when done, what moved. Admin token: a regroup rewrites stored errors and merges
 * issues, which cannot be undone by another regroup once rules changed again. In the cluster
 * schema mode a regroup (not a dry run) is refused with 501 and what to do (regroup.ts).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import express from 'express';
import type { Logger } from 'pino';
import { badRequest } from '../http/admin-routes';
import { actorOf, requireToken, type Tokens } from '../http/auth';
import type { ProjectStore } from '../projects/project-store';
import { projectOf, RegroupRequest } from './schemas';
import { RegroupService, type RegroupJob } from './regroup';

function regroupView(j: RegroupJob) {
  return {
    ...j,
    startedAt: new Date(j.startedAt).toISOString(),
    finishedAt: j.finishedAt === null ? null : new Date(j.finishedAt).toISOString(),
    error: j.error || null,
  };
}

export function regroupRoutes(deps: {
  projects: ProjectStore;
  client: ClickHouseClient;
  tokens: Tokens;
  log?: Logger;
}) {
  const router = express.Router();
  const admin = requireToken(deps.tokens, 'admin');
  const service = new RegroupService(deps.client, deps.log);

  router.post('/projects/:id/regroup', admin, express.json({ limit: '1kb' }), async (req, res) => {
    const project = projectOf(deps.projects, req, res);
    if (!project) return;
    const parsed = RegroupRequest.safeParse(req.body ?? {});
    if (!parsed.success) return badRequest(res, parsed.error);
    // The cluster schema mode: refused up front, with what to do instead (regroup.ts).
    const unsupported = parsed.data.dryRun ? undefined : await service.unsupported();
    if (unsupported) return res.status(501).json({ error: unsupported });
    const settings = { groupingRules: project.settings?.groupingRules };
    const job = service.start(project.id, settings, parsed.data.dryRun, actorOf(req, res));
    const statusUrl = `/api/v1/projects/${encodeURIComponent(project.id)}/regroups/${job.id}`;
    res
      .status(202)
      .location(statusUrl)
      .json({ ...regroupView(job), statusUrl });
  });

  router.get('/projects/:id/regroups/:regroup', admin, (req, res) => {
    const project = projectOf(deps.projects, req, res);
    if (!project) return;
    const job = service.get(project.id, req.params.regroup as string);
    if (!job)
      return res.status(404).json({
        error: `no regroup ${req.params.regroup} in project ${project.id} (jobs are kept until the processor restarts)`,
      });
    res.json(regroupView(job));
  });
  return router;
}
