/**
 * Issue #12's "Low" items at the HTTP edge, against a real processor: the query API takes the
 * 256 KB bodies docs/query-api.md promises, audit actors come from the token (a client-supplied
 * name is only a claim beside it), and tokens with whitespace are refused rather than trimmed.
 */
import { ConfigError, loadConfig } from '../src/config/config';
import type { RunningProcessor } from '../src/processor';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';

jest.setTimeout(120_000);

const WRITE = 'edge-write-token';
let p: RunningProcessor;
let project: string;

beforeAll(async () => {
  p = await startTestProcessor({ PULSETRACE_WRITE_TOKEN: WRITE });
  project = (await createProject(p.url)).id;
});
afterAll(() => p.stop());

function call(
  path: string,
  init: { token?: string; auth?: string; body?: unknown; headers?: Record<string, string> },
) {
  const headers: Record<string, string> = { 'content-type': 'application/json', ...init.headers };
  const auth = init.auth ?? (init.token ? `Bearer ${init.token}` : undefined);
  if (auth) headers.authorization = auth;
  return fetch(`${p.url}/api/v1${path}`, {
    method: init.body === undefined ? 'GET' : 'POST',
    headers,
    body:
      init.body === undefined
        ? undefined
        : typeof init.body === 'string'
          ? init.body
          : JSON.stringify(init.body),
  });
}

describe('query body size', () => {
  /** A valid errors query padded to about `kb` KB with filter values (100 values of ≤ 1000 chars each). */
  function paddedQuery(kb: number) {
    const keys = ['release', 'route', 'browser', 'os'];
    const perKey = Math.ceil((kb * 1024) / keys.length / 1000);
    const filters = Object.fromEntries(
      keys.map((k) => [k, Array.from({ length: perKey }, (_, i) => `${k}-${i}-`.padEnd(1000, 'x'))]),
    );
    const now = Date.now();
    return JSON.stringify({
      type: 'errors',
      view: 'timeseries',
      project,
      from: now - 3600_000,
      to: now,
      filters,
    });
  }

  it('accepts a 200 KB query body, as docs/query-api.md promises 256 KB', async () => {
    const body = paddedQuery(200);
    expect(body.length).toBeGreaterThan(200 * 1024);
    const res = await call('/query', { token: ADMIN_TOKEN, body });
    expect(res.status).toBe(200);
    expect((await res.json()) as object).toHaveProperty('results');
  });

  it('still refuses a query body over 256 KB, and other admin routes keep their 100 KB limit', async () => {
    expect((await call('/query', { token: ADMIN_TOKEN, body: paddedQuery(300) })).status).toBe(413);
    const big = JSON.stringify({ name: 'x'.repeat(150_000) });
    expect((await call('/projects', { token: ADMIN_TOKEN, body: big })).status).toBe(413);
  });
});

describe('audit actor', () => {
  const makeToken = async (body: object, headers: Record<string, string> = {}, token = ADMIN_TOKEN) => {
    const res = await call('/tokens', { token, body, headers });
    expect(res.status).toBe(201);
    return (await res.json()) as { token: string; createdBy: string };
  };

  it('is the token, with a client-supplied name recorded only as a claim beside it', async () => {
    expect((await makeToken({ name: 'plain', scope: 'read', projects: '*' })).createdBy).toBe('admin-token');
    const claimed = await makeToken(
      { name: 'claimed', scope: 'read', projects: '*' },
      { 'x-pulsetrace-actor': 'alice' },
    );
    expect(claimed.createdBy).toBe('admin-token (claimed: alice)');

    // A stored token's actor is its name; Grafana's user header is a claim too.
    const deployer = await makeToken({ name: 'ci-deployer', scope: 'admin', projects: '*' });
    const made = await makeToken(
      { name: 'via-deployer', scope: 'read', projects: [project] },
      { 'x-grafana-user': 'mallory' },
      deployer.token,
    );
    expect(made.createdBy).toBe('token:ci-deployer (claimed: mallory)');
  });
});

describe('tokens with whitespace', () => {
  it.each([
    ['two spaces before the token', `Bearer  ${ADMIN_TOKEN}`],
    ['a tab before the token', `Bearer \t${ADMIN_TOKEN}`],
    ['whitespace inside the token', `Bearer ${ADMIN_TOKEN} x`],
  ])('are refused with 401 and a clear message: %s', async (_name, auth) => {
    const res = await call('/projects', { auth });
    expect(res.status).toBe(401);
    expect(((await res.json()) as { error: string }).error).toMatch(/whitespace/);
  });

  it('the exact token still works', async () => {
    expect((await call('/projects', { token: ADMIN_TOKEN })).status).toBe(200);
    expect((await call('/projects', { token: WRITE })).status).toBe(200);
  });

  it('a configured token with whitespace (a trailing newline from a file) is a configuration error', () => {
    expect(() => loadConfig({ PULSETRACE_ADMIN_TOKEN: 'secret\n' })).toThrow(ConfigError);
    expect(() => loadConfig({ PULSETRACE_WRITE_TOKEN: ' secret' })).toThrow(/whitespace/);
  });
});
