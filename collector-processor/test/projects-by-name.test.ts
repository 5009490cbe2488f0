/**
 * A project is reached by its id or by its unique live name wherever the API takes a project
 * (paths, a query's `project`, a token's project list), with the same answers either way; names
 * are unique among live projects (409), a shared name answers 400 and a token's grant still holds.
 * Real processor, real embedded ClickHouse.
 */
import { api } from '../src/issues/testkit';
import { ProjectStore } from '../src/projects/project-store';
import type { RunningProcessor } from '../src/processor';
import { HANDLERS } from '../src/query/registry';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';
import { insertRows } from './helpers/query';
import { sampleQuery } from './helpers/sample-queries';
import { errorEvent, minuteAgo, pageView } from './helpers/seed-performance';

jest.setTimeout(120_000);

type Body = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const WRITE = 'name-test-write';
let p: RunningProcessor;
let shop: string;
let blog: string;
let issueId: string;
const NOW = minuteAgo(0);
const RANGE = { from: NOW - 3600_000, to: NOW + 60_000 };
const call = (token: string | undefined, method: string, path: string, body?: unknown) =>
  api<Body>(p.url, token, method, path, body);

async function makeToken(scope: string, projects: string[]) {
  const res = await call(ADMIN_TOKEN, 'POST', '/tokens', { name: `${scope} ${projects}`, scope, projects });
  expect(res).toMatchObject({ status: 201 });
  return res.body as { token: string; projects: string[] };
}

beforeAll(async () => {
  p = await startTestProcessor({ PULSETRACE_WRITE_TOKEN: WRITE });
  shop = (await createProject(p.url, { name: 'shop' })).id;
  blog = (await createProject(p.url, { name: 'blog' })).id;
  // Data in both projects, so an answer for the wrong project could not look like the right one.
  for (const [project, route] of [
    [shop, '/cart'],
    [blog, '/posts'],
  ]) {
    const at = (minutes: number) => ({
      atMs: NOW - minutes * 60_000,
      project_id: project,
      route,
      release: '1.0.0',
    });
    await insertRows(p, 'page_views', [pageView(at(5)), pageView(at(4))]);
    await insertRows(p, 'errors', [errorEvent(at(3), { fingerprint: `fp${route.replace('/', '-')}` })]);
  }
  expect((await call(WRITE, 'POST', `/projects/${shop}/releases`, { version: '1.0.0' })).status).toBe(201);
  const issues = await call(ADMIN_TOKEN, 'GET', `/projects/${shop}/issues`);
  issueId = issues.body.issues[0].id;
});
afterAll(() => p.stop());

