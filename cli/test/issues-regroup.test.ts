/**
 * `pulsetrace issues regroup` (the real CLI, a child process) against a real processor on its
 * embedded ClickHouse: errors stored by fingerprint v1, which split one PaymentError into a
 * Chromium issue and a Firefox issue, are regrouped into one v2 issue; a dry run changes nothing.
 */
import { computeFingerprint, FINGERPRINT_VERSION } from '../../collector-processor/src/fingerprint';
import { api } from '../../collector-processor/src/issues/testkit';
import { parseFrames } from '../../collector-processor/src/pipeline/map/errors';
import type { RunningProcessor } from '../../collector-processor/src/processor';
import type { ErrorRow } from '../../collector-processor/src/store/rows';
import {
  ADMIN_TOKEN,
  createProject,
  startTestProcessor,
} from '../../collector-processor/test/helpers/processor';
import { errorRow } from '../../collector-processor/test/helpers/seed-errors';
import { runCli } from './helpers/cli';

jest.setTimeout(120_000);

const APP = 'https://shop.example/assets/app-3f9a2b1c.js';
const CHROMIUM_STACK = `Error: Payment declined\n    at pay (${APP}:20:11)\n    at HTMLButtonElement.onClick (${APP}:30:5)`;
const FIREFOX_STACK = `PaymentError@${APP}:3:5\npay@${APP}:20:11\nonClick@${APP}:30:5\n`;
const V1_CHROMIUM = 'c'.repeat(32);
const V1_FIREFOX = 'f'.repeat(32);
const T0 = Date.now() - 3_600_000;

let p: RunningProcessor;
let project = '';
let steady = '';

function row(
  id: string,
  stack: string,
  at: number,
  user: string,
  fingerprint: string,
  version: number,
): ErrorRow {
  const frames = parseFrames(stack, 'PaymentError', 'Payment declined').map((f) => ({ ...f }));
  const base = errorRow(project, {
    at,
    event_id: id,
    user_id: user,
    session_id: `s-${user}`,
    release: '1.0.0',
    exception_type: 'PaymentError',
    exception_message: `Payment ${id.length * 1000 + (at % 1000)} declined`,
    frames,
    fingerprint,
    fingerprint_version: version,
  });
  // What fingerprint v1 stored: its title carried each event's numbers.
  const grouping = JSON.stringify({
    version: 1,
    method: 'frames',
    components: [],
    title: `PaymentError: ${base.exception_message}`,
    culprit: '',
  });
  return { ...base, grouping };
}

const admin = () => ({ PULSETRACE_URL: p.url, PULSETRACE_TOKEN: ADMIN_TOKEN, PULSETRACE_PROJECT: project });

async function issues() {
  const res = await api<{
    issues: Array<{
      id: string;
      title: string;
      events: number;
      users: number;
      status: string;
      releases: string[];
      firstSeen: string;
      lastSeen: string;
      culprit: string;
    }>;
  }>(p.url, ADMIN_TOKEN, 'GET', `/projects/${project}/issues`);
  return new Map(res.body.issues.map((i) => [i.id, i]));
}

async function storedFingerprints(): Promise<Record<string, [string, number]>> {
  const result = await p.store.client.query({
    query: 'SELECT event_id, fingerprint, fingerprint_version FROM errors WHERE project_id = {p:String}',
    query_params: { p: project },
    format: 'JSONEachRow',
  });
  const rows = await result.json<{ event_id: string; fingerprint: string; fingerprint_version: number }>();
  return Object.fromEntries(rows.map((r) => [r.event_id, [r.fingerprint, r.fingerprint_version]]));
}

beforeAll(async () => {
  p = await startTestProcessor({ PULSETRACE_ISSUE_LIFECYCLE_INTERVAL_MS: '3600000' });
  ({ id: project } = await createProject(p.url));
  const other = errorRow(project, {
    at: T0,
    event_id: 'other',
    user_id: 'u9',
    session_id: 's-u9',
    release: '1.0.0',
    exception_type: 'RangeError',
    exception_message: 'Quantity 3 out of range',
    frames: parseFrames(`RangeError: x\n    at setQuantity (${APP}:70:3)`, 'RangeError', 'x'),
  });
  // Stored by the current version already: the regroup must leave its issue as it is.
  const current = computeFingerprint(other);
  steady = current.fingerprint;
  const rows = [
    row('chromium-1', CHROMIUM_STACK, T0 + 1000, 'u1', V1_CHROMIUM, 1),
    row('chromium-2', CHROMIUM_STACK, T0 + 2000, 'u2', V1_CHROMIUM, 1),
    row('firefox-1', FIREFOX_STACK, T0 + 3000, 'u3', V1_FIREFOX, 1),
    {
      ...other,
      fingerprint: current.fingerprint,
      fingerprint_version: 2,
      grouping: JSON.stringify(current.grouping),
    },
  ];
  await p.store.client.insert({ table: 'errors', values: rows, format: 'JSONEachRow' });
  // The Firefox issue was ignored by someone: the merged issue keeps that decision.
  const ignored = await api(p.url, ADMIN_TOKEN, 'PATCH', `/projects/${project}/issues/${V1_FIREFOX}`, {
    status: 'ignored',
  });
  expect(ignored.status).toBe(200);
});
afterAll(() => p?.stop());

