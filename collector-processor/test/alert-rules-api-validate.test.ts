/**
 * The alert rule API's validation (rules, files, queries), its `test` endpoint, and two
 * processors' rule APIs on one store, against the real processor (embedded ClickHouse).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { alertRuleRoutes } from '../src/alerting/rules/routes';
import { createRuleSource } from '../src/alerting/rules/source';
import { api } from '../src/issues/testkit';
import type { RunningProcessor } from '../src/processor';
import { ProjectStore } from '../src/projects/project-store';
import { ADMIN_TOKEN } from './helpers/processor';
import {
  READ,
  WRITE,
  eventRule,
  rulesApi,
  rulesPath,
  startRulesProcessor,
  stopRulesProcessor,
  threshold,
  type RulesFixture,
  type View,
} from './helpers/alert-rules-api';

jest.setTimeout(120_000);

let f: RulesFixture;
let p: RunningProcessor;
let project = '';
beforeAll(async () => {
  f = await startRulesProcessor();
  ({ p, project } = f);
});
afterAll(() => stopRulesProcessor(f));
const { list, put } = rulesApi(() => f);

describe('validation', () => {
  it.each([
    ['a bad duration', threshold('v', { window: '5 mins' }), 'window', /duration/],
    [
      'an unknown query type',
      threshold('v', { query: { type: 'error_rates' } }),
      'query.type',
      /type must be one of/,
    ],
    [
      'a query field its type lacks',
      threshold('v', { query: { type: 'error_rate', metric: 'LCP' } }),
      'query.metric',
      /unknown field/,
    ],
    ['an unknown field', threshold('v', { threshhold: 3 }), 'threshhold', /unknown field/],
    ['an id unlike the path’s', threshold('other-id'), 'id', /must be v/],
  ])('PUT with %s: 400 naming the field', async (_what, body, field, message) => {
    const res = await put('v', body);
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual(
      expect.arrayContaining([{ path: field, message: expect.stringMatching(message) }]),
    );
    expect(res.body.error).toContain(field);
    expect((await api(p.url, READ, 'GET', rulesPath(project, '/v'))).status).toBe(404);
  });

  it('a bad rule id in the path: 400', async () => {
    const res = await put('Not_Valid', eventRule('x'));
    expect(res).toMatchObject({ status: 400, body: { issues: [{ path: 'ruleId' }] } });
  });

  it('validate: a file with a duplicate id and a bad query, 200 with each problem; stores nothing', async () => {
    const res = await api<{ valid: boolean; problems: Array<{ path: string; message: string }> }>(
      p.url,
      READ,
      'POST',
      rulesPath(project, '/validate'),
      {
        apiVersion: 1,
        rules: [eventRule('dup'), eventRule('dup'), threshold('q', { query: { type: 'nope' } })],
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.valid).toBe(false);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { path: 'rules.1.id', message: 'duplicate rule id dup' },
        { path: 'rules.2.query.type', message: expect.stringMatching(/type must be one of/) },
      ]),
    );
    const ok = await api<{ valid: boolean; rules: Array<{ id: string; for?: string }> }>(
      p.url,
      READ,
      'POST',
      rulesPath(project, '/validate'),
      threshold('single'),
    );
    expect(ok.body).toMatchObject({ valid: true, kind: 'rule', rules: [{ id: 'single', for: '5m' }] });
    expect((await list()).map((r) => r.id)).not.toContain('single');
  });
});

describe('test', () => {
  it('501 without a RuleTester, the tester’s result with one', async () => {
    // The project's override (threshold 12) must reach the tester: the rule as in force.
    const override = await api(p.url, WRITE, 'PUT', rulesPath(project, '/error-rate/override'), {
      threshold: 12,
    });
    expect(override.status).toBe(201);
    const saved = p.alertRules.tester;
    p.alertRules.tester = undefined;
    const none = await api<{ error: string }>(p.url, WRITE, 'POST', rulesPath(project, '/error-rate/test'));
    expect(none).toMatchObject({ status: 501, body: { error: expect.stringMatching(/no rule evaluator/) } });
    const seen: Array<[string, string, number]> = [];
    p.alertRules.tester = {
      async test(projectId, rule, now) {
        seen.push([projectId, rule.id, now]);
        return { state: 'inactive', value: rule.kind === 'threshold' ? rule.condition.threshold : null };
      },
    };
    try {
      const res = await api<{ result: unknown }>(
        p.url,
        WRITE,
        'POST',
        rulesPath(project, '/error-rate/test'),
      );
      // The rule as in force: the override's threshold (12).
      expect(res).toMatchObject({
        status: 200,
        body: { ruleId: 'error-rate', result: { state: 'inactive', value: 12 } },
      });
      expect(seen).toEqual([[project, 'error-rate', expect.any(Number)]]);
      expect((await api(p.url, WRITE, 'POST', rulesPath(project, '/nope/test'))).status).toBe(404);
    } finally {
      p.alertRules.tester = saved;
    }
  });
});

describe('two processors on one store', () => {
  it('a rule saved through one is listed by the other and in its RuleSource', async () => {
    // A second replica's rule API: its own project cache, rule source and HTTP server on the
    // first one's ClickHouse (two embedded engines cannot share one data path).
    const projects = new ProjectStore(p.store.client, { rateLimitPerSecond: 1000 });
    await projects.refresh();
    const rules = createRuleSource({ client: p.store.client, file: p.alertRules.file });
    const app = express();
    app.use(
      '/api/v1',
      alertRuleRoutes({
        projects,
        tokens: { admin: ADMIN_TOKEN, write: WRITE, read: READ, projects },
        rules,
      }),
    );
    const server = http.createServer(app);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const second = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const created = await api(
        second,
        WRITE,
        'PUT',
        rulesPath(project, '/from-second'),
        eventRule('from-second'),
      );
      expect(created.status).toBe(201);
      expect((await list()).map((r) => r.id)).toContain('from-second');
      expect((await p.alertRules.rulesFor(project)).map((r) => r.id)).toContain('from-second');
      // And back: an override through the first, seen by the second.
      await api(p.url, WRITE, 'PUT', rulesPath(project, '/from-second/override'), { severity: 'low' });
      const seen = await api<View>(second, READ, 'GET', rulesPath(project, '/from-second'));
      expect(seen.body.rule.severity).toBe('low');
      // A delete through the second wins over the first's older version.
      expect((await api(second, WRITE, 'DELETE', rulesPath(project, '/from-second'))).status).toBe(204);
      expect((await p.alertRules.rulesFor(project)).map((r) => r.id)).not.toContain('from-second');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