describe('by name and by id, the same answers', () => {
  const paths = () => [
    `/projects/{p}`,
    `/projects/{p}/stats`,
    `/projects/{p}/releases`,
    `/projects/{p}/releases/1.0.0/deploys`,
    `/projects/{p}/releases/1.0.0/sourcemaps`,
    `/projects/{p}/issues`,
    `/projects/{p}/issues/${issueId}`,
    `/projects/{p}/issues/${issueId}/activity`,
    `/projects/{p}/values/routes?from=${RANGE.from}&to=${RANGE.to}`,
    `/projects/{p}/erasures`,
  ];

  it('every GET route under /projects/:id', async () => {
    for (const path of paths()) {
      const byId = await call(ADMIN_TOKEN, 'GET', path.replace('{p}', shop));
      const byName = await call(ADMIN_TOKEN, 'GET', path.replace('{p}', 'shop'));
      expect([path, byName.status]).toEqual([path, 200]);
      expect([path, byName.body]).toEqual([path, byId.body]);
    }
    // Not vacuous: the answers are the shop's, not the blog's.
    const routes = await call(ADMIN_TOKEN, 'GET', `/projects/shop/values/routes?from=${RANGE.from}`);
    expect(routes.body.values).toEqual([{ value: '/cart', count: 2 }]);
  });

  it('every query type, in one query and in a batch', async () => {
    for (const { type } of HANDLERS) {
      const query = (project: string) => sampleQuery(type, { refId: type, project, ...RANGE });
      const byId = await call(ADMIN_TOKEN, 'POST', '/query', query(shop));
      const byName = await call(ADMIN_TOKEN, 'POST', '/query', query('shop'));
      expect([type, byName.status]).toEqual([type, 200]);
      expect([type, byName.body]).toEqual([type, byId.body]);
    }
    const batch = await call(ADMIN_TOKEN, 'POST', '/query', {
      queries: [
        { ...sampleQuery('web_breakdown', { refId: 'A', project: 'shop', ...RANGE }), dimension: 'route' },
        { ...sampleQuery('web_breakdown', { refId: 'B', project: blog, ...RANGE }), dimension: 'route' },
      ],
    });
    expect(batch.status).toBe(200);
    const pages = (ref: string) => JSON.stringify(batch.body.results[ref].frames);
    expect(pages('A')).toContain('/cart');
    expect(pages('A')).not.toContain('/posts');
    expect(pages('B')).toContain('/posts');
  });

  it('writes by name land on the project with that name', async () => {
    const release = await call(WRITE, 'POST', '/projects/shop/releases', { version: '2.0.0' });
    expect(release.status).toBe(201);
    const releases = await call(ADMIN_TOKEN, 'GET', `/projects/${shop}/releases`);
    expect(releases.body.releases.map((r: Body) => r.version)).toContain('2.0.0');
    const patched = await call(ADMIN_TOKEN, 'PATCH', '/projects/shop', { environment: 'staging' });
    expect(patched.body).toMatchObject({ id: shop, environment: 'staging' });
    const rotated = await call(ADMIN_TOKEN, 'POST', '/projects/shop/keys/rotate', {});
    expect(rotated.body).toMatchObject({ id: shop });
    const erasure = await call(ADMIN_TOKEN, 'POST', '/projects/shop/erasure', { userId: 'nobody' });
    expect(erasure.body).toMatchObject({ projectId: shop, statusUrl: expect.stringContaining(`/${shop}/`) });
  });

  it('a name needing URL encoding, and an id winning over a name that looks like it', async () => {
    const odd = (await createProject(p.url, { name: 'my shop/eu' })).id;
    const stats = await call(ADMIN_TOKEN, 'GET', `/projects/${encodeURIComponent('my shop/eu')}`);
    expect(stats.body).toMatchObject({ id: odd });
    // A project may be named like another project's id: the id still reaches its own project.
    const lookalike = (await createProject(p.url, { name: blog })).id;
    expect((await call(ADMIN_TOKEN, 'GET', `/projects/${blog}`)).body).toMatchObject({
      id: blog,
      name: 'blog',
    });
    expect((await call(ADMIN_TOKEN, 'GET', `/projects/${lookalike}`)).body).toMatchObject({ name: blog });
  });

  it('names are case-sensitive and exact', async () => {
    expect((await call(ADMIN_TOKEN, 'GET', '/projects/SHOP/stats')).status).toBe(404);
    expect((await call(ADMIN_TOKEN, 'GET', '/projects/sho/stats')).status).toBe(404);
    const upper = (await createProject(p.url, { name: 'Shop' })).id;
    expect((await call(ADMIN_TOKEN, 'GET', '/projects/Shop')).body).toMatchObject({ id: upper });
    expect((await call(ADMIN_TOKEN, 'GET', '/projects/shop')).body).toMatchObject({ id: shop });
  });
});

describe('unique names', () => {
  it('refuses a second live project with a name in use, at create and rename (409)', async () => {
    const again = await call(ADMIN_TOKEN, 'POST', '/projects', { name: 'shop' });
    expect(again).toMatchObject({
      status: 409,
      body: { error: expect.stringContaining(`project name "shop" is already used by project ${shop}`) },
    });
    const renamed = await call(ADMIN_TOKEN, 'PATCH', `/projects/${blog}`, { name: 'shop' });
    expect(renamed.status).toBe(409);
    expect((await call(ADMIN_TOKEN, 'GET', `/projects/${blog}`)).body.name).toBe('blog');
    // Keeping one's own name is no conflict.
    expect((await call(ADMIN_TOKEN, 'PATCH', '/projects/shop', { name: 'shop' })).status).toBe(200);
  });

  it('two creates at once with one name: one is made, the other gets 409', async () => {
    const both = await Promise.all(
      [1, 2].map(() => call(ADMIN_TOKEN, 'POST', '/projects', { name: 'twice' })),
    );
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
  });

  it("a deleted project's name: not reached by name, free for a new project, restore refused while taken", async () => {
    const old = (await createProject(p.url, { name: 'reused' })).id;
    expect((await call(ADMIN_TOKEN, 'DELETE', '/projects/reused')).body).toMatchObject({ id: old });
    expect(await call(ADMIN_TOKEN, 'GET', '/projects/reused/stats')).toMatchObject({
      status: 404,
      body: { error: 'no project reused' },
    });
    expect((await call(ADMIN_TOKEN, 'POST', '/projects/reused/restore')).status).toBe(404);
    // By id a deleted project is still there (to restore it).
    expect((await call(ADMIN_TOKEN, 'GET', `/projects/${old}`)).body).toMatchObject({ id: old });
    const fresh = (await createProject(p.url, { name: 'reused' })).id;
    expect((await call(ADMIN_TOKEN, 'GET', '/projects/reused')).body).toMatchObject({ id: fresh });
    const restore = await call(ADMIN_TOKEN, 'POST', `/projects/${old}/restore`);
    expect(restore).toMatchObject({ status: 409, body: { error: expect.stringContaining(fresh) } });
    expect((await call(ADMIN_TOKEN, 'PATCH', '/projects/reused', { name: 'reused-2' })).status).toBe(200);
    expect((await call(ADMIN_TOKEN, 'POST', `/projects/${old}/restore`)).body).toMatchObject({
      deletedAt: null,
    });
    expect((await call(ADMIN_TOKEN, 'GET', '/projects/reused')).body).toMatchObject({ id: old });
  });
});

