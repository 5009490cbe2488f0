/**
 * The Setup page against a real processor: the admin calls it makes (projects, key rotation,
 * tokens, source-map listing) with the admin route's token and refused with the read and write
 * tokens; the test event sent as the page sends it (sendTestEvent, testEventPayload, from an
 * allowed and a refused Origin) and found by the page's polling query (testEventQuery through the
 * data source's request builder); and the install snippets checked against the SDK's loader.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { configFromDataset, METHODS } from '../../sdk/src/loader/loader';
import { loaderSnippet, SDK_VERSION, STUB_METHODS } from '../src/components/InstallSnippet/snippets';
import { testEventQuery, testEventRange, testEventRequest } from '../src/pages/setup/queries';
import {
  describeSendFailure,
  framesHaveTestId,
  keptSessionId,
  pollUntil,
  sendTestEvent,
  sessionSampleValue,
  testEventPayload,
} from '../src/pages/setup/testEvent';
import type { AdminProjectJSON, ApiTokenJSON } from '../src/pages/setup/types';
import { AppProcessor, callRoute, runPanelQuery, shapeOf, startAppProcessor, TOKENS } from './helpers/processor';

jest.setTimeout(180_000);
let app: AppProcessor;
beforeAll(async () => {
  app = await startAppProcessor();
});
afterAll(() => app?.stop());

const API = '/api/v1';
const GRAFANA = 'https://grafana.example';
const BROWSER_UA =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';

/** fetch as a browser on `origin` sends it: the Origin and User-Agent headers it adds itself. */
const browserFetch =
  (origin: string): typeof fetch =>
  (url, init) =>
    fetch(url, {
      ...init,
      headers: { ...(init?.headers as Record<string, string>), origin, 'user-agent': BROWSER_UA },
    });

async function admin<T>(method: string, route: string, body?: unknown, status = 200): Promise<T> {
  const res = await callRoute(app, 'admin', method, `${API}${route}`, body);
  expect({ route, status: res.status }).toEqual({ route, status });
  return res.body as T;
}

