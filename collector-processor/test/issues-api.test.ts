import { api, postErrors, startSecondIngestPath, type ErrorBatch } from '../src/issues/testkit';
import type { RunningProcessor } from '../src/processor';
import { clickhouseInserter } from '../src/store/insert';
import { UNIX_TIME_OUTPUT } from '../src/store/time';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';

const READ = 'test-read-token';
const WRITE = 'test-write-token';
let p: RunningProcessor;

beforeAll(async () => {
  p = await startTestProcessor({
    PULSETRACE_READ_TOKEN: READ,
    PULSETRACE_WRITE_TOKEN: WRITE,
    PULSETRACE_ISSUE_LIFECYCLE_INTERVAL_MS: '3600000',
  });
});
afterAll(() => p.stop());

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

async function project() {
  const { id, ingestKey } = await createProject(p.url);
  const send = async (b: ErrorBatch) => {
    await postErrors(p.url, ingestKey, b);
    await p.drained();
  };
  return { id, ingestKey, send };
}

async function query<T>(sql: string, params: Record<string, unknown>): Promise<T[]> {
  const result = await p.store.client.query({ query: sql, query_params: params, format: 'JSONEachRow' });
  return result.json<T>();
}

async function fingerprintOf(projectId: string, group: string): Promise<string> {
  const [row] = await query<{ fingerprint: string }>(
    'SELECT any(fingerprint) AS fingerprint FROM errors WHERE project_id = {p:String} AND exception_message = {m:String}',
    { p: projectId, m: `${group} failed` },
  );
  return row.fingerprint;
}

/** The error and each validation message, as one string to match. */
const problems = (body: Body) =>
  [body.error, ...((body.issues as Body[] | undefined) ?? []).map((i) => `${i.path}: ${i.message}`)].join(
    '\n',
  );

const call = (token: string | undefined, method: string, path: string, body?: unknown, actor?: string) =>
  api<Body>(p.url, token, method, path, body, actor);