describe('a name two live projects share', () => {
  let twins: string[];
  beforeAll(async () => {
    // Another processor instance whose cache has not seen the first "twin" yet: both saves succeed.
    const other = new ProjectStore(p.store.client, { rateLimitPerSecond: 1000 });
    const first = await p.projects.create({ name: 'twin' });
    const second = await other.create({ name: 'twin' });
    await p.projects.refresh();
    twins = [first.id, second.id];
  });

  it('answers 400 naming the ids to use, in paths, queries and token grants', async () => {
    const error = `project name "twin" is used by 2 projects: use its id (${twins.join(', ')})`;
    expect(await call(ADMIN_TOKEN, 'GET', '/projects/twin/stats')).toMatchObject({
      status: 400,
      body: { error },
    });
    const query = sampleQuery('errors', { project: 'twin', ...RANGE });
    expect(await call(ADMIN_TOKEN, 'POST', '/query', query)).toMatchObject({ status: 400, body: { error } });
    const token = await call(ADMIN_TOKEN, 'POST', '/tokens', {
      name: 't',
      scope: 'read',
      projects: ['twin'],
    });
    expect(token).toMatchObject({ status: 400, body: { error } });
    for (const id of twins)
      expect((await call(ADMIN_TOKEN, 'GET', `/projects/${id}/stats`)).status).toBe(200);
  });

  it('a token granted one twin reaches it by name; the other stays hidden', async () => {
    const { token } = await makeToken('read', [twins[1]!]);
    expect((await call(token, 'GET', '/projects/twin/releases')).status).toBe(200);
    const answer = await call(token, 'POST', '/query', sampleQuery('errors', { project: 'twin', ...RANGE }));
    expect(answer.status).toBe(200);
    expect(JSON.stringify(answer.body)).not.toContain(twins[0]!);
  });
});

describe('token scope by name', () => {
  it('a token for shop reaches shop by name and gets 404 for blog by name, as for a missing project', async () => {
    const { token, projects } = await makeToken('write', ['shop']);
    expect(projects).toEqual([shop]); // stored as the id: a later rename changes nothing
    expect((await call(token, 'GET', '/projects/shop/issues')).status).toBe(200);
    for (const path of ['/projects/blog/issues', '/projects/blog/stats', '/projects/blog/values/routes']) {
      expect([path, await call(token, 'GET', path)]).toEqual([
        path,
        { status: 404, body: { error: 'no project blog for this token' } },
      ]);
    }
    expect((await call(token, 'POST', '/projects/blog/releases', { version: '9.9.9' })).status).toBe(404);
    const query = await call(token, 'POST', '/query', sampleQuery('errors', { project: 'blog', ...RANGE }));
    expect(query).toMatchObject({ status: 404, body: { error: 'no project blog for this token' } });
    const releases = await call(ADMIN_TOKEN, 'GET', `/projects/${blog}/releases`);
    expect(releases.body.releases.map((r: Body) => r.version)).not.toContain('9.9.9');
  });

  it('a token made for a name keeps reaching the project after a rename', async () => {
    const project = (await createProject(p.url, { name: 'renamed-later' })).id;
    const { token } = await makeToken('read', ['renamed-later']);
    expect((await call(ADMIN_TOKEN, 'PATCH', `/projects/${project}`, { name: 'new-name' })).status).toBe(200);
    expect((await call(token, 'GET', '/projects/new-name/releases')).status).toBe(200);
    expect((await call(token, 'GET', '/projects/renamed-later/releases')).status).toBe(404);
  });
});
