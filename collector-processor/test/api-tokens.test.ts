/**
 * Project-scoped API tokens (migration 0007): a token reaches only the projects it was granted,
 * at its scope; the environment tokens reach every project. Real processor, real ClickHouse.
 */
import { api } from '../src/issues/testkit';
import type { RunningProcessor } from '../src/processor';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let p: RunningProcessor;
let a: string;
let b: string;
const call = (token: string | undefined, method: string, path: string, body?: unknown) =>
  api<Body>(p.url, token, method, path, body);

async function makeToken(scope: string, projects: string[] | '*', name = `${scope} token`) {
  const res = await call(ADMIN_TOKEN, 'POST', '/tokens', { name, scope, projects });
  expect(res.status).toBe(201);
  return res.body as { id: string; token: string };
}

beforeAll(async () => {
  p = await startTestProcessor({ PULSETRACE_READ_TOKEN: 'env-read' });
  a = (await createProject(p.url, { name: 'shop' })).id;
  b = (await createProject(p.url, { name: 'blog' })).id;
});
afterAll(() => p.stop());

describe('tokens API', () => {
  it('makes a token shown once, stores only its hash, and lists it without the secret', async () => {
    const made = await makeToken('read', [a], 'grafana viewer');
    expect(made.token).toMatch(/^pt_read_[A-Za-z0-9_-]{32}$/);
    const listed = await call(ADMIN_TOKEN, 'GET', '/tokens');
    const entry = (listed.body.tokens as Body[]).find((t) => t.id === made.id)!;
    expect(entry).toMatchObject({ name: 'grafana viewer', scope: 'read', projects: [a], revokedAt: null });
    expect(JSON.stringify(listed.body)).not.toContain(made.token);
    const stored = await p.store.client.query({ query: 'SELECT * FROM api_tokens', format: 'JSONEachRow' });
    expect(JSON.stringify(await stored.json())).not.toContain(made.token);
  });

  it.each([
    [{ name: 'x', scope: 'root', projects: '*' }, /scope is read, write or admin/],
    [{ name: '', scope: 'read', projects: '*' }, /name must not be empty/],
    [{ name: 'x', scope: 'read', projects: [] }, /projects lists at least one project id/],
    [{ name: 'x', scope: 'read', projects: ['nope'] }, /no project nope: create it first/],
  ])('refuses %j', async (body, message) => {
    const res = await call(ADMIN_TOKEN, 'POST', '/tokens', body);
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.body)).toMatch(message);
  });

  it('answers whoami with the scope and the projects the token reaches', async () => {
    const t = await makeToken('write', [b]);
    expect((await call(t.token, 'GET', '/whoami')).body).toMatchObject({
      scope: 'write',
      projects: [b],
      visibleProjects: [b],
    });
    const env = await call('env-read', 'GET', '/whoami');
    expect(env.body).toMatchObject({ scope: 'read', projects: '*', tokenId: 'env' });
    expect(env.body.visibleProjects).toEqual(expect.arrayContaining([a, b]));
    expect((await call('pt_read_unknown', 'GET', '/whoami')).status).toBe(401);
  });

  it('a revoked token stops working at once', async () => {
    const t = await makeToken('read', '*');
    expect((await call(t.token, 'GET', '/whoami')).status).toBe(200);
    const revoked = await call(ADMIN_TOKEN, 'DELETE', `/tokens/${t.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body.revokedAt).not.toBeNull();
    const after = await call(t.token, 'GET', '/whoami');
    expect(after.status).toBe(401);
    expect(after.body.error).toMatch(/unknown or revoked token/);
    expect((await call(ADMIN_TOKEN, 'DELETE', '/tokens/no-such-id')).status).toBe(404);
  });
});

describe('project grants', () => {
  it('a token for project A gets 404 for project B everywhere, as for a missing project', async () => {
    const t = await makeToken('write', [a]);
    for (const path of [`/projects/${b}/issues`, `/projects/${b}/releases`, `/projects/${b}/stats`]) {
      const res = await call(t.token, 'GET', path);
      expect([path, res.status, res.body.error]).toEqual([path, 404, `no project ${b} for this token`]);
    }
    expect((await call(t.token, 'POST', `/projects/${b}/releases`, { version: '1.0.0' })).status).toBe(404);
    expect((await call(t.token, 'POST', `/projects/${a}/releases`, { version: '1.0.0' })).status).toBe(201);
    const q = await call(t.token, 'POST', '/query', {
      type: 'issues',
      project: b,
      from: Date.now() - 86_400_000,
      to: Date.now(),
    });
    expect(q.status).toBe(404);
  });

  it('lists only the granted projects, without ingest keys, to read and write tokens', async () => {
    const t = await makeToken('read', [a]);
    const listed = await call(t.token, 'GET', '/projects');
    expect(listed.body.projects).toEqual([{ id: a, name: 'shop', environment: 'production' }]);
    const admin = await call(ADMIN_TOKEN, 'GET', '/projects');
    expect((admin.body.projects as Body[]).map((x) => x.id)).toEqual(expect.arrayContaining([a, b]));
    expect((admin.body.projects as Body[])[0]).toHaveProperty('ingestKeys');
  });

  it('a project-scoped admin token administers its project only, and cannot make projects or tokens', async () => {
    const t = await makeToken('admin', [a]);
    expect((await call(t.token, 'PATCH', `/projects/${a}`, { sampleRate: 0.5 })).status).toBe(200);
    expect((await call(t.token, 'PATCH', `/projects/${b}`, { sampleRate: 0.5 })).status).toBe(404);
    expect((await call(t.token, 'POST', '/projects', { name: 'x' })).status).toBe(403);
    expect(
      (await call(t.token, 'POST', '/tokens', { name: 'x', scope: 'admin', projects: '*' })).status,
    ).toBe(403);
    expect((await call(t.token, 'GET', '/tokens')).status).toBe(403);
  });

  it('a read token changes nothing: every write route answers 403', async () => {
    const t = await makeToken('read', [a]);
    const writes: Array<[string, string, unknown]> = [
      ['POST', `/projects/${a}/releases`, { version: '2.0.0' }],
      ['PATCH', `/projects/${a}/issues/abc`, { status: 'resolved' }],
      ['POST', `/projects/${a}/issues/abc/comments`, { text: 'x' }],
      ['PATCH', `/projects/${a}`, { sampleRate: 0.1 }],
      ['DELETE', `/projects/${a}`, undefined],
      ['POST', `/projects/${a}/keys/rotate`, {}],
      ['POST', '/projects', { name: 'x' }],
      ['POST', '/tokens', { name: 'x', scope: 'read', projects: '*' }],
    ];
    for (const [method, path, body] of writes)
      expect([method, path, (await call(t.token, method, path, body)).status]).toEqual([method, path, 403]);
  });
});