describe('pulsetrace issues regroup', () => {
  it('--dry-run reports what would move and changes nothing', async () => {
    const before = await storedFingerprints();
    const r = await runCli(['issues', 'regroup', '--dry-run'], admin());
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/dry run rg_\w+ started/);
    expect(r.stdout).toContain(
      `dry run: would regroup 4 error(s) of project ${project} with fingerprint v${FINGERPRINT_VERSION} (stored: v1: 3, v2: 1)`,
    );
    expect(r.stdout).toContain('3 error(s) would move to another issue');
    expect(r.stdout).toContain('issues: 3 before, 2 after');
    expect(r.stdout).toContain('run again without --dry-run to apply');
    expect(await storedFingerprints()).toEqual(before);
    expect((await issues()).size).toBe(3);
  });

  it('rewrites the fingerprints, rebuilds the issues and carries the state over', async () => {
    const steadyBefore = (await issues()).get(steady);
    const r = await runCli(['issues', 'regroup', '--json'], admin());
    expect(r.code).toBe(0);
    // Every phase is printed once, in order, however the polls fall.
    expect(r.stderr.split('\n').map((l) => l.trim())).toEqual([
      expect.stringMatching(/^regroup rg_\w+ started$/),
      'queued',
      'reading errors (0 of 4)',
      'rewriting fingerprints (4 of 4 errors read)',
      'reading errors (4 of 4)',
      'rebuilding issue totals',
      'moving issue states',
      'done',
      '',
    ]);
    const report = JSON.parse(r.stdout) as {
      moved: number;
      rewritten: number;
      statesMoved: number;
      merges: Array<{ to: string; from: Record<string, number> }>;
    };
    expect(report).toMatchObject({ moved: 3, rewritten: 3, statesMoved: 1 });

    const stored = await storedFingerprints();
    const merged = stored['chromium-1'][0];
    expect(stored).toEqual({
      'chromium-1': [merged, 2],
      'chromium-2': [merged, 2],
      'firefox-1': [merged, 2],
      other: [steady, 2],
    });
    expect(report.merges).toEqual([{ to: merged, from: { [V1_CHROMIUM]: 2, [V1_FIREFOX]: 1 } }]);

    const after = await issues();
    expect([...after.keys()].sort()).toEqual([merged, steady].sort());
    expect(after.get(merged)).toMatchObject({
      events: 3,
      users: 3,
      status: 'ignored',
      title: 'PaymentError: Payment <num> declined',
      culprit: 'pay (assets/app.js)',
      releases: ['1.0.0'],
      firstSeen: new Date(T0 + 1000).toISOString(),
      lastSeen: new Date(T0 + 3000).toISOString(),
    });
    // Rebuilt from the errors, an issue that did not move reads as the view built it.
    expect(after.get(steady)).toEqual(steadyBefore);

    const again = await runCli(['issues', 'regroup', '--dry-run'], admin());
    expect(again.stdout).toContain('0 error(s) would move to another issue; 0 would be rewritten');
  });

  it('says what to do when the project or the token is wrong', async () => {
    const noProject = await runCli(['issues', 'regroup'], {
      PULSETRACE_URL: p.url,
      PULSETRACE_TOKEN: ADMIN_TOKEN,
    });
    expect(noProject.code).toBe(2);
    expect(noProject.stderr).toContain('pass --project <id or name> or set PULSETRACE_PROJECT');
    const unknown = await runCli(['issues', 'regroup'], { ...admin(), PULSETRACE_PROJECT: 'nope' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no project nope');
    const noToken = await runCli(['issues', 'regroup'], {
      PULSETRACE_URL: p.url,
      PULSETRACE_PROJECT: project,
    });
    expect(noToken.code).toBe(1);
    expect(noToken.stderr).toContain('the admin token');
  });
});
