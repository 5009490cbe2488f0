/**
 * Receivers and deliveries (docs/alerting.md "Receivers and delivery"): thin handlers over
 * ReceiverStore and ClickHouseOutbox. Reads need a read token, changes and test sends a write
 * token. Answers never carry a secret (receiver-view.ts).
 */
import crypto from 'node:crypto';
import express from 'express';
import { z } from 'zod';
import { answerInvalid } from '../../http/api-errors';
import { actorOf, requireToken, type Tokens } from '../../http/auth';
import { parse, projectOf } from '../../issues/schemas';
import type { ProjectStore } from '../../projects/project-store';
import { ReceiverName } from '../rules/schema';
import type { Notification } from '../types';
import type { AlertmanagerActive } from './am-active';
import { sendNow } from './delivery-loop';
import { iso } from './format';
import { DELIVERY_STATES, type AttemptRow, type ClickHouseOutbox, type OutboxRow } from './outbox';
import { mergeReceiver, ReceiverBody, receiverView } from './receiver-view';
import type { ReceiverStore } from './receiver-store';

export const DefaultReceiversBody = z.object({ receivers: z.array(ReceiverName).max(20) }).strict();

export const DeliveriesQuery = z
  .object({
    state: z.enum(DELIVERY_STATES, { error: `state is one of ${DELIVERY_STATES.join(', ')}` }).optional(),
    receiver: ReceiverName.optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  })
  .strict();

export function deliveryView(o: OutboxRow) {
  return {
    key: o.key,
    receiver: o.receiver,
    status: o.status,
    state: o.state,
    attempts: o.attempts,
    createdAt: iso(o.createdAt),
    updatedAt: iso(o.updatedAt),
    nextAttemptAt: o.state === 'pending' ? iso(o.nextAttemptAt) : null,
    lastStatus: o.lastStatus,
    lastError: o.lastError || null,
    alerts: o.notification.alerts.map((a) => ({
      ruleId: a.ruleId,
      ruleName: a.ruleName,
      fingerprint: a.fingerprint,
      labels: a.labels,
    })),
  };
}

export const attemptView = (a: AttemptRow) => ({
  attempt: a.attempt,
  at: iso(a.at),
  ok: a.ok,
  httpStatus: a.httpStatus,
  error: a.error || null,
  durationMs: a.durationMs,
  nextDelayMs: a.nextDelayMs,
});

export interface NotifyRouteDeps {
  projects: ProjectStore;
  tokens: Tokens;
  receivers: ReceiverStore;
  outbox: ClickHouseOutbox;
  active: AlertmanagerActive;
}

