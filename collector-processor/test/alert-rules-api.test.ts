/**
 * The alert rule store and REST API against the real processor (embedded ClickHouse): file rules
 * from PULSETRACE_ALERT_RULES_FILE, API rules and overrides saved, replaced, listed and deleted,
 * and the RuleSource the ruler reads. Validation, `test` and two processors on one store:
 * alert-rules-api-validate.test.ts.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRuleSource } from '../src/alerting/rules/source';
import { api } from '../src/issues/testkit';
import type { RunningProcessor } from '../src/processor';
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
import { ADMIN_TOKEN, startTestProcessor } from './helpers/processor';

jest.setTimeout(120_000);

let f: RulesFixture;
let p: RunningProcessor;
let project = '';
let other = '';
beforeAll(async () => {
  f = await startRulesProcessor();
  ({ p, project, other } = f);
});
afterAll(() => stopRulesProcessor(f));
const { list, put } = rulesApi(() => f);

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
    const bad = path.join(f.dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ apiVersion: 1, rules: [threshold('x', { for: '5 minutes' })] }));
    await expect(startTestProcessor({ PULSETRACE_ALERT_RULES_FILE: bad })).rejects.toThrow(
      /PULSETRACE_ALERT_RULES_FILE .*bad\.json is not a valid rule file: rules\.0\.for: a duration is a number and a unit.*pulsetrace alerts validate/,
    );
    const missing = path.join(f.dir, 'missing.yaml');
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
