/**
 * The alert rule store and REST API against the real processor (embedded ClickHouse): file rules
 * from PULSETRACE_ALERT_RULES_FILE, API rules and overrides saved, replaced, listed and deleted,
 * validation, the RuleSource the ruler reads, and two processors' rule APIs on one store.
 */
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import express from 'express';
import { alertRuleRoutes } from '../src/alerting/rules/routes';
import { createRuleSource } from '../src/alerting/rules/source';
import { api } from '../src/issues/testkit';
import type { RunningProcessor } from '../src/processor';
import { ProjectStore } from '../src/projects/project-store';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';

jest.setTimeout(120_000);

const READ = 'test-read-token';
const WRITE = 'test-write-token';

const threshold = (id: string, extra: Record<string, unknown> = {}) => ({
  kind: 'threshold',
  id,
  name: `Rule ${id}`,
  annotations: { summary: `${id} fired` },
  query: { type: 'error_rate' },
  condition: { op: '>', threshold: 5 },
  ...extra,
});
const eventRule = (id: string, extra: Record<string, unknown> = {}) => ({
  kind: 'event',
  id,
  name: `Rule ${id}`,
  annotations: { summary: `${id} fired` },
  event: 'issue.new',
  ...extra,
});

let dir: string;
let p: RunningProcessor;
let project = '';
let other = '';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-rules-'));
  const file = path.join(dir, 'rules.yaml');
  // The other project's id is not known before start: its override names a fixed id.
  fs.writeFileSync(
    file,
    [
      'apiVersion: 1',
      'rules:',
      '  - kind: event',
      '    id: new-issue',
      '    name: New issue',
      '    annotations: { summary: "New issue {{ $labels.title }}" }',
      '    event: issue.new',
      '  - kind: threshold',
      '    id: error-rate',
      '    name: Error rate',
      '    annotations: { summary: Error rate high }',
      '    query: { type: error_rate, per: session }',
      '    condition: { op: ">", threshold: 5 }',
      '  - kind: threshold',
      '    id: only-elsewhere',
      '    name: Another project’s',
      '    projects: [someone-else]',
      '    annotations: { summary: x }',
      '    query: { type: error_rate }',
      '    condition: { op: ">", threshold: 1 }',
      'overrides:',
      '  - { rule: new-issue, project: someone-else, enabled: false }',
      '',
    ].join('\n'),
  );
  p = await startTestProcessor({
    PULSETRACE_READ_TOKEN: READ,
    PULSETRACE_WRITE_TOKEN: WRITE,
    PULSETRACE_ALERT_RULES_FILE: file,
  });
  project = (await createProject(p.url)).id;
  other = (await createProject(p.url)).id;
});
afterAll(async () => {
  await p?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

type View = {
  id: string;
  source: string;
  enabled: boolean;
  replacesFileRule: boolean;
  rule: Record<string, unknown> & { condition?: { threshold: number }; severity: string };
  definition: Record<string, unknown> & { condition?: { threshold: number } };
  override: Record<string, unknown> | null;
  result?: string;
  updatedBy: string | null;
};
const rulesPath = (proj: string, rest = '') => `/projects/${proj}/alert-rules${rest}`;
const list = async (proj = project, token = READ) =>
  (await api<{ project: string; rules: View[] }>(p.url, token, 'GET', rulesPath(proj))).body.rules;
const put = (id: string, body: unknown, proj = project) =>
  api<View & { error?: string; issues?: unknown[] }>(p.url, WRITE, 'PUT', rulesPath(proj, `/${id}`), body);

describe('file rules (PULSETRACE_ALERT_RULES_FILE, YAML)', () => {
  it('are listed for the projects they match, with defaults applied', async () => {
    const rules = await list();
    expect(rules.map((r) => [r.id, r.source])).toEqual([
      ['error-rate', 'file'],
      ['new-issue', 'file'],
    ]);
    expect(rules[0]!.rule).toMatchObject({
      window: '5m',
      for: '5m',
      query: { type: 'error_rate', per: 'session' },
    });
    expect(await p.alertRules.rulesFor(project)).toHaveLength(2);
  });

  it('a bad file stops the start, naming the field and what to fix', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ apiVersion: 1, rules: [threshold('x', { for: '5 minutes' })] }));
    await expect(startTestProcessor({ PULSETRACE_ALERT_RULES_FILE: bad })).rejects.toThrow(
      /PULSETRACE_ALERT_RULES_FILE .*bad\.json is not a valid rule file: rules\.0\.for: a duration is a number and a unit.*pulsetrace alerts validate/,
    );
    const missing = path.join(dir, 'missing.yaml');
    await expect(startTestProcessor({ PULSETRACE_ALERT_RULES_FILE: missing })).rejects.toThrow(
      /cannot be read \(ENOENT\)/,
    );
  });
});