export function notifyRoutes({ projects, tokens, receivers, outbox, active }: NotifyRouteDeps) {
  const router = express.Router();
  const read = requireToken(tokens, 'read');
  const write = requireToken(tokens, 'write');
  // Per route, not router.use: other /api/v1 requests pass through this router untouched.
  const json = express.json({ limit: '100kb' });

  /** The receiver name of the path, or a 400 answered. */
  const nameOf = (req: express.Request, res: express.Response) =>
    parse(z.object({ name: ReceiverName }), { name: req.params.name }, res, 'path')?.name;

  router.get('/projects/:id/receivers', read, async (req, res) => {
    const project = projectOf(projects, req, res);
    if (!project) return;
    const [list, defaults] = await Promise.all([
      receivers.receivers(project.id),
      receivers.defaultReceivers(project.id),
    ]);
    res.json({ receivers: list.map(receiverView), defaultReceivers: defaults });
  });

  router.get('/projects/:id/receivers/:name', read, async (req, res) => {
    const project = projectOf(projects, req, res);
    const name = project && nameOf(req, res);
    if (!project || !name) return;
    const r = await receivers.get(project.id, name);
    if (!r) return res.status(404).json({ error: `no receiver ${name} in project ${project.id}` });
    res.json(receiverView(r));
  });

  router.put('/projects/:id/receivers/:name', write, json, async (req, res) => {
    const project = projectOf(projects, req, res);
    const name = project && nameOf(req, res);
    if (!project || !name) return;
    const body = parse(ReceiverBody, req.body, res);
    if (!body) return;
    const stored = await receivers.get(project.id, name);
    const merged = mergeReceiver(name, req.body as Record<string, unknown>, stored);
    if ('error' in merged) return res.status(400).json({ error: merged.error });
    if ('issues' in merged) return answerInvalid(res, 'receiver', merged.issues);
    await receivers.put(project.id, merged.receiver, actorOf(req, res));
    res.status(stored ? 200 : 201).json(receiverView(merged.receiver));
  });

  router.delete('/projects/:id/receivers/:name', write, async (req, res) => {
    const project = projectOf(projects, req, res);
    const name = project && nameOf(req, res);
    if (!project || !name) return;
    if (!(await receivers.delete(project.id, name, actorOf(req, res))))
      return res.status(404).json({ error: `no receiver ${name} in project ${project.id}` });
    await active.forget(project.id, name);
    res.status(204).end();
  });

  router.post('/projects/:id/receivers/:name/test', write, json, async (req, res) => {
    const project = projectOf(projects, req, res);
    const name = project && nameOf(req, res);
    if (!project || !name) return;
    const receiver = await receivers.get(project.id, name);
    if (!receiver) return res.status(404).json({ error: `no receiver ${name} in project ${project.id}` });
    const now = Date.now();
    const n: Notification = {
      key: `test:${crypto.randomUUID()}`,
      receiver: name,
      status: 'test',
      alerts: [],
      createdAt: now,
    };
    const result = await sendNow(receiver, n, AbortSignal.timeout(15_000));
    await outbox.recordAttempt({
      projectId: project.id,
      key: n.key,
      receiver: name,
      attempt: 1,
      at: now,
      ok: result.ok,
      httpStatus: result.status ?? null,
      error: result.error ?? '',
      durationMs: result.durationMs,
      nextDelayMs: null,
      leaseTerm: 0,
    });
    res.json({
      key: n.key,
      receiver: name,
      ok: result.ok,
      httpStatus: result.status ?? null,
      error: result.error ?? null,
      durationMs: Math.round(result.durationMs),
    });
  });

  router.get('/projects/:id/default-receivers', read, async (req, res) => {
    const project = projectOf(projects, req, res);
    if (!project) return;
    res.json({ receivers: await receivers.defaultReceivers(project.id) });
  });

  router.put('/projects/:id/default-receivers', write, json, async (req, res) => {
    const project = projectOf(projects, req, res);
    const body = project && parse(DefaultReceiversBody, req.body, res);
    if (!project || !body) return;
    const known = new Set((await receivers.receivers(project.id)).map((r) => r.name));
    const unknown = body.receivers.filter((n) => !known.has(n));
    if (unknown.length)
      return res.status(400).json({
        error: `no receiver ${unknown.join(', ')} in project ${project.id}: create it with PUT /api/v1/projects/${project.id}/receivers/<name> first`,
      });
    await receivers.setDefaultReceivers(project.id, [...new Set(body.receivers)], actorOf(req, res));
    res.json({ receivers: [...new Set(body.receivers)] });
  });

  router.get('/projects/:id/alert-deliveries', read, async (req, res) => {
    const project = projectOf(projects, req, res);
    const q = project && parse(DeliveriesQuery, req.query, res, 'query parameters');
    if (!project || !q) return;
    const rows = await outbox.list(project.id, q);
    res.json({ deliveries: rows.map(deliveryView) });
  });

  router.get('/projects/:id/alert-deliveries/:key', read, async (req, res) => {
    const project = projectOf(projects, req, res);
    if (!project) return;
    const key = String(req.params.key);
    const row = key.length <= 1000 ? await outbox.get(project.id, key) : undefined;
    if (!row) return res.status(404).json({ error: `no notification ${key} in project ${project.id}` });
    res.json({ ...deliveryView(row), attemptLog: (await outbox.attempts(project.id, key)).map(attemptView) });
  });

  return router;
}
