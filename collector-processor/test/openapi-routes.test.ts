/**
 * The OpenAPI document covers the whole API: every route the real app answers has an operation
 * and every operation a route (listed from the app itself, src/http/route-list.ts), and the
 * answers of a walk through the API match the documented response schemas.
 */
import express from 'express';
import { listRoutes } from '../src/http/route-list';
import { openApiDocument } from '../src/openapi';
import type { RunningProcessor } from '../src/processor';
import { documentValidator, operations, type Doc } from './helpers/openapi';
import { encodeTraces, TracePayloads } from './helpers/otlp-payloads';
import { postErrors } from '../src/issues/testkit';
import { ADMIN_TOKEN, startTestProcessor, until } from './helpers/processor';

/** Routes without an operation and operations without a route, by `METHOD /path`. */
function mismatches(routes: string[], doc: Doc) {
  const documented = new Set(operations(doc).map((o) => o.key));
  const routed = new Set(routes);
  return {
    undocumented: routes.filter((r) => !documented.has(r)),
    unrouted: [...documented].filter((o) => !routed.has(o)),
  };
}

describe('route list', () => {
  it('names mount paths, nested routers and parameters as OpenAPI paths, leaving middleware out', () => {
    const inner = express.Router();
    inner.get('/projects/:id/things/:thing', (_req, res) => res.end());
    const outer = express.Router();
    outer.use(express.json());
    outer.use(inner);
    outer.post('/projects', (_req, res) => res.end());
    const app = express();
    app.use('/api/v1', outer);
    app.options('/v1/traces', (_req, res) => res.end());
    app.get('/healthz', (_req, res) => res.end());
    app.use((_req, res) => res.status(404).end());
    expect(listRoutes(app)).toEqual([
      { method: 'GET', path: '/api/v1/projects/{id}/things/{thing}' },
      { method: 'POST', path: '/api/v1/projects' },
      { method: 'OPTIONS', path: '/v1/traces' },
      { method: 'GET', path: '/healthz' },
    ]);
  });

  it('refuses routes it cannot name instead of leaving them out', () => {
    // (An app's own .all registers each method by name, which the list names one by one.)
    const router = express.Router();
    router.all('/anything', (_req, res) => res.end());
    const all = express();
    all.use(router);
    expect(() => listRoutes(all)).toThrow(/every method/);
    const regexp = express();
    regexp.get(/^\/x+$/, (_req, res) => res.end());
    expect(() => listRoutes(regexp)).toThrow(/RegExp/);
    const wildcard = express();
    wildcard.get('/files/*path', (_req, res) => res.end());
    expect(() => listRoutes(wildcard)).toThrow(/cannot name/);
  });

  it('reports a route without an operation and an operation without a route', () => {
    const doc = { paths: { '/a': { get: {} }, '/b': { post: {} } } };
    expect(mismatches(['GET /a', 'DELETE /a'], doc)).toEqual({
      undocumented: ['DELETE /a'],
      unrouted: ['POST /b'],
    });
  });
});

// Starting embedded ClickHouse can take a while on a loaded machine.
jest.setTimeout(120_000);

let p: RunningProcessor;
beforeAll(async () => {
  p = await startTestProcessor();
});
afterAll(() => p.stop());

describe('the document and the app', () => {
  it('has an operation for every route of the app and a route for every operation', () => {
    const routes = listRoutes(p.app).map((r) => `${r.method} ${r.path}`);
    // The listing reaches routers mounted under /api/v1 and nested in others (regroup in issues).
    expect(routes).toEqual(
      expect.arrayContaining([
        'POST /api/v1/projects',
        'POST /api/v1/projects/{id}/regroup',
        'POST /api/v1/projects/{id}/erasure',
        'POST /collect/{ingestKey}',
        'OPTIONS /v1/logs',
        'GET /metrics',
      ]),
    );
    expect(mismatches(routes, openApiDocument())).toEqual({ undocumented: [], unrouted: [] });
  });

  it('gives every operation an id, a summary and a tag; only service routes and preflights need no key', () => {
    const ops = operations(openApiDocument());
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ops.length);
    for (const { key, op } of ops)
      expect([key, typeof op.summary, op.tags?.length]).toEqual([key, 'string', 1]);
    const open = ops
      .filter((o) => Array.isArray(o.op.security) && o.op.security.length === 0)
      .map((o) => o.key);
    expect(open.sort()).toEqual(
      [
        'GET /healthz',
        'GET /readyz',
        'GET /metrics',
        'GET /api/openapi.json',
        'OPTIONS /v1/traces',
        'OPTIONS /v1/logs',
        'OPTIONS /collect',
        'OPTIONS /collect/{ingestKey}',
        // The ingest key is the path segment.
        'POST /collect/{ingestKey}',
      ].sort(),
    );
  });
});

