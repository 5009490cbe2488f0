/**
 * Error answers a new user meets first, against a real processor: relative times that work (and
 * the formats named when a time is wrong), field paths with what they expect, 415 "send JSON" for
 * curl's form-encoded `-d`, and the closest route for a misspelled path.
 */
import type { RunningProcessor } from '../src/processor';
import { TIME_FORMATS } from '../src/query/time';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';
import { insertRows, postQuery, queryFrames } from './helpers/query';
import { httpRequest, rowsOf } from './helpers/seed-performance';

jest.setTimeout(120_000);

let p: RunningProcessor;
let project: string;
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function call(
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: string } = {},
) {
  const res = await fetch(`${p.url}${path}`, {
    method,
    headers: { ...auth, ...init.headers },
    body: init.body,
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { error: string; issues?: unknown },
  };
}

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  const now = Date.now();
  // One request 30 minutes ago, one 3 hours ago: `now-1h` must see only the first.
  await insertRows(p, 'http_requests', [
    httpRequest({ atMs: now - 30 * 60_000, project_id: project }),
    httpRequest({ atMs: now - 3 * 3_600_000, project_id: project }),
  ]);
});
afterAll(() => p.stop());

describe('relative times', () => {
  const requests = async (from: unknown, to: unknown) => {
    const [frame] = await queryFrames(p, { type: 'http', view: 'endpoints', project, from, to });
    return rowsOf(frame!).reduce((n, r) => n + Number(r.requests), 0);
  };

  it('query from/to take now-1h, now-6h and now as Grafana writes them', async () => {
    expect(await requests('now-1h', 'now')).toBe(1);
    expect(await requests('now-6h', 'now')).toBe(2);
    expect(await requests(Date.now() - 6 * 3_600_000, new Date().toISOString())).toBe(2);
  });

  it('a time in no accepted format names the field and the formats', async () => {
    const answer = await postQuery(p, {
      type: 'http',
      view: 'endpoints',
      project,
      from: 'an hour ago',
      to: 'now',
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe(`invalid query: from: expected ${TIME_FORMATS}`);
    expect(answer.body.issues).toEqual([{ path: 'from', message: `expected ${TIME_FORMATS}` }]);
  });

  it('the values route takes relative times in its query string too', async () => {
    const ok = await call('GET', `/api/v1/projects/${project}/values/routes?from=now-7d&to=now`);
    expect(ok.status).toBe(200);
    const bad = await call('GET', `/api/v1/projects/${project}/values/routes?from=yesterday`);
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe(`invalid query parameters: from: expected ${TIME_FORMATS}`);
  });
});

describe('request bodies', () => {
  it('a missing field is named as required, with the type it takes', async () => {
    const answer = await call('POST', '/api/v1/projects', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ allowedOrigins: ['http://localhost:3000'], colour: 'red' }),
    });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatch(/^invalid request body: name: required: expected string/);
    expect(answer.body.error).toContain('colour: unknown field');
  });

  it("curl's -d (form encoding) gets 415 send JSON, not a missing field", async () => {
    const answer = await call('POST', '/api/v1/projects', {
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: JSON.stringify({ name: 'form-app' }),
    });
    expect(answer.status).toBe(415);
    expect(answer.body.error).toBe(
      'send JSON: content-type: application/json (this request has content-type: application/x-www-form-urlencoded)',
    );
    // Nothing was created by the refused request.
    const list = await call('GET', '/api/v1/projects');
    expect(JSON.stringify(list.body)).not.toContain('form-app');
  });

  it('a body without any content type gets 415 too; a JSON one with a charset passes', async () => {
    const res = await fetch(`${p.url}/api/v1/query`, {
      method: 'POST',
      headers: auth,
      body: new Blob([JSON.stringify({ type: 'http', project, from: 'now-1h', to: 'now' })]),
    });
    expect(res.status).toBe(415);
    expect(((await res.json()) as { error: string }).error).toMatch(/^send JSON: .* no content-type/);
    const charset = await call('POST', '/api/v1/query', {
      headers: { 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ type: 'http', view: 'endpoints', project, from: 'now-1h', to: 'now' }),
    });
    expect(charset.status).toBe(200);
  });

  it('a POST without a body (restore, rotate) is not asked for a content type', async () => {
    const answer = await call('POST', `/api/v1/projects/${project}/keys/rotate`);
    expect(answer.status).toBe(200);
  });
});

describe('unknown routes', () => {
  it('a misspelled route suggests the right one', async () => {
    const answer = await call('POST', '/api/v1/querry', {
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(404);
    expect(answer.body.error).toBe(
      'no route POST /api/v1/querry: did you mean POST /api/v1/query? (every route: GET /api/openapi.json)',
    );
  });

  it('path parameters match any segment and are kept in the suggestion', async () => {
    const answer = await call('GET', `/api/v1/projcts/${project}/stats`);
    expect(answer.status).toBe(404);
    expect(answer.body.error).toContain(`did you mean GET /api/v1/projects/${project}/stats?`);
    const missingVersion = await call('GET', '/api/whoami');
    expect(missingVersion.body.error).toContain('did you mean GET /api/v1/whoami?');
  });

  it('nothing close: says where OTLP and the API are', async () => {
    const answer = await call('GET', '/wp-admin/setup-config.php');
    expect(answer.status).toBe(404);
    expect(answer.body.error).toContain('OTLP goes to POST /v1/traces or /v1/logs, the API is under /api/v1');
  });

  it('the right path with the wrong method is 405 naming the methods', async () => {
    const answer = await call('DELETE', '/api/v1/whoami');
    expect(answer.status).toBe(405);
    expect(answer.headers.get('allow')).toBe('GET');
    expect(answer.body.error).toBe('/api/v1/whoami takes GET, not DELETE');
    const traces = await call('GET', '/v1/traces');
    expect(traces.status).toBe(405);
    expect(traces.body.error).toBe('/v1/traces takes POST, OPTIONS, not GET');
  });
});
