/**
 * Stock OpenTelemetry JS for the web (sdk-trace-web + document-load, fetch, XHR, long-task,
 * user-interaction and web-exception instrumentations, sdk-logs, web-common sessions), pinned in
 * test/fixtures/capture, bundled and run in real Chromium against the real processor: the stored
 * rows of every signal, read back from ClickHouse.
 */
import { INTEROP_INSTALL_TIMEOUT_MS } from './helpers/interop-browser';
import { pathOf, useInteropScenario, type StoredRows } from './helpers/interop-rows';

jest.setTimeout(INTEROP_INSTALL_TIMEOUT_MS + 120_000);

const interop = useInteropScenario(
  'otel-web-interaction.mjs',
  (r) => r.page_views.length >= 2 && r.errors.length >= 4 && r.custom_events.length >= 1,
);
let rows: StoredRows;
beforeAll(() => {
  ({ rows } = interop());
});

it('stores documentLoad as the hard page view and the `Navigation:` span as a same-document one', () => {
  const [hard, soft] = [0, 1].map((s) => rows.page_views.filter((p) => p.is_soft_navigation === s));
  expect(hard).toHaveLength(1);
  expect(hard[0]).toMatchObject({ route: '/shop/products/:id', utm_campaign: 'spring_sale' });
  expect(hard[0].load_ms).toBeGreaterThan(0);
  expect(soft).toHaveLength(1);
  expect(soft[0]).toMatchObject({ route: '/shop/cart' });
  expect(pathOf(soft[0].url)).toBe('/shop/cart');
  expect(pathOf(soft[0].referrer as string)).toBe('/shop/products/12345');
});

it('stores one click per DOM event, with the page it happened on (url.full)', () => {
  expect(rows.custom_events).toHaveLength(1); // the link click that navigated is the page view
  expect(rows.custom_events[0]).toMatchObject({
    name: 'browser.user_action.click',
    route: '/shop/products/:id',
    properties: { target_element: 'BUTTON', target_xpath: '//*[@id="buy"]' },
  });
  expect(pathOf(rows.custom_events[0].url)).toBe('/shop/products/12345');
});

it('stores recorded, logged and global errors with their stacks, handled or not', () => {
  const by = (m: string) => rows.errors.filter((e) => e.mechanism === m);
  expect(by('recordException')).toEqual([
    expect.objectContaining({ handled: 1, exception_message: 'Checkout failed' }),
  ]);
  expect(by('log')).toEqual([expect.objectContaining({ handled: 1, exception_message: 'Checkout failed' })]);
  const global = by('onerror');
  expect(global.map((e) => e.exception_type).sort()).toEqual(['RangeError', 'TypeError']);
  for (const e of global) expect(e.handled).toBe(0);
  const typeError = global.find((e) => e.exception_type === 'TypeError')!;
  expect(typeError['frames.function']).toEqual(expect.arrayContaining(['computeTotal', 'renderCart']));
});

it('stores fetch/XHR spans as HTTP calls, long tasks, and one web-common session on every row', () => {
  expect(rows.http_requests.map((r) => `${r.method} ${r.url_template} ${r.status_code}`).sort()).toEqual([
    'GET /api/flaky 503',
    'GET /api/orders/:id 404',
    'GET /api/users/:id/orders 200',
    'POST /api/cart/items 201',
  ]);
  expect(rows.long_tasks.length).toBeGreaterThanOrEqual(1);
  // Stock OTel web reports no web vitals without the browser SIG's web-vitals instrumentation.
  expect(rows.web_vitals).toHaveLength(0);
  const sessions = new Set(
    Object.values(rows)
      .flat()
      .map((r) => r.session_id),
  );
  expect([...sessions]).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/)]);
});