describe('issues API', () => {
  let id: string;
  const fp: Record<string, string> = {};

  beforeAll(async () => {
    const proj = await project();
    id = proj.id;
    // alpha: 1 event, no user id (counted by its cookieless visitor hash); beta: 3 events, 3
    // users; gamma: 2 events, 2 users, in two releases.
    await proj.send({ group: 'alpha', release: '1.0.0', session: () => 's1' });
    await proj.send({
      group: 'beta',
      release: '1.0.0',
      count: 3,
      user: (i) => `u${i}`,
      session: (i) => `s${i}`,
    });
    await proj.send({ group: 'gamma', release: '1.0.0', user: () => 'u0' });
    await proj.send({ group: 'gamma', release: '1.1.0', user: () => 'u1' });
    for (const g of ['alpha', 'beta', 'gamma']) fp[g] = await fingerprintOf(id, g);
  });

  const ids = (body: Body) => (body.issues as Body[]).map((i) => Object.keys(fp).find((g) => fp[g] === i.id));

  it.each([
    ['events', ['beta', 'gamma', 'alpha']],
    ['users', ['beta', 'gamma', 'alpha']],
    ['first_seen', ['gamma', 'beta', 'alpha']],
    ['last_seen', ['gamma', 'beta', 'alpha']],
  ])('lists issues sorted by %s', async (sort, expected) => {
    const res = await call(READ, 'GET', `/projects/${id}/issues?sort=${sort}`);
    expect(res.status).toBe(200);
    expect(ids(res.body)).toEqual(expected);
  });

  it('pages with a cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const qs: string = `sort=events&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const res = await call(READ, 'GET', `/projects/${id}/issues?${qs}`);
      seen.push(...(ids(res.body) as string[]));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['beta', 'gamma', 'alpha']);
  });

  it('filters by status and text', async () => {
    const other = await project();
    await other.send({ group: 'delta', release: '1.0.0' });
    await other.send({ group: 'epsilon', release: '1.0.0' });
    const delta = await fingerprintOf(other.id, 'delta');
    await call(WRITE, 'PATCH', `/projects/${other.id}/issues/${delta}`, { status: 'resolved' });
    const list = async (qs: string) =>
      ((await call(READ, 'GET', `/projects/${other.id}/issues?${qs}`)).body.issues as Body[]).map(
        (i) => i.title,
      );
    expect(await list('status=resolved')).toEqual(['TypeError: delta failed']);
    expect(await list('status=unresolved,regressed')).toEqual(['TypeError: epsilon failed']);
    expect(await list('query=EPSILON')).toEqual(['TypeError: epsilon failed']);
    expect(await list(`query=${delta}`)).toEqual(['TypeError: delta failed']);
  });

  it('shows an issue with its aggregates and why it was grouped', async () => {
    const res = await call(READ, 'GET', `/projects/${id}/issues/${fp.gamma}`);
    expect(res.status).toBe(200);
    const [latest] = await query<{ event_id: string }>(
      'SELECT event_id FROM errors WHERE fingerprint = {f:String} ORDER BY received_at DESC LIMIT 1',
      { f: fp.gamma },
    );
    expect(res.body).toMatchObject({
      id: fp.gamma,
      title: 'TypeError: gamma failed',
      type: 'TypeError',
      status: 'unresolved',
      substatus: 'new',
      events: 2,
      users: 2,
      sessions: 0,
      firstRelease: '1.0.0',
      lastRelease: '1.1.0',
      releases: ['1.0.0', '1.1.0'],
      assignee: null,
      grouping: { method: 'sdk', components: ['gamma'] },
      groupingExplanation: 'Grouped by the fingerprint the SDK sent: "gamma".',
      latestEventId: latest.event_id,
    });
    const beta = (await call(READ, 'GET', `/projects/${id}/issues/${fp.beta}`)).body;
    expect(beta).toMatchObject({ events: 3, users: 3, sessions: 3 });
  });

  it('token scopes: read reads, write and admin change, nothing without a token', async () => {
    const path = `/projects/${id}/issues/${fp.alpha}`;
    expect((await call(READ, 'GET', path)).status).toBe(200);
    expect((await call(undefined, 'GET', path)).status).toBe(401);
    const denied = await call(READ, 'PATCH', path, { assignee: 'x' });
    expect(denied).toMatchObject({
      status: 403,
      body: { error: expect.stringContaining('write or admin token') },
    });
    expect((await call(READ, 'POST', `${path}/comments`, { text: 'x' })).status).toBe(403);
    expect((await call(WRITE, 'PATCH', path, { assignee: 'writer' })).body.assignee).toBe('writer');
    expect((await call(ADMIN_TOKEN, 'PATCH', path, { assignee: 'admin' })).body.assignee).toBe('admin');
  });

  it.each<[string, unknown, RegExp]>([
    ['an empty change', {}, /send status and\/or assignee/],
    ['status regressed', { status: 'regressed' }, /"regressed" is set by PulseTrace/],
    [
      'ignoreUntil without ignored',
      { status: 'resolved', ignoreUntil: { count: 2 } },
      /goes with status "ignored"/,
    ],
    ['an empty ignoreUntil', { status: 'ignored', ignoreUntil: {} }, /needs count, users or date/],
    ['a bad date', { status: 'ignored', ignoreUntil: { date: 'tomorrow' } }, /ISO 8601/],
    [
      'a past date',
      { status: 'ignored', ignoreUntil: { date: '2020-01-01T00:00:00Z' } },
      /not in the future/,
    ],
    ['a zero count', { status: 'ignored', ignoreUntil: { count: 0 } }, /ignoreUntil.count: .*>=1/],
    ['an empty assignee', { assignee: ' ' }, /send null to unassign/],
    ['an unknown field', { status: 'resolved', priority: 'high' }, /priority/],
    ['malformed JSON', '{"status":', /not valid JSON/],
  ])('PATCH refuses %s with 400', async (_name, body, message) => {
    const res = await call(WRITE, 'PATCH', `/projects/${id}/issues/${fp.alpha}`, body);
    expect(res.status).toBe(400);
    expect(problems(res.body)).toMatch(message);
  });

  it.each([
    ['sort=oldest', /sort is one of last_seen, first_seen, events, users/],
    ['limit=0', /limit/],
    ['status=open', /status values are/],
    ['cursor=bm9wZQ', /pass nextCursor/],
    ['page=2', /page/],
  ])('GET issues refuses %s with 400', async (qs, message) => {
    const res = await call(READ, 'GET', `/projects/${id}/issues?${qs}`);
    expect(res.status).toBe(400);
    expect(problems(res.body)).toMatch(message);
  });

  it('404s name what was not found', async () => {
    const missing = 'f'.repeat(32);
    for (const [method, path, body] of [
      ['GET', `/projects/${id}/issues/${missing}`],
      ['PATCH', `/projects/${id}/issues/${missing}`, { status: 'resolved' }],
      ['POST', `/projects/${id}/issues/${missing}/comments`, { text: 'hi' }],
      ['GET', `/projects/${id}/issues/${missing}/activity`],
    ] as const) {
      const res = await call(WRITE, method, path, body);
      expect(res).toMatchObject({ status: 404, body: { error: `no issue ${missing} in project ${id}` } });
    }
    expect(await call(READ, 'GET', '/projects/pnope/issues')).toMatchObject({
      status: 404,
      body: { error: 'no project pnope' },
    });
  });

  it('comments are added to the activity log', async () => {
    const path = `/projects/${id}/issues/${fp.beta}`;
    expect((await call(WRITE, 'POST', `${path}/comments`, { text: '  ' })).status).toBe(400);
    const res = await call(WRITE, 'POST', `${path}/comments`, { text: 'Looks like the CDN' }, 'erin');
    expect(res).toMatchObject({
      status: 201,
      body: { action: 'comment', actor: 'write-token (claimed: erin)', comment: 'Looks like the CDN' },
    });
    const log = (await call(READ, 'GET', `${path}/activity`)).body.activity as Body[];
    expect(log.at(-1)).toMatchObject({
      id: res.body.id,
      action: 'comment',
      actor: 'write-token (claimed: erin)',
      comment: 'Looks like the CDN',
    });
  });

  it('resolve in next release needs a release to exist', async () => {
    const other = await project();
    await other.send({ group: 'no-release', release: '' });
    const res = await call(
      WRITE,
      'PATCH',
      `/projects/${other.id}/issues/${await fingerprintOf(other.id, 'no-release')}`,
      {
        status: 'resolved_in_next_release',
      },
    );
    expect(res).toMatchObject({ status: 409, body: { error: expect.stringContaining('no release yet') } });
  });
});

