/**
 * POST / GET / DELETE /api/v1/projects/:id/silences (write token to change, read to list). Thin:
 * the body through `SilenceInput`, the store in silence-store.ts. A silenced alert is recorded in
 * the history but not notified (docs/alerting.md "Silences").
 */
import type { ClickHouseClient } from '@clickhouse/client';
import express from 'express';
import { z } from 'zod';
import { actorOf, requireToken, type Tokens } from '../../http/auth';
import { parse, projectOf } from '../../issues/schemas';
import type { ProjectStore } from '../../projects/project-store';
import { SilenceInput, silenceView } from './silence';
import { createSilence, deleteSilence, listSilences } from './silence-store';

export interface SilenceRouteDeps {
  projects: ProjectStore;
  client: ClickHouseClient;
  tokens: Tokens;
}

/** GET's query: expired silences are left out unless asked for. */
export const SilenceListQuery = z
  .object({ expired: z.enum(['true', 'false'], { error: 'expired is true or false' }).default('false') })
  .strict();

/** Longest a silence may last: one made by mistake must not hide alerts for ever. */
export const MAX_SILENCE_MS = 366 * 86400_000;

export function silenceRoutes({ projects, client, tokens }: SilenceRouteDeps) {
  const router = express.Router();
  router.use('/projects/:id/silences', express.json({ limit: '64kb' }));

  router.post('/projects/:id/silences', requireToken(tokens, 'write'), async (req, res) => {
    const project = projectOf(projects, req, res);
    if (!project) return;
    const body = parse(SilenceInput, req.body, res);
    if (!body) return;
    const now = Date.now();
    const startsAt = body.startsAt ? Date.parse(body.startsAt) : now;
    const endsAt = Date.parse(body.endsAt);
    if (endsAt <= Math.max(startsAt, now))
      return res
        .status(400)
        .json({ error: 'endsAt must be in the future and after startsAt, e.g. two hours from now' });
    if (endsAt - startsAt > MAX_SILENCE_MS)
      return res.status(400).json({ error: 'a silence lasts at most 366 days: set an earlier endsAt' });
    const silence = await createSilence(
      client,
      {
        projectId: project.id,
        matchers: body.matchers,
        startsAt,
        endsAt,
        createdBy: actorOf(req, res),
        comment: body.comment,
      },
      now,
    );
    res.status(201).json(silenceView(silence, now));
  });

  router.get('/projects/:id/silences', requireToken(tokens, 'read'), async (req, res) => {
    const project = projectOf(projects, req, res);
    if (!project) return;
    const q = parse(SilenceListQuery, req.query, res, 'query parameters');
    if (!q) return;
    const now = Date.now();
    const list = await listSilences(client, project.id, q.expired === 'true' ? 0 : now);
    res.json({ silences: list.map((s) => silenceView(s, now)) });
  });

  router.delete('/projects/:id/silences/:silenceId', requireToken(tokens, 'write'), async (req, res) => {
    const project = projectOf(projects, req, res);
    if (!project) return;
    const id = String(req.params.silenceId);
    if (!(await deleteSilence(client, project.id, id, Date.now())))
      return res
        .status(404)
        .json({ error: `no silence ${id} in project ${project.id}: GET …/silences lists them` });
    res.status(204).end();
  });

  return router;
}
