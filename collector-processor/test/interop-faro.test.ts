/**
 * Grafana Faro (@grafana/faro-web-sdk + faro-web-tracing, pinned in test/fixtures/capture), bundled
 * and run in real Chromium against the real processor through both of its transports: the OTLP
 * transport (/v1/traces, /v1/logs) and its default native one (FetchTransport, pointed at
 * /collect/<ingest key> by its `url` alone). The same page (scenarios/faro-shared.mjs) must store
 * the same rows either way, read back from ClickHouse.
 */
import type { RunningProcessor } from '../src/processor';
import {
  INTEROP_INSTALL_TIMEOUT_MS,
  ensureInteropSdks,
  startInteropSite,
  type InteropRun,
  type InteropSite,
} from './helpers/interop-browser';
import { pathOf, runInterop, type StoredRows } from './helpers/interop-rows';
import { startTestProcessor } from './helpers/processor';

jest.setTimeout(INTEROP_INSTALL_TIMEOUT_MS + 180_000);

let processor: RunningProcessor;
let site: InteropSite;
const runs: Record<string, { run: InteropRun; rows: StoredRows }> = {};

/** Everything the page sends has arrived: 2 page views, 5 vitals, 4 errors, the custom event. */
const complete = (r: StoredRows) =>
  r.page_views.length >= 2 &&
  r.web_vitals.length >= 5 &&
  r.errors.length >= 4 &&
  r.http_requests.length >= 4 &&
  r.custom_events.some((e) => e.name === 'add_to_cart');

beforeAll(async () => {
  await ensureInteropSdks();
  processor = await startTestProcessor();
  site = await startInteropSite();
  runs.otlp = await runInterop(processor, site, 'faro.mjs', complete);
  runs.native = await runInterop(processor, site, 'faro-native.mjs', complete);
});
afterAll(async () => {
  await site?.close();
  await processor?.stop();
});

describe.each(['otlp', 'native'])('Faro, %s transport', (transport) => {
  const rows = () => runs[transport].rows;

  it('was sent where the transport sends and accepted', () => {
    const { exports } = runs[transport].run;
    const paths = new Set(exports.filter((e) => e.method === 'POST').map((e) => pathOf(e.url)));
    if (transport === 'native') expect([...paths]).toEqual([expect.stringMatching(/^\/collect\//)]);
    else expect([...paths].sort()).toEqual(['/v1/logs', '/v1/traces']);
    const posts = exports.filter((e) => e.method === 'POST');
    expect(posts.every((e) => e.status === (transport === 'native' ? 202 : 200))).toBe(true);
  });

  it('stores the load as the hard page view and the setView route change as a same-document one', () => {
    const [hard, soft] = [0, 1].map((s) => rows().page_views.filter((p) => p.is_soft_navigation === s));
    expect(hard).toHaveLength(1);
    expect(hard[0]).toMatchObject({ route: '/shop/products/:id' });
    expect(hard[0].load_ms).toBeGreaterThan(0);
    expect(soft).toHaveLength(1);
    expect(soft[0]).toMatchObject({ route: '/shop/cart', session_id: hard[0].session_id });
    expect(rows().custom_events.map((e) => e.name)).not.toContain('view_changed');
  });

  it('stores the web-vitals measurements as vitals, with their attribution', () => {
    const names = rows().web_vitals.map((v) => v.name);
    expect(names.sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
    const cls = rows().web_vitals.find((v) => v.name === 'CLS')!;
    expect(cls.attribution).toMatchObject({ largest_shift_target: '#lead' });
    // The native payload carries every value of the measurement; the OTLP transport the first only.
    if (transport === 'native') expect(cls.attribution).toHaveProperty('largest_shift_value');
  });

  it('stores pushError as handled and what only the errors instrumentation sends as unhandled, with stacks', () => {
    const byMessage = (m: string) => rows().errors.find((e) => (e.exception_message as string).startsWith(m));
    expect(byMessage('Checkout failed')).toMatchObject({ handled: 1, mechanism: 'faro' });
    expect(byMessage('Checkout failed')?.['frames.function']).toContain('makeErrorWithCause');
    expect(byMessage('Non-Error promise rejection captured with value: out of stock')).toMatchObject({
      handled: 0,
      mechanism: 'onunhandledrejection',
    });
    expect(byMessage('Non-Error exception captured with keys: code,retry')).toMatchObject({
      handled: 0,
      mechanism: 'onerror',
    });
    // The uncaught TypeError: Faro sends it exactly as a pushError (no flag): stored with its stack.
    const uncaught = rows().errors.find((e) => e.exception_type === 'TypeError');
    expect(uncaught?.['frames.function']).toEqual(expect.arrayContaining(['computeTotal', 'renderCart']));
  });

  it('stores fetch/XHR spans as HTTP calls, the custom event and measurement', () => {
    const api = rows().http_requests.filter((r) => pathOf(r.http_url as string).startsWith('/api/'));
    expect(api.map((r) => `${r.method} ${r.url_template} ${r.status_code}`).sort()).toEqual([
      'GET /api/flaky 503',
      'GET /api/orders/:id 404',
      'GET /api/users/:id/orders 200',
      'POST /api/cart/items 201',
    ]);
    const names = rows().custom_events.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['add_to_cart', 'checkout_timing']));
  });

  it('carries one session id and the user id on every row of the page', () => {
    const all = [...rows().page_views, ...rows().web_vitals, ...rows().errors, ...rows().custom_events];
    expect(new Set(all.map((r) => r.session_id)).size).toBe(1);
    expect(all[0].session_id).not.toBe('');
    expect(new Set(all.map((r) => r.user_id))).toEqual(new Set(['user-42']));
  });
});