describe('releases API', () => {
  it('registers, finalizes and deploys releases as the CLI does', async () => {
    const { id, send } = await project();
    const base = `/projects/${id}/releases`;
    const created = await call(WRITE, 'POST', base, {
      version: '1.0.0',
      ref: 'abc123',
      url: 'https://git.example/r/1',
    });
    expect(created).toMatchObject({
      status: 201,
      body: { version: '1.0.0', finalizedAt: null, ref: 'abc123', url: 'https://git.example/r/1' },
    });
    const again = await call(WRITE, 'POST', base, { version: '1.0.0' });
    expect(again).toMatchObject({ status: 200, body: { createdAt: created.body.createdAt, ref: 'abc123' } });

    const finalized = await call(WRITE, 'POST', `${base}/1.0.0/finalize`);
    expect(finalized.status).toBe(200);
    expect(Date.parse(finalized.body.finalizedAt)).toBeGreaterThanOrEqual(Date.parse(created.body.createdAt));
    expect((await call(WRITE, 'POST', `${base}/1.0.0/finalize`, {})).body.finalizedAt).toBe(
      finalized.body.finalizedAt,
    );
    const dated = await call(ADMIN_TOKEN, 'POST', `${base}/1.0.0/finalize`, {
      finalizedAt: '2026-01-02T03:04:05.000Z',
    });
    expect(dated.body.finalizedAt).toBe('2026-01-02T03:04:05.000Z');
    expect(await call(WRITE, 'POST', `${base}/9.9.9/finalize`)).toMatchObject({ status: 404 });

    await call(WRITE, 'POST', base, { version: '1.2.0' });
    await send({ group: 'old', release: '0.9.0', count: 2 });
    await send({ group: 'old', release: '1.1.0' });
    await send({ group: 'new-in-1.1', release: '1.1.0' });

    // A release name with a slash, URL-encoded; the deploy registers it.
    const deploy = await call(WRITE, 'POST', `${base}/${encodeURIComponent('web/2026-05-01')}/deploys`, {
      environment: 'production',
      name: 'canary',
      startedAt: '2026-05-01T10:00:00Z',
      finishedAt: '2026-05-01T10:05:00Z',
    });
    expect(deploy).toMatchObject({
      status: 201,
      body: {
        release: 'web/2026-05-01',
        environment: 'production',
        name: 'canary',
        finishedAt: '2026-05-01T10:05:00.000Z',
      },
    });
    const deploys = await call(READ, 'GET', `${base}/${encodeURIComponent('web/2026-05-01')}/deploys`);
    expect(deploys.body.deploys).toEqual([deploy.body]);
    expect(await call(READ, 'GET', `${base}/7.7.7/deploys`)).toMatchObject({ status: 404 });

    const list = await call(READ, 'GET', base);
    expect(list.status).toBe(200);
    const releases = list.body.releases as Body[];
    // Semver releases by precedence; the dated name is not semver and is newest by time.
    expect(releases.map((r) => r.version)).toEqual(['web/2026-05-01', '1.2.0', '1.1.0', '1.0.0', '0.9.0']);
    const byVersion = Object.fromEntries(releases.map((r) => [r.version, r]));
    expect(byVersion['1.1.0']).toMatchObject({ registered: false, events: 2, issues: 2, newIssues: 1 });
    expect(byVersion['0.9.0']).toMatchObject({ registered: false, events: 2, issues: 1, newIssues: 1 });
    expect(byVersion['1.0.0']).toMatchObject({ registered: true, events: 0, deploys: 0, ref: 'abc123' });
    expect(byVersion['web/2026-05-01']).toMatchObject({ registered: true, deploys: 1 });
    expect((await call(READ, 'GET', `${base}?limit=2`)).body.releases).toHaveLength(2);
  });

  it.each<[string, unknown, RegExp]>([
    ['no version', {}, /version/],
    ['an empty version', { version: '' }, /must not be empty/],
    ['a long version', { version: 'x'.repeat(201) }, /at most 200/],
    ['control characters', { version: '1.0\n' }, /control characters/],
    ['surrounding spaces', { version: ' 1.0' }, /spaces/],
    ['a dot segment', { version: '..' }, /"\." or "\.\."/],
    ['a non-http url', { version: '1.0', url: 'javascript:alert(1)' }, /http\(s\) URL/],
    ['an unknown field', { version: '1.0', commit: 'x' }, /commit/],
  ])('POST releases refuses %s with 400', async (_name, body, message) => {
    const { id } = await project();
    const res = await call(WRITE, 'POST', `/projects/${id}/releases`, body);
    expect(res.status).toBe(400);
    expect(problems(res.body)).toMatch(message);
  });

  it('deploy validation, scopes and unknown projects', async () => {
    const { id } = await project();
    const deploys = `/projects/${id}/releases/1.0.0/deploys`;
    expect(await call(WRITE, 'POST', deploys, {})).toMatchObject({ status: 400 });
    const backwards = await call(WRITE, 'POST', deploys, {
      environment: 'prod',
      startedAt: '2026-05-01T11:00:00Z',
      finishedAt: '2026-05-01T10:00:00Z',
    });
    expect(problems(backwards.body)).toMatch(/startedAt must not be after finishedAt/);
    expect((await call(READ, 'POST', `/projects/${id}/releases`, { version: '1.0' })).status).toBe(403);
    expect((await call(undefined, 'GET', `/projects/${id}/releases`)).status).toBe(401);
    expect(await call(WRITE, 'POST', '/projects/pnope/releases', { version: '1.0' })).toMatchObject({
      status: 404,
      body: { error: 'no project pnope' },
    });
  });
});

