/**
 * PATCH /api/v1/projects/{id}/issues (the app's bulk resolve / ignore / assign) against a real
 * processor: every named issue changes as its own PATCH would change it, with its own activity;
 * unknown ids and refused transitions are listed under `failed`; scopes as for one issue.
 */
import type { RunningProcessor } from '../src/processor';
import { api } from '../src/issues/testkit';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';
import { insertRows } from './helpers/query';
import { errorRow, grouping, MINUTE } from './helpers/seed-errors';

jest.setTimeout(120_000);
const READ = 'bulk-read-token';
const WRITE = 'bulk-write-token';
let p: RunningProcessor;
let project: string;
const FPS = ['fp-a', 'fp-b', 'fp-c'];

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const call = (token: string | undefined, method: string, path: string, body?: unknown, actor?: string) =>
  api<Body>(p.url, token, method, path, body, actor);

beforeAll(async () => {
  p = await startTestProcessor({
    PULSETRACE_READ_TOKEN: READ,
    PULSETRACE_WRITE_TOKEN: WRITE,
    PULSETRACE_ISSUE_LIFECYCLE_INTERVAL_MS: '3600000',
  });
  project = (await createProject(p.url)).id;
  const now = Date.now();
  await insertRows(
    p,
    'errors',
    FPS.flatMap((fp, i) =>
      Array.from({ length: i + 1 }, (_, j) =>
        errorRow(project, {
          at: now - (10 + j) * MINUTE,
          fingerprint: fp,
          exception_type: 'Error',
          exception_message: fp,
          grouping: grouping(`Error: ${fp}`, 'a.ts in f'),
        }),
      ),
    ),
  );
});
afterAll(() => p.stop());

const issue = async (fp: string) => (await call(READ, 'GET', `/projects/${project}/issues/${fp}`)).body;
const activity = async (fp: string) =>
  (await call(READ, 'GET', `/projects/${project}/issues/${fp}/activity`)).body.activity as Body[];

describe('bulk issue changes', () => {
  it('resolves every named issue, logs each one’s activity, and names the unknown ids', async () => {
    const res = await call(
      WRITE,
      'PATCH',
      `/projects/${project}/issues`,
      { ids: ['fp-a', 'fp-b', 'fp-nope'], status: 'resolved' },
      'ann',
    );
    expect(res.status).toBe(200);
    expect((res.body.updated as Body[]).map((i) => [i.id, i.status]).sort()).toEqual([
      ['fp-a', 'resolved'],
      ['fp-b', 'resolved'],
    ]);
    expect(res.body.failed).toEqual([{ id: 'fp-nope', error: `no issue fp-nope in project ${project}` }]);
    for (const fp of ['fp-a', 'fp-b']) {
      expect((await issue(fp)).status).toBe('resolved');
      expect((await activity(fp)).map((a) => [a.action, a.toStatus, a.actor])).toEqual([
        ['status_change', 'resolved', 'write-token (claimed: ann)'],
      ]);
    }
    expect((await issue('fp-c')).status).toBe('unresolved');
    expect(await activity('fp-c')).toEqual([]);
  });

  it('assigns and ignores; a transition the rules refuse fails for that issue only', async () => {
    const assigned = await call(WRITE, 'PATCH', `/projects/${project}/issues`, {
      ids: ['fp-b', 'fp-c'],
      assignee: 'bob',
    });
    expect(assigned.status).toBe(200);
    expect((await issue('fp-c')).assignee).toBe('bob');
    const ignored = await call(WRITE, 'PATCH', `/projects/${project}/issues`, {
      ids: ['fp-c'],
      status: 'ignored',
      ignoreUntil: { count: 100 },
    });
    expect(ignored.body.updated[0]).toMatchObject({
      id: 'fp-c',
      status: 'ignored',
      substatus: 'until_condition',
    });
    // A date in the past is refused per issue, with the sentence PATCH …/issues/{id} answers.
    const past = { status: 'ignored', ignoreUntil: { date: '2020-01-01T00:00:00Z' } };
    const single = await call(WRITE, 'PATCH', `/projects/${project}/issues/fp-a`, past);
    const bulk = await call(WRITE, 'PATCH', `/projects/${project}/issues`, { ids: ['fp-a'], ...past });
    expect(single.status).toBe(400);
    expect(bulk.body).toEqual({ updated: [], failed: [{ id: 'fp-a', error: single.body.error }] });
  });

  it('needs the write scope and a valid body', async () => {
    const body = { ids: ['fp-a'], status: 'unresolved' };
    expect((await call(READ, 'PATCH', `/projects/${project}/issues`, body)).status).toBe(403);
    expect((await call(undefined, 'PATCH', `/projects/${project}/issues`, body)).status).toBe(401);
    expect((await call(ADMIN_TOKEN, 'PATCH', `/projects/nope/issues`, body)).status).toBe(404);
    const bad = await call(WRITE, 'PATCH', `/projects/${project}/issues`, { ids: [], status: 'resolved' });
    expect([bad.status, bad.body.issues?.[0]?.message]).toEqual([400, 'ids must name at least one issue']);
    const nothing = await call(WRITE, 'PATCH', `/projects/${project}/issues`, { ids: ['fp-a'] });
    expect([nothing.status, nothing.body.issues?.[0]?.message]).toEqual([400, 'send status and/or assignee']);
    const many = await call(WRITE, 'PATCH', `/projects/${project}/issues`, {
      ids: Array.from({ length: 501 }, (_, i) => `fp-${i}`),
      status: 'resolved',
    });
    expect(many.status).toBe(400);
  });
});
