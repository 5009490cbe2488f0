/**
 * POST /api/v1/projects/{id}/insights/{insightId}/acknowledge | resolve | feedback (write token).
 * Thin: applyAction decides, saveAction writes. Reading insights is the `insights` query type.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import express from 'express';
import { z } from 'zod';
import { actorOf, requireToken, type Tokens } from '../../http/auth';
import { NOT_BLANK } from '../../http/schemas';
import { parse, projectOf } from '../../issues/schemas';
import type { ProjectStore } from '../../projects/project-store';
import { applyAction, nextInsightVersion, VERDICTS, type ActionRequest, type Insight } from './insight';
import { getInsight, saveAction } from './insight-store';

const comment = z.string().trim().min(1, 'comment must not be empty').max(10_000).meta(NOT_BLANK).optional();

/** Body of acknowledge and resolve; it may be absent. */
export const InsightAction = z.object({ comment }).strict();

export const InsightFeedback = z
  .object({
    verdict: z.enum(VERDICTS, { error: `verdict is one of ${VERDICTS.join(', ')}` }),
    comment,
  })
  .strict();

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** A card as the API answers it (the `Insight` schema of src/openapi/insights.ts). */
export function insightView(i: Insight) {
  return {
    id: i.insightId,
    kind: i.kind,
    metric: i.metric,
    scope: i.scope,
    title: i.title,
    severity: i.severity,
    status: i.status,
    startedAt: iso(i.startedAt),
    detectedAt: iso(i.detectedAt),
    updatedAt: iso(i.updatedAt),
    resolvedAt: iso(i.resolvedAt),
    release: i.release || null,
    affectedSessions: i.affectedSessions,
    affectedUsers: i.affectedUsers,
    deltas: i.deltas,
    hypotheses: i.hypotheses,
    summary: i.summary,
    summarySource: i.summarySource,
    summaryPromptVersion: i.summaryPromptVersion,
    nextStep: i.nextStep,
    links: i.links,
    lastActiveAt: iso(i.lastActiveAt),
    updatedBy: i.updatedBy,
  };
}

export interface InsightRouteDeps {
  projects: ProjectStore;
  client: ClickHouseClient;
  tokens: Tokens;
}

export function insightRoutes({ projects, client, tokens }: InsightRouteDeps) {
  const router = express.Router();
  const write = requireToken(tokens, 'write');
  router.use(express.json({ limit: '100kb' }));

  async function act(req: express.Request, res: express.Response, action: ActionRequest) {
    const project = projectOf(projects, req, res);
    if (!project) return;
    const id = req.params.insightId as string;
    const current = id.length <= 200 ? await getInsight(client, project.id, id) : undefined;
    if (!current) return res.status(404).json({ error: `no insight ${id} in project ${project.id}` });
    const now = Date.now();
    const result = applyAction(current, action, {
      now,
      actor: actorOf(req, res),
      version: nextInsightVersion(now),
    });
    if ('error' in result) return res.status(result.httpStatus).json({ error: result.error });
    await saveAction(client, result.feedback, project.retentionDays, result.next);
    res.json(insightView(result.next ?? current));
  }

  router.post('/projects/:id/insights/:insightId/acknowledge', write, async (req, res) => {
    const body = parse(InsightAction, req.body, res);
    if (body) await act(req, res, { action: 'acknowledge', comment: body.comment });
  });

  router.post('/projects/:id/insights/:insightId/resolve', write, async (req, res) => {
    const body = parse(InsightAction, req.body, res);
    if (body) await act(req, res, { action: 'resolve', comment: body.comment });
  });

  router.post('/projects/:id/insights/:insightId/feedback', write, async (req, res) => {
    const body = parse(InsightFeedback, req.body, res);
    if (body) await act(req, res, { action: 'feedback', verdict: body.verdict, comment: body.comment });
  });

  return router;
}
