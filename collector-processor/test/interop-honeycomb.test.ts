/**
 * Honeycomb's web SDK (@honeycombio/opentelemetry-web with the OTel web auto-instrumentations),
 * pinned in test/fixtures/capture, bundled and run in real Chromium against the real processor:
 * the stored rows of every signal, read back from ClickHouse.
 */
import { INTEROP_INSTALL_TIMEOUT_MS } from './helpers/interop-browser';
import { pathOf, useInteropScenario, type StoredRows } from './helpers/interop-rows';

jest.setTimeout(INTEROP_INSTALL_TIMEOUT_MS + 120_000);

const interop = useInteropScenario(
  'honeycomb.mjs',
  (r) => r.page_views.length >= 2 && r.web_vitals.length >= 5 && r.errors.length >= 1,
);
let rows: StoredRows;
beforeAll(() => {
  ({ rows } = interop());
});

it('stores documentLoad as the hard page view and the `Navigation:` span as a same-document one', () => {
  const [hard, soft] = [0, 1].map((s) => rows.page_views.filter((p) => p.is_soft_navigation === s));
  expect(hard).toHaveLength(1);
  expect(hard[0]).toMatchObject({ route: '/shop/products/:id', referrer_host: 'www.google.com' });
  expect(hard[0].load_ms).toBeGreaterThan(0);
  expect(soft).toHaveLength(1);
  expect(soft[0]).toMatchObject({ route: '/shop/cart' });
  expect(pathOf(soft[0].referrer as string)).toBe('/shop/products/12345');
});

it('stores the five vital spans, on the page they measure', () => {
  expect(rows.web_vitals.map((v) => v.name).sort()).toEqual(['CLS', 'FCP', 'INP', 'LCP', 'TTFB']);
  // LCP/CLS/INP are sent after the route change but belong to the product page's load.
  for (const v of rows.web_vitals) expect(v.route).toBe('/shop/products/:id');
});

it('stores the global error span as unhandled with its stack, and one click with its page', () => {
  expect(rows.errors).toHaveLength(1);
  expect(rows.errors[0]).toMatchObject({ handled: 0, exception_type: 'TypeError' });
  expect(rows.errors[0]['frames.function']).toEqual(expect.arrayContaining(['computeTotal', 'renderCart']));
  expect(rows.custom_events).toHaveLength(1);
  expect(rows.custom_events[0]).toMatchObject({
    name: 'browser.user_action.click',
    route: '/shop/products/:id',
    properties: expect.objectContaining({ target_xpath: '//*[@id="buy"]' }),
  });
});

it('stores fetch/XHR spans as HTTP calls and one session on every row', () => {
  const api = rows.http_requests.filter((r) => pathOf(r.http_url as string).startsWith('/api/'));
  expect(api.map((r) => `${r.method} ${r.url_template} ${r.status_code}`).sort()).toEqual([
    'GET /api/flaky 503',
    'GET /api/orders/:id 404',
    'GET /api/users/:id/orders 200',
    'POST /api/cart/items 201',
  ]);
  const sessions = new Set([...rows.page_views, ...rows.web_vitals, ...rows.errors].map((r) => r.session_id));
  expect([...sessions]).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)]);
});
