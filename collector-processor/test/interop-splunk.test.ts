/**
 * Splunk RUM (@splunk/otel-web, pinned in test/fixtures/capture) in OTLP mode, bundled and run in
 * real Chromium against the real processor (CORS, `?key=` auth, OTLP/JSON by XHR and sendBeacon):
 * the stored rows of every signal, read back from ClickHouse.
 */
import { INTEROP_INSTALL_TIMEOUT_MS, type InteropRun } from './helpers/interop-browser';
import { pathOf, useInteropScenario, type StoredRows } from './helpers/interop-rows';

jest.setTimeout(INTEROP_INSTALL_TIMEOUT_MS + 120_000);

const interop = useInteropScenario(
  'splunk.mjs',
  (r) => r.page_views.length >= 2 && r.errors.length >= 3 && r.web_vitals.length >= 3,
);
let rows: StoredRows;
let run: InteropRun;
beforeAll(() => {
  ({ rows, run } = interop());
});

const SESSION = /^[0-9a-f]{32}$/;

it('gets every export through, the sendBeacon one sent as the page is hidden included', () => {
  // A beacon is sent with credentials: it passes CORS only with Access-Control-Allow-Credentials.
  expect(run.exports.length).toBeGreaterThanOrEqual(3);
  expect(run.exports.filter((e) => e.status !== 200)).toEqual([]);
});

it('stores the document load and the routeChange as hard and same-document page views', () => {
  const [hard, soft] = [0, 1].map((s) => rows.page_views.filter((p) => p.is_soft_navigation === s));
  expect(hard).toHaveLength(1);
  expect(hard[0]).toMatchObject({ route: '/shop/products/:id', utm_source: 'newsletter' });
  expect(hard[0].load_ms).toBeGreaterThan(0);
  expect(soft).toHaveLength(1);
  expect(soft[0]).toMatchObject({ route: '/shop/cart' });
  expect(pathOf(soft[0].referrer as string)).toBe('/shop/products/12345');
});

it('stores onerror / unhandledrejection as unhandled and console.error as handled, with stacks', () => {
  const by = (m: string) => rows.errors.find((e) => e.mechanism === m)!;
  expect(by('onerror')).toMatchObject({
    handled: 0,
    exception_type: 'TypeError',
    exception_message: "Cannot read properties of undefined (reading 'price')",
  });
  expect(by('onerror')['frames.function']).toEqual(expect.arrayContaining(['computeTotal', 'renderCart']));
  expect(by('onunhandledrejection')).toMatchObject({ handled: 0, exception_type: 'RangeError' });
  expect(by('console.error')).toMatchObject({ handled: 1, exception_message: 'Checkout failed' });
  expect(by('console.error').stacktrace).toContain('makeErrorWithCause');
});

it('stores the webvitals spans as web vitals', () => {
  expect(rows.web_vitals.map((v) => v.name).sort()).toEqual(['CLS', 'INP', 'LCP']);
  for (const v of rows.web_vitals) expect(['good', 'needs-improvement', 'poor']).toContain(v.rating);
});

it('stores fetch/XHR spans as HTTP calls and one click with its page', () => {
  expect(rows.http_requests.map((r) => `${r.method} ${r.url_template} ${r.status_code}`).sort()).toEqual([
    'GET /api/flaky 503',
    'GET /api/orders/:id 404',
    'GET /api/users/:id/orders 200',
    'POST /api/cart/items 201',
  ]);
  const clicks = rows.custom_events.filter((e) => e.name === 'browser.user_action.click');
  expect(clicks).toHaveLength(1);
  expect(clicks[0]).toMatchObject({ route: '/shop/products/:id' });
});

it('puts splunk.rumSessionId and the app name on every row', () => {
  const all = Object.values(rows).flat();
  expect(all.length).toBeGreaterThan(10);
  const sessions = new Set(all.map((r) => r.session_id));
  expect(sessions.size).toBe(1);
  expect([...sessions][0]).toMatch(SESSION);
  for (const r of all) expect(r).toMatchObject({ service_name: 'demo-shop', release: '1.4.2' });
});