describe('API rules', () => {
  it('create (201), unchanged (200, nothing written), replace (200)', async () => {
    const created = await put('checkout-errors', threshold('checkout-errors'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      result: 'created',
      source: 'api',
      updatedBy: 'write-token',
      rule: { projects: [project] },
    });
    const again = await put('checkout-errors', threshold('checkout-errors'));
    expect(again).toMatchObject({ status: 200, body: { result: 'unchanged' } });
    const replaced = await put(
      'checkout-errors',
      threshold('checkout-errors', { condition: { op: '>=', threshold: 7 } }),
    );
    expect(replaced).toMatchObject({
      status: 200,
      body: { result: 'updated', rule: { condition: { op: '>=', threshold: 7 } } },
    });
    const versions = await p.store.client.query({
      query: 'SELECT count() AS n FROM alert_rules WHERE project_id = {p:String} AND rule_id = {r:String}',
      query_params: { p: project, r: 'checkout-errors' },
      format: 'JSONEachRow',
    });
    expect(Number((await versions.json<{ n: string }>())[0]!.n)).toBe(2);
    const got = await api<View>(p.url, READ, 'GET', rulesPath(project, '/checkout-errors'));
    expect(got.body.rule.condition!.threshold).toBe(7);
    // Another project does not see it.
    expect((await list(other)).map((r) => r.id)).not.toContain('checkout-errors');
  });

  it('an API rule with a file rule’s id replaces it for that project only', async () => {
    const res = await put('error-rate', threshold('error-rate', { condition: { op: '>', threshold: 50 } }));
    expect(res.body).toMatchObject({ source: 'api', replacesFileRule: true });
    const rules = await p.alertRules.rulesFor(project);
    expect(rules.filter((r) => r.id === 'error-rate')).toEqual([
      expect.objectContaining({ condition: { op: '>', threshold: 50 } }),
    ]);
    expect((await list(other)).find((r) => r.id === 'error-rate')).toMatchObject({ source: 'file' });
    // Deleting it brings the file's back.
    expect((await api(p.url, WRITE, 'DELETE', rulesPath(project, '/error-rate'))).status).toBe(204);
    expect((await list()).find((r) => r.id === 'error-rate')).toMatchObject({
      source: 'file',
      rule: { condition: { threshold: 5 } },
    });
  });

  it('delete: 204, then gone from the list and the RuleSource; a file rule is 409; unknown 404', async () => {
    await put('to-delete', eventRule('to-delete'));
    expect((await p.alertRules.rulesFor(project)).map((r) => r.id)).toContain('to-delete');
    expect((await api(p.url, WRITE, 'DELETE', rulesPath(project, '/to-delete'))).status).toBe(204);
    expect((await list()).map((r) => r.id)).not.toContain('to-delete');
    expect((await p.alertRules.rulesFor(project)).map((r) => r.id)).not.toContain('to-delete');
    expect((await api(p.url, WRITE, 'DELETE', rulesPath(project, '/to-delete'))).status).toBe(404);
    const file = await api<{ error: string }>(p.url, WRITE, 'DELETE', rulesPath(project, '/new-issue'));
    expect(file).toMatchObject({
      status: 409,
      body: { error: expect.stringMatching(/override .*"enabled": false/) },
    });
    // Saved again after a delete: created anew.
    expect((await put('to-delete', eventRule('to-delete'))).status).toBe(201);
  });

  it('auth: read token reads, write token changes', async () => {
    expect((await api(p.url, READ, 'PUT', rulesPath(project, '/x'), eventRule('x'))).status).toBe(403);
    expect((await api(p.url, READ, 'DELETE', rulesPath(project, '/new-issue/override'))).status).toBe(403);
    expect((await api(p.url, undefined, 'GET', rulesPath(project))).status).toBe(401);
    expect((await api(p.url, READ, 'GET', rulesPath('no-such-project'))).status).toBe(404);
    expect(
      (await api(p.url, ADMIN_TOKEN, 'PUT', rulesPath(project, '/by-admin'), eventRule('by-admin'))).status,
    ).toBe(201);
  });
});