describe('issue aggregates with concurrent writers', () => {
  // The second instance is a complete ingest path sharing only ClickHouse with the first
  // (src/issues/testkit.ts explains why it is not a second startTestProcessor()).
  it('two instances writing one issue concurrently count every event once, and a WAL replay adds none', async () => {
    const { id, ingestKey } = await project();
    const b = await startSecondIngestPath(p, ADMIN_TOKEN);
    try {
      const batch = (n: number): ErrorBatch => ({
        group: 'shared',
        release: n % 2 ? '5.0.0' : '5.1.0',
        count: 5,
        user: (i) => `user-${(n * 5 + i) % 17}`,
        session: (i) => `session-${n}-${i}`,
      });
      await Promise.all(
        Array.from({ length: 20 }, (_, n) => postErrors(n % 2 ? p.url : b.url, ingestKey, batch(n))),
      );
      await Promise.all([p.drained(), b.drained()]);
      const fp = await fingerprintOf(id, 'shared');
      const issue = async () => (await call(READ, 'GET', `/projects/${id}/issues/${fp}`)).body;
      expect(await issue()).toMatchObject({
        events: 100,
        users: 17,
        sessions: 100,
        releases: ['5.0.0', '5.1.0'],
      });

      // A WAL replay re-sends a block with the same deduplication token through the same insert.
      const result = await p.store.client.query({
        query: 'SELECT * FROM errors WHERE project_id = {p:String} LIMIT 7',
        query_params: { p: id },
        format: 'JSONEachRow',
        clickhouse_settings: UNIX_TIME_OUTPUT,
      });
      const block = Buffer.from(await result.text());
      const insert = clickhouseInserter(p.store);
      await insert('errors', block, 7, `replay-${id}`);
      await insert('errors', block, 7, `replay-${id}`);
      expect(await issue()).toMatchObject({ events: 107, sessions: 100 });
      const [{ n }] = await query<{ n: number }>(
        'SELECT count() AS n FROM errors WHERE project_id = {p:String}',
        { p: id },
      );
      expect(Number(n)).toBe(107);
    } finally {
      await b.stop();
    }
  });
});
