/**
 * `pulsetrace alerts validate | apply | list | test` (the real CLI, a child process) against a real
 * processor on its embedded ClickHouse, whose own rule file holds one built-in rule.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api } from '../../collector-processor/src/issues/testkit';
import type { RunningProcessor } from '../../collector-processor/src/processor';
import { createProject, startTestProcessor } from '../../collector-processor/test/helpers/processor';
import { runCli } from './helpers/cli';

jest.setTimeout(180_000);

const READ = 'cli-read-token';
const WRITE = 'cli-write-token';

let p: RunningProcessor;
let dir: string;
let project = '';
let projectName = '';

const rulesYaml = (threshold: number, extraRule = true) =>
  [
    'apiVersion: 1',
    'rules:',
    '  - kind: threshold',
    '    id: checkout-errors',
    '    name: Checkout error rate',
    '    annotations: { summary: "Checkout errors at {{ $value }}" }',
    '    query: { type: error_rate, filters: { route: /checkout } }',
    `    condition: { op: ">", threshold: ${threshold} }`,
    ...(extraRule
      ? [
          '  - kind: event',
          '    id: new-issue-mine',
          '    name: New issue',
          '    annotations: { summary: New issue }',
          '    event: issue.new',
        ]
      : []),
    'overrides:',
    `  - { rule: checkout-errors, project: ${projectName}, severity: high }`,
    '',
  ].join('\n');

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

const env = (token = WRITE) => ({
  PULSETRACE_URL: p.url,
  PULSETRACE_TOKEN: token,
  PULSETRACE_PROJECT: projectName,
});

async function stored() {
  const res = await api<{
    rules: Array<{
      id: string;
      source: string;
      rule: { severity: string; condition?: { threshold: number } };
    }>;
  }>(p.url, READ, 'GET', `/projects/${project}/alert-rules`);
  return res.body.rules;
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-cli-alerts-'));
  const builtins = write(
    'builtins.json',
    JSON.stringify({
      apiVersion: 1,
      rules: [
        {
          kind: 'event',
          id: 'builtin-new-issue',
          name: 'New issue',
          annotations: { summary: 'x' },
          event: 'issue.new',
        },
      ],
    }),
  );
  p = await startTestProcessor({
    PULSETRACE_READ_TOKEN: READ,
    PULSETRACE_WRITE_TOKEN: WRITE,
    PULSETRACE_ALERT_RULES_FILE: builtins,
  });
  projectName = `alerts-cli-${Date.now()}`;
  project = (await createProject(p.url, { name: projectName, allowedOrigins: ['http://localhost'] })).id;
});
afterAll(async () => {
  await p?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('validate', () => {
  it('a valid YAML file and a valid JSON rule: exit 0', async () => {
    const yaml = write('ok.yaml', rulesYaml(5));
    const single = write(
      'one.json',
      JSON.stringify({
        kind: 'event',
        id: 'x',
        name: 'x',
        annotations: { summary: 'x' },
        event: 'issue.woke',
      }),
    );
    const r = await runCli(['alerts', 'validate', yaml, single], env(READ));
    expect(r).toMatchObject({ code: 0 });
    expect(r.stdout).toContain(`${yaml}: valid (2 rule(s), 1 override(s))`);
    expect(r.stdout).toContain(`${single}: valid (1 rule(s), 0 override(s))`);
  });

  it('problems: non-zero exit, each with its file, path and message', async () => {
    const bad = write(
      'bad.yaml',
      rulesYaml(5)
        .replace('event: issue.new', 'event: issue.new\n    for: 5m')
        .replace('type: error_rate', 'type: error_rates'),
    );
    const r = await runCli(['alerts', 'validate', bad], env(READ));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${bad}: rules.1.for: unknown field (remove it, or check its spelling)`);
    expect(r.stdout).toMatch(
      new RegExp(`${bad}: rules\\.0\\.query\\.type: type must be one of .*error_rate`),
    );
    expect(r.stderr).toMatch(/1 of 1 file\(s\) invalid/);
    const json = await runCli(['alerts', 'validate', '--json', bad], env(READ));
    expect(JSON.parse(json.stdout)[0]).toMatchObject({
      valid: false,
      problems: expect.arrayContaining([{ path: 'rules.1.for', message: expect.any(String) }]),
    });
  });

  it('a file that is not YAML, or missing: says so', async () => {
    const broken = write('broken.yaml', 'rules: [unclosed\n');
    const r = await runCli(['alerts', 'validate', broken], env(READ));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/broken\.yaml is not valid YAML/);
    const missing = await runCli(['alerts', 'validate', path.join(dir, 'nope.yaml')], env(READ));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read .*nope\.yaml \(ENOENT\)/);
  });
});

describe('apply', () => {
  it('--dry-run prints the plan and changes nothing', async () => {
    const file = write('rules.yaml', rulesYaml(5));
    const r = await runCli(['alerts', 'apply', file, '--dry-run'], env());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/would create\s+rule\s+checkout-errors/);
    expect(r.stdout).toMatch(/would create\s+override\s+checkout-errors/);
    expect(r.stdout).toContain('dry run: 3 created, 0 updated, 0 unchanged, 0 deleted');
    expect((await stored()).map((x) => x.id)).toEqual(['builtin-new-issue']);
  });

  it('creates, then finds it unchanged, then updates, then prunes', async () => {
    const file = write('rules.yaml', rulesYaml(5));
    const first = await runCli(['alerts', 'apply', file], env());
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('3 created, 0 updated, 0 unchanged, 0 deleted');
    const after = await stored();
    expect(after.map((x) => [x.id, x.source])).toEqual([
      ['builtin-new-issue', 'file'],
      ['checkout-errors', 'api'],
      ['new-issue-mine', 'api'],
    ]);
    expect(after[1]!.rule).toMatchObject({ severity: 'high', condition: { threshold: 5 } });

    const again = await runCli(['alerts', 'apply', file], env());
    expect(again.stdout).toContain('0 created, 0 updated, 3 unchanged, 0 deleted');

    write('rules.yaml', rulesYaml(8, false));
    const kept = await runCli(['alerts', 'apply', file, '--json'], env());
    expect(JSON.parse(kept.stdout).plan).toEqual([
      { kind: 'rule', id: 'checkout-errors', action: 'update' },
      { kind: 'override', id: 'checkout-errors', action: 'unchanged' },
    ]);
    expect((await stored()).map((x) => x.id)).toContain('new-issue-mine');

    const pruned = await runCli(['alerts', 'apply', file, '--prune'], env());
    expect(pruned.stdout).toMatch(/deleted\s+rule\s+new-issue-mine/);
    expect(pruned.stdout).toContain('0 created, 0 updated, 2 unchanged, 1 deleted');
    const last = await stored();
    // The processor's own file rule is never pruned.
    expect(last.map((x) => x.id)).toEqual(['builtin-new-issue', 'checkout-errors']);
    expect(last[1]!.rule.condition!.threshold).toBe(8);
  });

  it('an invalid file applies nothing; a read token cannot apply', async () => {
    const bad = write('bad-apply.yaml', rulesYaml(5).replace('op: ">"', 'op: "!="'));
    const r = await runCli(['alerts', 'apply', bad], env());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/not a valid rule file; nothing was applied:\n.*rules\.0\.condition\.op/);
    const ro = await runCli(
      ['alerts', 'apply', write('new.yaml', rulesYaml(5).replaceAll('checkout-errors', 'other'))],
      env(READ),
    );
    expect(ro.code).toBe(1);
    expect(ro.stderr).toMatch(/token was refused for PUT .*PULSETRACE_WRITE_TOKEN/);
  });
});

describe('list and test', () => {
  it('list: a table with source and overrides, and --json', async () => {
    const r = await runCli(['alerts', 'list'], env(READ));
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ID\s+KIND\s+SOURCE\s+ENABLED\s+SEVERITY\s+OVERRIDE\s+NAME/);
    expect(r.stdout).toMatch(/builtin-new-issue\s+event\s+file\s+yes\s+medium\s+-\s+New issue/);
    expect(r.stdout).toMatch(/checkout-errors\s+threshold\s+api\s+yes\s+high\s+api\s+Checkout error rate/);
    const json = JSON.parse((await runCli(['alerts', 'list', '--json'], env(READ))).stdout);
    expect(json).toMatchObject({
      project,
      rules: expect.arrayContaining([expect.objectContaining({ id: 'checkout-errors' })]),
    });
  });

  it('test: the tester’s result; without one, what is missing', async () => {
    const saved = p.alertRules.tester;
    p.alertRules.tester = undefined;
    try {
      const none = await runCli(['alerts', 'test', 'checkout-errors'], env());
      expect(none.code).toBe(1);
      expect(none.stderr).toMatch(/HTTP 501: this processor has no rule evaluator/);
      p.alertRules.tester = {
        test: async (_project, rule) => ({ state: 'inactive', rule: rule.id, severity: rule.severity }),
      };
      const r = await runCli(['alerts', 'test', 'checkout-errors', '--json'], env());
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({
        ruleId: 'checkout-errors',
        project,
        result: { state: 'inactive', rule: 'checkout-errors', severity: 'high' },
      });
      const missing = await runCli(['alerts', 'test', 'nope'], env());
      expect(missing.code).toBe(1);
      expect(missing.stderr).toMatch(/no alert rule nope/);
    } finally {
      p.alertRules.tester = saved;
    }
  });

  it('no project: says how to give one', async () => {
    const r = await runCli(['alerts', 'list'], { PULSETRACE_URL: p.url, PULSETRACE_TOKEN: READ });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no project: pass --project/);
  });
});