describe('overrides', () => {
  it('disable, threshold, receivers, severity: listed with the rule and applied in the RuleSource', async () => {
    const res = await api<View>(p.url, WRITE, 'PUT', rulesPath(project, '/error-rate/override'), {
      threshold: 12,
      receivers: ['oncall'],
      severity: 'critical',
    });
    expect(res).toMatchObject({ status: 201, body: { result: 'created', override: { threshold: 12 } } });
    const listed = (await list()).find((r) => r.id === 'error-rate')!;
    expect(listed).toMatchObject({
      source: 'file',
      rule: { condition: { threshold: 12 }, receivers: ['oncall'], severity: 'critical' },
      definition: { condition: { threshold: 5 }, receivers: [], severity: 'medium' },
      override: { threshold: 12, receivers: ['oncall'], severity: 'critical' },
    });
    await api(p.url, WRITE, 'PUT', rulesPath(project, '/new-issue/override'), { enabled: false });
    const inForce = await p.alertRules.rulesFor(project);
    expect(inForce.map((r) => r.id)).not.toContain('new-issue');
    expect(inForce.find((r) => r.id === 'error-rate')).toMatchObject({
      condition: { threshold: 12 },
      severity: 'critical',
    });
    // Listed, disabled.
    expect((await list()).find((r) => r.id === 'new-issue')).toMatchObject({ enabled: false });
    // Removed: the rule as defined again.
    expect((await api(p.url, WRITE, 'DELETE', rulesPath(project, '/new-issue/override'))).status).toBe(204);
    expect((await p.alertRules.rulesFor(project)).map((r) => r.id)).toContain('new-issue');
    expect((await api(p.url, WRITE, 'DELETE', rulesPath(project, '/new-issue/override'))).status).toBe(404);
  });

  it('the file’s overrides apply to the project they name', async () => {
    const inForce = await createRuleSource({ client: p.store.client, file: p.alertRules.file }).rulesFor(
      'someone-else',
    );
    expect(inForce.map((r) => r.id)).toEqual(['error-rate', 'only-elsewhere']);
  });

  it.each([
    ['a threshold on an event rule', 'new-issue', { threshold: 3 }, 'threshold', /event rule/],
    ['nothing to change', 'error-rate', {}, '', /at least one of/],
    ['an unknown field', 'error-rate', { disabled: true }, 'disabled', /unknown field/],
    ['a bad severity', 'error-rate', { severity: 'huge' }, 'severity', /expected one of/],
  ])('400 for %s', async (_what, rule, body, field, message) => {
    const res = await api<{ issues: Array<{ path: string; message: string }> }>(
      p.url,
      WRITE,
      'PUT',
      rulesPath(project, `/${rule}/override`),
      body,
    );
    expect(res.status).toBe(400);
    expect(res.body.issues).toEqual(
      expect.arrayContaining([{ path: field, message: expect.stringMatching(message) }]),
    );
  });

  it('404 for a rule the project does not have', async () => {
    expect(
      (await api(p.url, WRITE, 'PUT', rulesPath(project, '/only-elsewhere/override'), { enabled: false }))
        .status,
    ).toBe(404);
  });
});

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