describe('answers match the documented schemas', () => {
  const validator = documentValidator();

  async function call(
    operationId: string,
    expected: number,
    method: string,
    path: string,
    body?: unknown,
    token = ADMIN_TOKEN,
  ) {
    // A FormData body goes as multipart (fetch sets its content type); anything else as JSON.
    const json = body !== undefined && !(body instanceof FormData);
    const res = await fetch(`${p.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(json ? { 'content-type': 'application/json' } : {}) },
      body: json ? JSON.stringify(body) : (body as FormData | undefined),
    });
    const answer = (await res.json()) as Doc;
    expect([operationId, res.status]).toEqual([operationId, expected]);
    const validate = validator.response(operationId, expected);
    expect([operationId, validate(answer), validate.errors ?? null]).toEqual([operationId, true, null]);
    return answer;
  }

  it('the schemas are not vacuous: a project without its fields is not a documented answer', () => {
    expect(validator.response('createProject', 201)({ name: 'x' })).toBe(false);
    expect(validator.response('getProject', 404)({ message: 'no' })).toBe(false);
  });

  it('projects, releases, issues, regroups, tokens, erasure, dead letters and service routes', async () => {
    const project = await call('createProject', 201, 'POST', '/api/v1/projects', {
      name: 'documented',
      allowedOrigins: ['http://localhost:3000'],
    });
    const id = project.id as string;
    const base = `/api/v1/projects/${id}`;
    await call('createProject', 400, 'POST', '/api/v1/projects', { name: '' });
    await call('listProjects', 200, 'GET', '/api/v1/projects');
    await call('getProject', 200, 'GET', base);
    await call('getProject', 404, 'GET', '/api/v1/projects/no-such-project');
    await call('updateProject', 200, 'PATCH', base, { environment: 'staging' });
    await call('rotateIngestKey', 200, 'POST', `${base}/keys/rotate`, { overlapSeconds: 60 });
    await call('getProjectStats', 200, 'GET', `${base}/stats`);

    await call('createRelease', 201, 'POST', `${base}/releases`, { version: 'web/1.0.0' });
    await call('createRelease', 200, 'POST', `${base}/releases`, { version: 'web/1.0.0', ref: 'abc' });
    const version = encodeURIComponent('web/1.0.0');
    await call('finalizeRelease', 200, 'POST', `${base}/releases/${version}/finalize`, {});
    await call('createDeploy', 201, 'POST', `${base}/releases/${version}/deploys`, { environment: 'prod' });
    await call('listDeploys', 200, 'GET', `${base}/releases/${version}/deploys`);
    await call('listReleases', 200, 'GET', `${base}/releases`);
    const form = new FormData();
    form.append('urlPrefix', '~/assets/');
    form.append('file', new Blob(['f();\n//# sourceMappingURL=app.js.map\n']), 'app.js');
    form.append(
      'file',
      new Blob([JSON.stringify({ version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA' })]),
      'app.js.map',
    );
    await call('uploadSourcemaps', 201, 'POST', `${base}/releases/${version}/sourcemaps`, form);
    await call('listSourcemaps', 200, 'GET', `${base}/releases/${version}/sourcemaps`);

    await call('listIssues', 200, 'GET', `${base}/issues?status=unresolved`);
    await call('getIssue', 404, 'GET', `${base}/issues/no-such-issue`);
    const regroup = await call('startRegroup', 202, 'POST', `${base}/regroup`, { dryRun: true });
    await call('getRegroup', 200, 'GET', `${base}/regroups/${regroup.id}`);

    const token = await call('createToken', 201, 'POST', '/api/v1/tokens', {
      name: 'grafana',
      scope: 'read',
      projects: [id],
    });
    await call('whoami', 200, 'GET', '/api/v1/whoami', undefined, token.token as string);
    await call('listTokens', 200, 'GET', '/api/v1/tokens');
    await call('revokeToken', 200, 'DELETE', `/api/v1/tokens/${token.id}`);
    await call('listDeadLetters', 200, 'GET', `/api/v1/dead-letters?project=${id}`);
    await call(
      'listValues',
      200,
      'GET',
      `${base}/values/browsers?from=${Date.now() - 3600_000}&to=${Date.now()}`,
    );

    const erasure = await call('startErasure', 202, 'POST', `${base}/erasure`, { userId: 'u-1' });
    await call('listErasures', 200, 'GET', `${base}/erasures`);
    await call('getErasure', 200, 'GET', `${base}/erasures/${erasure.id}`);

    await call('deleteProject', 200, 'DELETE', base);
    await call('restoreProject', 200, 'POST', `${base}/restore`);
    await call('healthz', 200, 'GET', '/healthz');
    await call('readyz', 200, 'GET', '/readyz');
  });

  it('an issue through its lifecycle: list, detail, change, comment, activity', async () => {
    const project = await call('createProject', 201, 'POST', '/api/v1/projects', { name: 'issues' });
    const base = `/api/v1/projects/${project.id}`;
    await postErrors(p.url, project.ingestKey as string, {
      group: 'documented',
      release: '1.0.0',
      user: () => 'u1',
    });
    let issues: Doc[] = [];
    await until(
      async () => {
        issues = (await call('listIssues', 200, 'GET', `${base}/issues`)).issues as Doc[];
        return issues.length > 0;
      },
      30_000,
      'the issue',
    );
    const issue = `${base}/issues/${issues[0].id}`;
    await call('getIssue', 200, 'GET', issue);
    await call('updateIssue', 200, 'PATCH', issue, { status: 'ignored', ignoreUntil: { count: 5 } });
    await call('updateIssue', 400, 'PATCH', issue, { status: 'regressed' });
    await call('commentOnIssue', 201, 'POST', `${issue}/comments`, { text: 'looking' });
    const { activity } = await call('listIssueActivity', 200, 'GET', `${issue}/activity`);
    expect((activity as Doc[]).length).toBeGreaterThanOrEqual(2);
  });

  it('OTLP answers: an export response, and a google.rpc.Status for an unknown key', async () => {
    const project = await call('createProject', 201, 'POST', '/api/v1/projects', { name: 'ingest' });
    const { body, headers } = encodeTraces(
      new TracePayloads({ 'service.name': 'web' }).fetchSpans(2).spans,
      'json',
    );
    for (const [key, status] of [
      [project.ingestKey as string, 200],
      ['not-a-key', 401],
    ] as const) {
      const res = await fetch(`${p.url}/v1/traces`, {
        method: 'POST',
        headers: { ...headers, 'x-pulsetrace-key': key },
        body,
      });
      expect(res.status).toBe(status);
      const validate = validator.response('ingestTraces', status);
      expect([validate(await res.json()), validate.errors ?? null]).toEqual([true, null]);
    }
  });
});