describe('projects and keys through the admin route', () => {
  let project: AdminProjectJSON;

  it('creates a project with the form’s fields, and the read and write routes may not', async () => {
    const body = {
      name: 'blog',
      allowedOrigins: [GRAFANA],
      sampleRate: 0.3,
      retentionDays: 30,
      rateLimitPerSecond: 1000,
    };
    for (const role of ['read', 'write'] as const) {
      expect((await callRoute(app, role, 'POST', `${API}/projects`, body)).status).toBe(403);
    }
    project = await admin<AdminProjectJSON>('POST', '/projects', body, 201);
    expect(project).toMatchObject({ ...body, deletedAt: null, ingestKey: expect.stringMatching(/^pt_/) });
    const listed = await admin<{ projects: AdminProjectJSON[] }>('GET', '/projects?includeDeleted=true');
    expect(listed.projects.map((p) => p.name)).toEqual(expect.arrayContaining(['blog', 'shop']));
    // Read tokens see names only: the page could not show keys through the read route.
    const read = await callRoute(app, 'read', 'GET', `${API}/projects`);
    expect((read.body as { projects: object[] }).projects.every((p) => !('ingestKey' in p))).toBe(true);
  });

  it('edits only what changed (PATCH keeps the rest)', async () => {
    const changed = await admin<AdminProjectJSON>('PATCH', `/projects/${project.id}`, { retentionDays: 90 });
    expect(changed).toMatchObject({ retentionDays: 90, sampleRate: 0.3, allowedOrigins: [GRAFANA] });
    expect((await callRoute(app, 'write', 'PATCH', `${API}/projects/${project.id}`, { retentionDays: 1 })).status).toBe(
      403
    );
  });

  it('rotates the key with an overlap: both keys listed, the old one expiring, both accepted at ingest', async () => {
    const before = Date.now();
    const rotated = await admin<AdminProjectJSON>('POST', `/projects/${project.id}/keys/rotate`, {
      overlapSeconds: 3600,
    });
    expect(rotated.ingestKey).not.toBe(project.ingestKey);
    expect(rotated.ingestKeys).toEqual([
      { key: rotated.ingestKey, expiresAt: null },
      { key: project.ingestKey, expiresAt: expect.any(String) },
    ]);
    const expires = Date.parse(rotated.ingestKeys![1]!.expiresAt!);
    expect(expires - before).toBeGreaterThan(3590_000);
    expect(expires - before).toBeLessThan(3700_000);
    for (const key of [rotated.ingestKey!, project.ingestKey!]) {
      const payload = testEventPayload({
        testId: `key-${key.slice(-4)}`,
        sessionId: keptSessionId(0.3)!,
        at: Date.now(),
        pageUrl: `${GRAFANA}/x`,
      });
      expect(await sendTestEvent(app.url, key, payload, browserFetch(GRAFANA))).toEqual({
        ok: true,
        status: expect.any(Number),
      });
    }
    expect((await callRoute(app, 'read', 'POST', `${API}/projects/${project.id}/keys/rotate`)).status).toBe(403);
    project = rotated;
  });

  it('deletes and restores', async () => {
    const deleted = await admin<AdminProjectJSON>('DELETE', `/projects/${project.id}`);
    expect(deleted.deletedAt).not.toBeNull();
    expect(deleted.restorableUntil).toEqual(expect.any(String));
    const restored = await admin<AdminProjectJSON>('POST', `/projects/${project.id}/restore`);
    expect(restored.deletedAt).toBeNull();
  });

  describe('the test event', () => {
    it('is sent as the page sends it, kept by the project’s 30 % sampling, and found by the page’s polling query', async () => {
      const testId = `t-${Date.now()}`;
      const sentAt = Date.now();
      const payload = testEventPayload({
        testId,
        sessionId: keptSessionId(project.sampleRate!)!,
        at: sentAt,
        pageUrl: `${GRAFANA}/a/pulsetrace-app/setup`,
      });
      expect(await sendTestEvent(`${app.url}/`, project.ingestKey!, payload, browserFetch(GRAFANA))).toMatchObject({
        ok: true,
      });
      const ms = await pollUntil({
        intervalMs: 200,
        check: async () =>
          framesHaveTestId(
            await runPanelQuery(app, testEventQuery(project.id), testEventRange(sentAt, Date.now())),
            testId
          ),
      });
      expect(ms).toBeDefined();
      // The frame the page reads: value, count, users (a properties view).
      const [frame] = await runPanelQuery(app, testEventQuery(project.id), testEventRange(sentAt, Date.now()));
      expect(shapeOf(frame!).fields).toEqual(['value', 'count', 'users']);
      expect(shapeOf(frame!).rows).toBeGreaterThanOrEqual(1);
      // The exact body the page posts (same builder, literal interpolation) finds it too.
      const body = testEventRequest(project.id, sentAt, Date.now());
      const res = await callRoute(app, 'read', 'POST', `${API}/query`, body);
      const frames = (res.body as { results: Record<string, { frames: Parameters<typeof framesHaveTestId>[0] }> })
        .results.testEvent!.frames;
      expect(framesHaveTestId(frames, testId)).toBe(true);
      process.stdout.write(`setup-page: test event found ${ms} ms after sending\n`);
    });

    it('from an origin the project does not allow: refused, and the page says which origin to add', async () => {
      const payload = testEventPayload({
        testId: 'refused',
        sessionId: 'pt-test-x',
        at: Date.now(),
        pageUrl: 'https://other.example/',
      });
      const sent = await sendTestEvent(app.url, project.ingestKey!, payload, browserFetch('https://other.example'));
      expect(sent).toMatchObject({ ok: false, status: 403 });
      const ctx = { endpoint: app.url, origin: 'https://other.example', allowedOrigins: project.allowedOrigins };
      expect(describeSendFailure(ctx, sent as { status: number })).toMatch(
        /Is https:\/\/other.example in the project's allowed origins/
      );
    });

    it('with a wrong key: 401, named as such', async () => {
      const payload = testEventPayload({ testId: 'bad', sessionId: 's', at: Date.now(), pageUrl: `${GRAFANA}/` });
      const sent = await sendTestEvent(app.url, 'pt_nope', payload, browserFetch(GRAFANA));
      expect(sent).toMatchObject({ ok: false, status: 401 });
      expect(
        describeSendFailure(
          { endpoint: app.url, origin: GRAFANA, allowedOrigins: [GRAFANA] },
          sent as { status: number }
        )
      ).toMatch(/ingest key \(401/);
    });
  });
});

describe('API tokens through the admin route', () => {
  it('creates a token (secret shown once), lists it without the secret, revokes it, and it stops working', async () => {
    const made = await admin<ApiTokenJSON>('POST', '/tokens', { name: 'ci', scope: 'read', projects: ['shop'] }, 201);
    expect(made.token).toEqual(expect.any(String));
    const listed = await admin<{ tokens: ApiTokenJSON[] }>('GET', '/tokens');
    const entry = listed.tokens.find((t) => t.id === made.id)!;
    expect(entry).toMatchObject({ name: 'ci', scope: 'read', revokedAt: null });
    expect(entry).not.toHaveProperty('token');
    const useIt = () =>
      fetch(`${app.url}${API}/projects/shop/issues`, { headers: { authorization: `Bearer ${made.token}` } }).then(
        (r) => r.status
      );
    expect(await useIt()).toBe(200);
    const revoked = await admin<ApiTokenJSON>('DELETE', `/tokens/${made.id}`);
    expect(revoked.revokedAt).toEqual(expect.any(String));
    expect(await useIt()).toBe(401);
  });

  it.each(['read', 'write'] as const)('the %s route is refused on the tokens API', async (role) => {
    expect((await callRoute(app, role, 'GET', `${API}/tokens`)).status).toBe(403);
    expect(
      (await callRoute(app, role, 'POST', `${API}/tokens`, { name: 'x', scope: 'admin', projects: '*' })).status
    ).toBe(403);
    expect((await callRoute(app, role, 'DELETE', `${API}/tokens/whatever`)).status).toBe(403);
  });
});

describe('source maps listing', () => {
  it('lists the shop’s releases and each release’s files on the admin route', async () => {
    const { releases } = await admin<{ releases: Array<{ version: string }> }>(
      'GET',
      '/projects/shop/releases?limit=200'
    );
    expect(releases.map((r) => r.version)).toEqual(expect.arrayContaining(['1.0.0', '1.1.0']));
    const files = await admin<{ files: unknown[] }>('GET', '/projects/shop/releases/1.1.0/sourcemaps');
    expect(files.files).toEqual([]);
  });

  it('lists a release’s uploaded files (as CI uploads them with a write token) with kinds and sizes', async () => {
    const form = new FormData();
    form.append('urlPrefix', '~/assets/');
    form.append('file', new Blob(['f();\n//# sourceMappingURL=app.js.map\n']), 'app.js');
    const map = JSON.stringify({ version: 3, sources: ['a.ts'], names: [], mappings: 'AAAA' });
    form.append('file', new Blob([map]), 'app.js.map');
    const upload = await fetch(`${app.url}${API}/projects/shop/releases/1.0.0/sourcemaps`, {
      method: 'POST',
      headers: { authorization: `Bearer ${TOKENS.write}` },
      body: form,
    });
    expect(upload.status).toBe(201);
    const { files } = await admin<{ files: Array<{ name: string; kind: string; bytes: number }> }>(
      'GET',
      '/projects/shop/releases/1.0.0/sourcemaps'
    );
    expect(files.map((f) => [f.name, f.bytes])).toEqual(
      expect.arrayContaining([
        [expect.stringContaining('app.js.map'), map.length],
        [expect.stringMatching(/app\.js$/), expect.any(Number)],
      ])
    );
    expect(new Set(files.map((f) => f.kind)).size).toBe(2);
    expect((await callRoute(app, 'read', 'GET', `${API}/projects/shop/releases/1.0.0/sourcemaps`)).status).toBe(403);
  });
});

describe('install snippets and the SDK', () => {
  it('the inline stub queues exactly the loader’s methods', () => {
    expect(STUB_METHODS.split(' ')).toEqual(METHODS);
  });

  it('snippets name the SDK’s current version', () => {
    const pkg = JSON.parse(readFileSync(path.join(__dirname, '../../sdk/package.json'), 'utf8')) as { version: string };
    expect(SDK_VERSION).toBe(pkg.version);
  });

  it('the loader tag’s attributes are the ones the loader reads', () => {
    const html = loaderSnippet({
      endpoint: 'https://rum.example.com/',
      key: 'pt_k',
      release: '1.2.3',
      environment: 'prod',
    }).code;
    const dataset: Record<string, string> = {};
    for (const [, name, value] of html.matchAll(/data-([a-z-]+)="([^"]*)"/g)) {
      dataset[name!.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase())] = value!;
    }
    expect(configFromDataset(dataset)).toEqual({
      endpoint: 'https://rum.example.com',
      key: 'pt_k',
      release: '1.2.3',
      environment: 'prod',
    });
  });
});

it('uses the route tokens of plugin.json', () => {
  expect(Object.keys(TOKENS)).toEqual(['read', 'write', 'admin']);
});
