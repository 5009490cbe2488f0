/**
 * Grafana Faro's native transport on `POST /collect/:ingestKey` (Alloy faro.receiver's path shape)
 * against the real processor and embedded ClickHouse: what each payload list becomes, 202 as Alloy
 * answers, Faro's headers in CORS, its Idempotency-Key as the batch id, and clear 400s for bodies
 * that are not Faro payloads. The real SDK's payloads are in interop-faro.test.ts.
 */
import zlib from 'node:zlib';
import type { RunningProcessor } from '../src/processor';
import { storedRows } from './helpers/interop-rows';
import { createProject, startTestProcessor, until } from './helpers/processor';

const ORIGIN = 'https://shop.example';
let processor: RunningProcessor;
let project: { id: string; ingestKey: string };

beforeAll(async () => {
  processor = await startTestProcessor();
  project = await createProject(processor.url, {
    name: 'faro-native',
    allowedOrigins: [ORIGIN],
    rateLimitPerSecond: 1_000_000,
  });
});
afterAll(() => processor.stop());

const now = Date.now();
const at = (ms: number) => new Date(now + ms).toISOString();
const PAGE = 'https://shop.example/shop/products/12345?utm_source=newsletter';

/** The shape Faro 2.12's FetchTransport posts (field names from faro-core's transports/types). */
function payload(session = 'FtBh2XkcpZ') {
  return {
    meta: {
      sdk: { name: 'faro-web', version: '2.12.1' },
      app: { name: 'demo-shop', version: '1.4.2', environment: 'production' },
      user: { id: 'user-42', username: 'ada' },
      session: { id: session },
      page: { url: PAGE },
      browser: { name: 'Chrome', version: '156.0.0.0', os: 'Linux', mobile: false, viewportWidth: '1280' },
      view: { name: 'default' },
    },
    events: [
      {
        name: 'faro.performance.navigation',
        domain: 'browser',
        timestamp: at(0),
        attributes: { name: PAGE, ttfb: '7', pageLoadTime: '215', onLoadTime: '0', duration: '217' },
      },
      { name: 'add_to_cart', domain: 'browser', timestamp: at(10), attributes: { sku: 'SKU-1' } },
      {
        name: 'view_changed',
        domain: 'browser',
        timestamp: at(20),
        attributes: { fromView: 'default', toView: 'cart' },
      },
    ],
    measurements: [
      { type: 'web-vitals', values: { lcp: 92 }, timestamp: at(5), context: { rating: 'good' } },
      { type: 'checkout_timing', values: { render_ms: 123.5, items: 3 }, timestamp: at(6) },
    ],
    exceptions: [
      {
        type: 'TypeError',
        value: "Cannot read properties of undefined (reading 'price')",
        timestamp: at(7),
        stacktrace: {
          frames: [
            { filename: 'https://shop.example/app.js', function: 'computeTotal', lineno: 17, colno: 23 },
            { filename: 'https://shop.example/app.js', function: 'renderCart', lineno: 20, colno: 22 },
          ],
        },
      },
      {
        type: 'UnhandledRejection',
        value: 'Non-Error promise rejection captured with value: 42',
        timestamp: at(8),
      },
    ],
    logs: [{ message: 'cart opened', level: 'info', timestamp: at(9), context: { step: '1' } }],
  };
}

function collect(
  body: string | Buffer,
  headers: Record<string, string> = {},
  path = `/collect/${project.ingestKey}`,
) {
  return fetch(`${processor.url}${path}`, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers },
  });
}

async function rowsOf(projectId: string) {
  await processor.drained();
  return storedRows(processor, projectId);
}

it('answers the preflight with the headers Faro sends', async () => {
  const res = await fetch(`${processor.url}/collect/${project.ingestKey}`, {
    method: 'OPTIONS',
    headers: {
      origin: ORIGIN,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-faro-session-id,idempotency-key',
    },
  });
  expect(res.status).toBe(204);
  expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  const allowed = res.headers.get('access-control-allow-headers')!.split(/,\s*/);
  expect(allowed).toEqual(expect.arrayContaining(['content-type', 'x-faro-session-id', 'idempotency-key']));
  const refused = await fetch(`${processor.url}/collect/${project.ingestKey}`, {
    method: 'OPTIONS',
    headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
  });
  expect(refused.status).toBe(403);
});

