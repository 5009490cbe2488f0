import { BackendSrvRequest } from '@grafana/runtime';
import { makeDataSource } from '../testing/datasource';
import { Answer, fakeBackend, PROXY } from '../testing/grafana';

const who = (scope: string, visibleProjects = ['shop', 'blog'], projects: string | string[] = '*') => ({
  status: 200,
  data: { scope, projects, visibleProjects, tokenId: 'env' },
});

interface Setup {
  tokens?: string[];
  read?: Answer;
  write?: Answer;
  admin?: Answer;
  settings?: Answer;
}

/** Grafana's settings API says which secrets are set; each route answers whoami for its token. */
function backend({ tokens = ['readToken'], read, write, admin, settings }: Setup) {
  return fakeBackend((request: BackendSrvRequest) => {
    if (request.url === '/api/datasources/uid/pt') {
      return settings ?? { status: 200, data: { secureJsonFields: Object.fromEntries(tokens.map((t) => [t, true])) } };
    }
    const route = request.url.slice(PROXY.length).split('/')[1];
    const answers: Record<string, Answer | undefined> = { read, write, admin };
    return answers[route] ?? { status: 500, data: { error: 'unexpected' } };
  });
}

const check = (jsonData = { url: 'http://processor:4318', defaultProject: 'shop' }) =>
  makeDataSource(jsonData).testDatasource();

