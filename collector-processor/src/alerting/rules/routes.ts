/**
 * /api/v1/projects/:id/alert-rules: the project's effective rules (read token); API rules and
 * overrides created, replaced and deleted (write token); validate (never stores) and test (the
 * ruler's RuleTester). Thin: validate.ts checks, source.ts merges and stores. docs/alerting.md.
 */
import express from 'express';
import { answerInvalid, invalidAnswer } from '../../http/api-errors';
import { actorOf, requireToken, type Tokens } from '../../http/auth';
import { projectOf } from '../../issues/schemas';
import type { ProjectStore } from '../../projects/project-store';
import { OverrideFields, type EffectiveRule } from './merge';
import { RuleId } from './schema';
import type { AlertRules } from './source';
import { checkRule, validateDocument } from './validate';

/** PUT …/override: at least one change (rule and project come from the path). */
export const OverrideBody = OverrideFields.refine(
  (o) => Object.values(o).some((v) => v !== undefined),
  'send at least one of enabled, threshold, receivers, severity; DELETE …/override removes it',
).meta({ minProperties: 1 });

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** One rule as the API answers it (the `EffectiveAlertRule` schema of openapi.ts). */
export function ruleView(r: EffectiveRule) {
  return {
    id: r.id,
    name: r.rule.name,
    kind: r.rule.kind,
    source: r.source,
    enabled: r.rule.enabled,
    replacesFileRule: r.replacesFileRule,
    rule: r.rule,
    definition: r.definition,
    override: r.override,
    fileOverride: r.fileOverride,
    updatedAt: iso(r.updatedAt),
    updatedBy: r.updatedBy,
  };
}

export interface AlertRuleRouteDeps {
  projects: ProjectStore;
  tokens: Tokens;
  rules: AlertRules;
}

export function alertRuleRoutes({ projects, tokens, rules }: AlertRuleRouteDeps) {
  const router = express.Router();
  const read = requireToken(tokens, 'read');
  const write = requireToken(tokens, 'write');
  // Per route, not router.use: a rule file of 500 rules is over the 100 KB other routers allow,
  // and this limit must not apply to their routes.
  const json = express.json({ limit: '2mb' });
  const base = '/projects/:id/alert-rules';

  /** The project and the rule id of the path, or an answer sent. */
  function target(req: express.Request, res: express.Response) {
    const project = projectOf(projects, req, res);
    if (!project) return undefined;
    const ruleId = RuleId.safeParse(req.params.ruleId);
    if (!ruleId.success) return void answerInvalid(res, 'path', ruleId.error, ['ruleId']);
    return { projectId: project.id, ruleId: ruleId.data };
  }

  const noRule = (res: express.Response, t: { projectId: string; ruleId: string }) =>
    res.status(404).json({
      error: `no alert rule ${t.ruleId} in project ${t.projectId}: GET /api/v1/projects/${t.projectId}/alert-rules lists them`,
    });

  router.get(base, read, async (req, res) => {
    const project = projectOf(projects, req, res);
    if (!project) return;
    res.json({ project: project.id, rules: (await rules.effective(project.id)).map(ruleView) });
  });

  router.post(`${base}/validate`, read, json, (req, res) => {
    if (!projectOf(projects, req, res)) return;
    const { valid, problems, kind, rules: normalized, overrides } = validateDocument(req.body);
    res.json({ valid, problems, kind, ...(valid ? { rules: normalized, overrides } : {}) });
  });

  router.get(`${base}/:ruleId`, read, async (req, res) => {
    const t = target(req, res);
    if (!t) return;
    const found = await rules.get(t.projectId, t.ruleId);
    if (!found) return noRule(res, t);
    res.json(ruleView(found));
  });

  router.put(`${base}/:ruleId`, write, json, async (req, res) => {
    const t = target(req, res);
    if (!t) return;
    const body = (req.body ?? {}) as Record<string, unknown>;
    if (body.id !== undefined && body.id !== t.ruleId)
      return res
        .status(400)
        .json(
          invalidAnswer('request body', [
            { path: 'id', message: `must be ${t.ruleId}, the id in the path (or leave it out)` },
          ]),
        );
    const checked = checkRule({ ...body, id: t.ruleId });
    if (!checked.ok) return res.status(400).json(invalidAnswer('request body', checked.problems));
    const result = await rules.putRule(t.projectId, checked.rule, actorOf(req, res));
    const saved = await rules.get(t.projectId, t.ruleId);
    res.status(result === 'created' ? 201 : 200).json({ result, ...ruleView(saved!) });
  });

  router.delete(`${base}/:ruleId`, write, async (req, res) => {
    const t = target(req, res);
    if (!t) return;
    if (await rules.deleteRule(t.projectId, t.ruleId, actorOf(req, res))) return res.status(204).end();
    const found = await rules.get(t.projectId, t.ruleId);
    if (found?.source === 'file')
      return res.status(409).json({
        error: `alert rule ${t.ruleId} comes from the rule file, not the API: disable it for this project with PUT …/alert-rules/${t.ruleId}/override {"enabled": false}`,
      });
    noRule(res, t);
  });

  router.put(`${base}/:ruleId/override`, write, json, async (req, res) => {
    const t = target(req, res);
    if (!t) return;
    const parsed = OverrideBody.safeParse(req.body ?? {});
    if (!parsed.success) return answerInvalid(res, 'request body', parsed.error);
    const found = await rules.get(t.projectId, t.ruleId);
    if (!found) return noRule(res, t);
    if (parsed.data.threshold !== undefined && found.definition.kind !== 'threshold')
      return res.status(400).json(
        invalidAnswer('request body', [
          {
            path: 'threshold',
            message: `rule ${t.ruleId} is an event rule, which has no threshold: leave threshold out`,
          },
        ]),
      );
    const result = await rules.putOverride(t.projectId, t.ruleId, parsed.data, actorOf(req, res));
    const saved = await rules.get(t.projectId, t.ruleId);
    res.status(result === 'created' ? 201 : 200).json({ result, ...ruleView(saved!) });
  });

  router.delete(`${base}/:ruleId/override`, write, async (req, res) => {
    const t = target(req, res);
    if (!t) return;
    if (await rules.deleteOverride(t.projectId, t.ruleId, actorOf(req, res))) return res.status(204).end();
    res.status(404).json({ error: `alert rule ${t.ruleId} has no override in project ${t.projectId}` });
  });

  router.post(`${base}/:ruleId/test`, write, async (req, res) => {
    const t = target(req, res);
    if (!t) return;
    const found = await rules.get(t.projectId, t.ruleId);
    if (!found) return noRule(res, t);
    const tester = rules.tester;
    if (!tester)
      return res.status(501).json({
        error:
          'this processor has no rule evaluator wired (the ruler is not running), so rules cannot be tested here',
      });
    const now = Date.now();
    const result = await tester.test(t.projectId, found.rule, now);
    res.json({ ruleId: t.ruleId, project: t.projectId, at: new Date(now).toISOString(), result });
  });

  return router;
}