it('stores every list of a payload as rows, answering 202', async () => {
  const res = await collect(JSON.stringify(payload()), { 'x-faro-session-id': 'FtBh2XkcpZ' });
  expect(res.status).toBe(202);
  expect(res.headers.get('access-control-allow-origin')).toBe(ORIGIN);
  const rows = await rowsOf(project.id);
  const [hard, soft] = [0, 1].map((s) => rows.page_views.filter((p) => p.is_soft_navigation === s));
  expect(hard).toMatchObject([{ route: '/shop/products/:id', ttfb_ms: 7, load_ms: 215 }]);
  expect(soft).toHaveLength(1);
  expect(rows.web_vitals).toMatchObject([{ name: 'LCP', value: 92, rating: 'good' }]);
  const errors = Object.fromEntries(rows.errors.map((e) => [e.exception_type as string, e]));
  expect(errors.TypeError).toMatchObject({ handled: 1, mechanism: 'faro', 'frames.lineno': [17, 20] });
  expect(errors.TypeError['frames.function']).toEqual(['computeTotal', 'renderCart']);
  expect(errors.UnhandledRejection).toMatchObject({ handled: 0, mechanism: 'onunhandledrejection' });
  // Every value of a measurement is kept (Faro's OTLP transport sends only the first).
  expect(rows.custom_events.map((e) => e.name).sort()).toEqual([
    'add_to_cart',
    'checkout_timing',
    'checkout_timing',
  ]);
  const all = [...rows.page_views, ...rows.web_vitals, ...rows.errors, ...rows.custom_events];
  expect(new Set(all.map((r) => `${r.session_id} ${r.user_id} ${r.service_name} ${r.release}`))).toEqual(
    new Set(['FtBh2XkcpZ user-42 demo-shop 1.4.2']),
  );
});

it('stores a payload once however often Faro retries it with the same Idempotency-Key', async () => {
  const p = await createProject(processor.url, { name: 'faro-retry', allowedOrigins: [ORIGIN] });
  const body = zlib.gzipSync(JSON.stringify(payload('retried')));
  const headers = { 'idempotency-key': 'Qw3rTy7uIoP1aSdFgH2j', 'content-encoding': 'gzip' };
  for (let i = 0; i < 3; i++)
    expect((await collect(body, headers, `/collect/${p.ingestKey}`)).status).toBe(202);
  const rows = await rowsOf(p.id);
  expect(rows.errors).toHaveLength(2);
  expect(rows.page_views).toHaveLength(2);
});

it("applies the project's rate limit as on OTLP routes: 429 with Retry-After", async () => {
  const p = await createProject(processor.url, {
    name: 'faro-limited',
    allowedOrigins: [ORIGIN],
    rateLimitPerSecond: 5,
  });
  const body = JSON.stringify(payload('limited'));
  expect((await collect(body, {}, `/collect/${p.ingestKey}`)).status).toBe(202);
  const second = await collect(body, {}, `/collect/${p.ingestKey}`);
  expect(second.status).toBe(429);
  expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(second.headers.get('access-control-allow-origin')).toBe(ORIGIN);
});

it('takes the key from x-api-key (Faro apiKey) on /collect', async () => {
  const p = await createProject(processor.url, { name: 'faro-api-key', allowedOrigins: [ORIGIN] });
  const res = await collect(
    JSON.stringify({ meta: payload().meta, events: payload().events.slice(1, 2) }),
    {
      'x-api-key': p.ingestKey,
    },
    '/collect',
  );
  expect(res.status).toBe(202);
  await until(async () => (await rowsOf(p.id)).custom_events.length === 1, 10_000, 'custom event stored');
});

it.each([
  ['not JSON', '{"meta":', /Faro payload is not valid JSON/],
  ['an array', '[]', /Faro payload is not an object/],
  ['OTLP', '{"resourceLogs":[]}', /not a Faro payload: expected at least one of meta, logs/],
  [
    'a wrong field type',
    '{"exceptions":[{"type":1,"timestamp":"2026-01-01T00:00:00Z"}]}',
    /exceptions\[0\]\.type/,
  ],
  [
    'a bad timestamp',
    '{"logs":[{"message":"x","timestamp":"yesterday"}]}',
    /logs\[0\]\.timestamp: not an ISO/,
  ],
  [
    'a bad measurement',
    '{"measurements":[{"type":"t","values":{"a":"1"},"timestamp":"2026-01-01T00:00:00Z"}]}',
    /measurements\[0\]\.values\.a/,
  ],
])('refuses %s with 400 and a message naming the problem', async (_what, body, message) => {
  const res = await collect(body);
  expect(res.status).toBe(400);
  expect(((await res.json()) as { message: string }).message).toMatch(message);
});

it('refuses an unknown or missing key with 401', async () => {
  expect((await collect(JSON.stringify(payload()), {}, '/collect/not-a-key')).status).toBe(401);
  expect((await collect(JSON.stringify(payload()), {}, '/collect')).status).toBe(401);
});