describe('testDatasource', () => {
  it('reports a connection, the scope and the projects', async () => {
    backend({ read: who('read') });
    await expect(check()).resolves.toEqual({
      status: 'success',
      message:
        'Connected to PulseTrace at http://processor:4318. The read token has read scope and reaches every project (2 now: shop, blog).',
    });
  });

  it('asks for a URL first', async () => {
    const fake = backend({ read: who('read') });
    await expect(check({ url: ' ', defaultProject: '' })).resolves.toEqual({
      status: 'error',
      message: 'Set the URL of the PulseTrace processor, for example http://pulsetrace-processor:4318.',
    });
    expect(fake.requests).toHaveLength(0);
  });

  it('lists the projects of a project-scoped token', async () => {
    backend({ read: who('read', ['shop'], ['shop']) });
    expect((await check()).message).toContain('reaches 1 project: shop.');
  });

  it.each<[string, Setup, string, RegExp]>([
    ['no read token', { tokens: [] }, 'error', /^Add a read token/],
    [
      'an unreachable URL',
      { read: { status: 502, data: { message: 'Bad Gateway' } } },
      'error',
      /could not reach the PulseTrace processor at http:\/\/processor:4318/,
    ],
    [
      'a wrong read token (401, which Grafana passes on as 400)',
      { read: { status: 400, data: 'Authentication to data source failed' } },
      'error',
      /rejected the read token \(401\): it is wrong, revoked or expired/,
    ],
    [
      'a read token the processor refuses (403)',
      { read: { status: 403, data: { error: 'this token is revoked' } } },
      'error',
      /refused the read token \(403\): this token is revoked/,
    ],
    [
      'not a PulseTrace processor',
      { read: { status: 404, data: 'Not Found' } },
      'error',
      /answered 404 for \/api\/v1\/whoami: it is not a PulseTrace processor/,
    ],
    [
      'a read token with write scope',
      { read: who('write') },
      'warning',
      /read token has write scope .* Grafana Viewers would get more than read access/,
    ],
    ['a read token with admin scope', { read: who('admin') }, 'warning', /read token has admin scope/],
    ['a token that reaches no project', { read: who('read', [], []) }, 'warning', /reaches no project yet/],
    [
      'a default project the token does not reach',
      { read: who('read', ['blog'], ['blog']) },
      'warning',
      /default project "shop" is not one/,
    ],
    [
      'a write token that is only read',
      { tokens: ['readToken', 'writeToken'], read: who('read'), write: who('read') },
      'error',
      /write token only has read scope, so Grafana Editors could not do what needs write access/,
    ],
    [
      'a write token with admin scope',
      { tokens: ['readToken', 'writeToken'], read: who('read'), write: who('admin') },
      'warning',
      /write token has admin scope: Grafana Editors would get admin access/,
    ],
    [
      'a wrong write token',
      {
        tokens: ['readToken', 'writeToken'],
        read: who('read'),
        write: { status: 400, data: 'Authentication to data source failed' },
      },
      'error',
      /rejected the write token \(401\)/,
    ],
    [
      'an admin token that is only write',
      { tokens: ['readToken', 'adminToken'], read: who('read'), admin: who('write') },
      'error',
      /admin token only has write scope/,
    ],
  ])('explains %s', async (_name, setup, status, message) => {
    backend(setup);
    const result = await check();
    expect(result.status).toBe(status);
    expect(result.message).toMatch(message);
  });

  describe('a default project given by name (the processor resolves unique names)', () => {
    const named = (projects: Array<{ id: string; name: string }>) =>
      fakeBackend((request: BackendSrvRequest) => {
        if (request.url === '/api/datasources/uid/pt') {
          return { status: 200, data: { secureJsonFields: { readToken: true } } };
        }
        const path = request.url.slice(PROXY.length);
        if (path === '/read/api/v1/projects') {
          return { status: 200, data: { projects } };
        }
        return path === '/read/api/v1/whoami'
          ? who(
              'read',
              projects.map((p) => p.id),
              '*'
            )
          : { status: 500, data: { error: 'unexpected' } };
      });

    it('is fine when one reachable project has that name', async () => {
      const fake = named([
        { id: 'p1', name: 'shop' },
        { id: 'p2', name: 'blog' },
      ]);
      expect(await check()).toMatchObject({ status: 'success' });
      expect(fake.paths()).toEqual(['read /api/v1/whoami', 'read /api/v1/projects']);
    });

    it('warns when no reachable project has that name, or several have', async () => {
      named([{ id: 'p2', name: 'blog' }]);
      expect(await check()).toMatchObject({ status: 'warning', message: expect.stringMatching(/"shop" is not one/) });
      named([
        { id: 'p1', name: 'shop' },
        { id: 'p3', name: 'shop' },
      ]);
      expect(await check()).toMatchObject({
        status: 'warning',
        message: expect.stringMatching(/"shop" is the name of 2 projects: set one's id instead/),
      });
    });
  });

  it('checks each configured token through its own route and confirms good ones', async () => {
    const fake = backend({
      tokens: ['readToken', 'writeToken', 'adminToken'],
      read: who('read'),
      write: who('write'),
      admin: who('admin'),
    });
    const result = await check();
    expect(fake.paths()).toEqual(['read /api/v1/whoami', 'write /api/v1/whoami', 'admin /api/v1/whoami']);
    expect(result).toEqual({
      status: 'success',
      message: expect.stringMatching(
        /write token has write scope, for Grafana Editors\. The admin token has admin scope, for Grafana Admins\.$/
      ),
    });
  });

  it('does not check tokens that are not configured', async () => {
    const fake = backend({ read: who('read') });
    await check();
    expect(fake.paths()).toEqual(['read /api/v1/whoami']);
  });

  it('says when the user may not use the admin route instead of failing', async () => {
    backend({
      tokens: ['readToken', 'adminToken'],
      read: who('read'),
      admin: { status: 403, data: { message: 'plugin proxy route access denied' } },
    });
    const result = await check();
    expect(result.status).toBe('success');
    expect(result.message).toMatch(/admin token was not checked: your Grafana role may not use the admin route/);
  });

  it('still checks the read token when the settings API cannot be read', async () => {
    const fake = backend({ read: who('read'), settings: { status: 403, data: { message: 'forbidden' } } });
    expect((await check()).status).toBe('success');
    expect(fake.paths()).toEqual(['read /api/v1/whoami']);
  });
});
