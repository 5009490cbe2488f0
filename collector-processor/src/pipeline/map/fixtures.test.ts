/**
 * Decodes every captured OTLP fixture (test/fixtures/otlp/<source>/*.json, produced by the real
 * SDKs in headless Chromium, see test/fixtures/capture) with decodeOtlp and checks the mapped rows
 * per scenario: counts per table and the key values each SDK is known to send.
 */
import { decodeOtlp } from '../../otlp';
import { SIGNAL_TABLES, emptyRumRows, type RumRows } from '../../store/rows';
import { fixtureBody, loadFixtures, type Fixture } from '../../../test/helpers/fixtures';
import { mapResource } from '.';
import { VITAL_NAMES } from './web-vitals';

const CTX = { projectId: 'proj-fixtures', retentionDays: 30, receivedAtMs: Date.UTC(2026, 10, 22) };

interface Scenario {
  rows: RumRows;
  rejected: number;
  reasons: string[];
  fixtures: Fixture[];
}

function loadScenarios(): Map<string, Scenario> {
  const out = new Map<string, Scenario>();
  for (const fx of loadFixtures()) {
    const key = `${fx.source}/${fx.scenario}`;
    const s = out.get(key) ?? { rows: emptyRumRows(), rejected: 0, reasons: [], fixtures: [] };
    for (const resource of decodeOtlp(fx.signal, fixtureBody(fx), fx.request.encoding).resources) {
      const m = mapResource(resource, CTX);
      for (const t of SIGNAL_TABLES) (s.rows[t] as unknown[]).push(...m.rows[t]);
      s.rejected += m.rejected;
      s.reasons.push(...m.reasons);
    }
    s.fixtures.push(fx);
    out.set(key, s);
  }
  return out;
}

const scenarios = loadScenarios();
const get = (key: string): Scenario => {
  const s = scenarios.get(key);
  if (!s) throw new Error(`fixture scenario ${key} missing`);
  return s;
};
const counts = (rows: RumRows) => Object.fromEntries(SIGNAL_TABLES.map((t) => [t, rows[t].length]));
const path = (url: string) => new URL(url).pathname;

const PRODUCT_ROUTE = '/shop/products/:id';
const API = [
  { path: '/api/users/12345/orders', template: '/api/users/:id/orders', method: 'GET', status: 200 },
  {
    path: '/api/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301',
    template: '/api/orders/:id',
    method: 'GET',
    status: 404,
  },
  { path: '/api/cart/items', template: '/api/cart/items', method: 'POST', status: 201 },
  { path: '/api/flaky', template: '/api/flaky', method: 'GET', status: 503 },
];
const PRICE_ERROR = "Cannot read properties of undefined (reading 'price')";

function expectApiCalls(rows: RumRows): void {
  for (const call of API) {
    const row = rows.http_requests.find((r) => path(r.http_url) === call.path);
    expect(row).toBeDefined();
    expect(row).toMatchObject({
      method: call.method,
      status_code: call.status,
      url_template: call.template,
      server_address: '127.0.0.1',
    });
    expect(row!.duration_ms).toBeGreaterThan(0);
    expect(row!.error_type).toBe(call.status >= 400 ? String(call.status) : '');
  }
}

function expectHardPageView(rows: RumRows, timings: 'full' | 'faro'): void {
  const hard = rows.page_views.filter((p) => !p.is_soft_navigation);
  expect(hard).toHaveLength(1);
  const p = hard[0];
  expect(p).toMatchObject({
    route: PRODUCT_ROUTE,
    utm_source: 'newsletter',
    utm_medium: 'email',
    utm_campaign: 'spring_sale',
    utm_term: 'running shoes',
    utm_content: 'hero_banner',
  });
  expect(path(p.url)).toBe('/shop/products/12345');
  expect(p.ttfb_ms).toBeGreaterThan(0);
  expect(p.load_ms).toBeGreaterThan(0);
  expect(p.duration_ms).toBeGreaterThan(0);
  if (timings === 'full') {
    expect(p.dom_interactive_ms).toBeGreaterThan(0);
    expect(p.dom_content_loaded_ms).toBeGreaterThanOrEqual(p.dom_interactive_ms);
    expect(p.load_ms).toBeGreaterThanOrEqual(p.dom_content_loaded_ms);
  }
}

function expectFiveVitals(rows: RumRows): void {
  expect(rows.web_vitals.map((v) => v.name).sort()).toEqual([...VITAL_NAMES].sort());
  for (const v of rows.web_vitals) {
    expect(v.value).toBeGreaterThan(0);
    expect(v.rating).toBe('good');
    expect(v.metric_id).toMatch(/^v\d-/);
  }
  // The click handler busy-waits 160 ms; CLS comes from the injected banner.
  expect(rows.web_vitals.find((v) => v.name === 'INP')!.value).toBeGreaterThanOrEqual(100);
  expect(rows.web_vitals.find((v) => v.name === 'CLS')!.value).toBeGreaterThan(0.01);
}

function expectPriceError(rows: RumRows, handled: number): void {
  const e = rows.errors.find((r) => r.exception_message === PRICE_ERROR && r.handled === handled);
  expect(e).toBeDefined();
  expect(e!.exception_type).toBe('TypeError');
  expect(e!['frames.function']).toEqual(expect.arrayContaining(['computeTotal', 'renderCart']));
  const i = e!['frames.function'].indexOf('computeTotal');
  expect(e!['frames.in_app'][i]).toBe(1);
  expect(e!['frames.lineno'][i]).toBeGreaterThan(0);
  expect(e!['frames.filename'][i]).toMatch(/\/bundle\/scenario\.js$/);
}

/** The route change the scenarios make from a link's click handler (routeChangeByClick). */
function expectSoftNavigation(rows: RumRows): void {
  const soft = rows.page_views.filter((p) => p.is_soft_navigation === 1);
  expect(soft).toHaveLength(1);
  expect(soft[0]).toMatchObject({ route: '/shop/cart' });
  expect(path(soft[0].url)).toBe('/shop/cart');
  expect(path(soft[0].referrer)).toBe('/shop/products/12345');
  expect(rows.custom_events.some((e) => e.properties.target_xpath === '//*[@id="to-cart"]')).toBe(false);
}

/** One click on #buy (not one per listener), on the product page. */
function expectOneClickOnBuy(rows: RumRows): void {
  const clicks = rows.custom_events.filter((e) => e.name === 'browser.user_action.click');
  expect(clicks).toHaveLength(1);
  expect(clicks[0]).toMatchObject({
    route: PRODUCT_ROUTE,
    properties: expect.objectContaining({ target_element: 'BUTTON', target_xpath: '//*[@id="buy"]' }),
  });
}

function expectCommon(rows: RumRows, sdkName: string): void {
  for (const t of SIGNAL_TABLES) {
    for (const r of rows[t]) {
      expect(r).toMatchObject({
        project_id: 'proj-fixtures',
        service_name: 'demo-shop',
        release: '1.4.2',
        environment: 'production',
        sdk_name: sdkName,
      });
      expect(r.timestamp).toMatch(/^17\d{8}\.\d{3}$/);
    }
  }
}

describe('captured fixtures', () => {
  it('covers every source', () => {
    const sources = new Set([...scenarios.keys()].map((k) => k.split('/')[0]));
    expect([...sources].sort()).toEqual([
      'faro',
      'honeycomb',
      'otel-browser',
      'otel-web',
      'pulsetrace',
      'splunk',
      'web-vitals',
    ]);
  });

  test.each([...scenarios.keys()])('%s: maps without rejections and records its producer', (key) => {
    const s = get(key);
    expect(s.reasons).toEqual([]);
    expect(s.rejected).toBe(0);
    for (const fx of s.fixtures) {
      expect(Object.keys(fx.producedBy).length).toBeGreaterThan(0);
      expect(fx.request.contentType).toMatch(fx.request.encoding === 'protobuf' ? /protobuf/ : /json/);
    }
  });

  test.each(['stable-json', 'stable-protobuf'])('otel-web/%s: stock OTel web (stable semconv)', (name) => {
    const { rows, fixtures } = get(`otel-web/${name}`);
    expect(fixtures.some((f) => f.request.encoding === (name === 'stable-json' ? 'json' : 'protobuf'))).toBe(
      true,
    );
    expect(counts(rows)).toMatchObject({
      page_views: 1,
      http_requests: 4,
      resources: 4,
      errors: 4,
      web_vitals: 0,
    });
    expect(rows.long_tasks.length).toBeGreaterThanOrEqual(1);
    expect(rows.long_tasks[0]).toMatchObject({ kind: 'longtask' });
    expect(rows.long_tasks[0].duration_ms).toBeGreaterThan(50);
    expectCommon(rows, 'opentelemetry');
    expectHardPageView(rows, 'full');
    expectApiCalls(rows);
    expect(rows.page_views[0].session_id).toMatch(/^[0-9a-f]{32}$/);
    expect(rows.page_views[0].user_agent).toContain('HeadlessChrome');
    // span.recordException on checkout.submit, the manual exception log, and the two global ones
    expect(rows.errors.find((e) => e.mechanism === 'recordException')).toMatchObject({
      exception_message: 'Checkout failed',
      handled: 1,
    });
    expect(rows.errors.find((e) => e.mechanism === 'log')).toMatchObject({
      exception_message: 'Checkout failed',
      handled: 1,
    });
    expectPriceError(rows, 0);
    expect(rows.errors.find((e) => e.exception_type === 'RangeError')).toMatchObject({
      handled: 0,
      mechanism: 'onerror',
    });
    expect(rows.resources.map((r) => path(r.resource_url)).sort()).toEqual([
      '/bundle/scenario.js',
      '/static/app.css',
      '/static/hero.svg',
      '/static/vendor.js',
    ]);
    expect(rows.resources.find((r) => r.resource_url.endsWith('.css'))).toMatchObject({
      resource_type: 'link',
    });
  });

  test.each([
    ['legacy-semconv', ['http.url', 'http.method', 'http.status_code']],
    ['legacy-semconv-dup', ['http.url', 'url.full', 'http.request.method', 'http.response.status_code']],
  ])('otel-web/%s: old HTTP attribute names map the same way', (name, names) => {
    const { rows } = get(`otel-web/${name}`);
    expect(counts(rows)).toMatchObject({ page_views: 1, http_requests: 4, resources: 4, errors: 1 });
    expectHardPageView(rows, 'full');
    expectApiCalls(rows);
    for (const r of rows.http_requests) for (const n of names) expect(r.attributes).not.toHaveProperty(n);
    expect(rows.page_views[0].user_agent).toContain('HeadlessChrome');
  });

  test.each(['semconv-attributes', 'body-form'])('web-vitals/%s: five vitals', (name) => {
    const { rows } = get(`web-vitals/${name}`);
    expect(counts(rows)).toMatchObject({ web_vitals: 5, page_views: 0, errors: 0 });
    expectFiveVitals(rows);
    for (const v of rows.web_vitals)
      expect(v).toMatchObject({
        navigation_type: 'navigate',
        session_id: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
  });

  it('honeycomb/web-sdk: vital spans, documentLoad, fetch/XHR, error span, clicks, resource timings', () => {
    const { rows } = get('honeycomb/web-sdk');
    expectCommon(rows, '@honeycombio/opentelemetry-web');
    expect(counts(rows)).toMatchObject({ page_views: 2, web_vitals: 5, errors: 1, custom_events: 1 });
    expectSoftNavigation(rows);
    expectFiveVitals(rows);
    expect(rows.web_vitals.find((v) => v.name === 'LCP')).toMatchObject({
      route: PRODUCT_ROUTE,
      attribution: expect.objectContaining({ element: '#lead' }),
    });
    expectHardPageView(rows, 'full');
    expect(rows.page_views[0]).toMatchObject({
      referrer: 'https://www.google.com/',
      referrer_host: 'www.google.com',
      browser_name: 'Chrome Headless',
      device_type: 'desktop',
    });
    expectApiCalls(rows);
    expectPriceError(rows, 0);
    expectOneClickOnBuy(rows);
    expect(rows.resources.filter((r) => r.resource_type === 'fetch').length).toBeGreaterThanOrEqual(3);
  });

  it('otel-web/user-interaction: one click per DOM event, the Navigation span a soft page view', () => {
    const { rows } = get('otel-web/user-interaction');
    expectCommon(rows, 'opentelemetry');
    expect(counts(rows)).toMatchObject({ page_views: 2, custom_events: 1, http_requests: 4, errors: 4 });
    expectHardPageView(rows, 'full');
    expectSoftNavigation(rows);
    expectOneClickOnBuy(rows);
  });

  it('splunk/rum-otlp: documentLoad, fetch/XHR, webvitals, error spans, routeChange, sessions', () => {
    const { rows, fixtures } = get('splunk/rum-otlp');
    expect(fixtures.every((f) => f.signal === 'traces' && f.request.encoding === 'json')).toBe(true);
    expectCommon(rows, '@splunk/otel-web');
    expect(counts(rows)).toMatchObject({ page_views: 2, http_requests: 4, resources: 4, errors: 3 });
    expectHardPageView(rows, 'full');
    expect(rows.page_views.find((p) => !p.is_soft_navigation)!.referrer).toBe('https://www.google.com/');
    expectSoftNavigation(rows);
    expectApiCalls(rows);
    expectPriceError(rows, 0);
    const by = (m: string) => rows.errors.find((e) => e.mechanism === m);
    expect(by('onunhandledrejection')).toMatchObject({ handled: 0, exception_type: 'RangeError' });
    expect(by('console.error')).toMatchObject({ handled: 1, exception_message: 'Checkout failed' });
    // Splunk 2.5 reports LCP, CLS and INP in `webvitals` spans (FCP/TTFB only as documentLoad events).
    expect(rows.web_vitals.map((v) => v.name).sort()).toEqual(['CLS', 'INP', 'LCP']);
    expect(rows.web_vitals.find((v) => v.name === 'INP')!.value).toBeGreaterThanOrEqual(100);
    const clicks = rows.custom_events.filter((e) => e.name === 'browser.user_action.click');
    expect(clicks.map((c) => c.properties.target_xpath)).toEqual(['//*[@id="buy"]']);
    for (const t of ['page_views', 'web_vitals', 'errors', 'http_requests', 'custom_events'] as const)
      for (const r of rows[t])
        expect(r).toMatchObject({
          session_id: expect.stringMatching(/^[0-9a-f]{32}$/),
          visitor_id: expect.stringMatching(/^[0-9a-f]{32}$/),
        });
  });

  it('faro/web-sdk-otlp: navigation, measurements, events, errors, traces', () => {
    const { rows } = get('faro/web-sdk-otlp');
    expectCommon(rows, 'faro-web');
    expect(counts(rows)).toMatchObject({ page_views: 2, web_vitals: 5, errors: 2, http_requests: 4 });
    expectFiveVitals(rows);
    expectHardPageView(rows, 'faro');
    // Faro's view_changed (setView on the route change) is the same-document page view.
    expect(rows.page_views.filter((p) => p.is_soft_navigation)).toMatchObject([{ route: '/shop/cart' }]);
    expectApiCalls(rows);
    expectPriceError(rows, 1);
    const navId = rows.page_views.find((p) => !p.is_soft_navigation)!.page_view_id;
    expect(navId).not.toBe('');
    // Faro links vitals to the navigation by id; the first one may be reported before it exists.
    expect(rows.web_vitals.filter((v) => v.page_view_id === navId).length).toBeGreaterThanOrEqual(4);
    expect(rows.web_vitals.every((v) => v.page_view_id === navId || v.page_view_id === '')).toBe(true);
    for (const t of ['page_views', 'web_vitals', 'errors', 'custom_events'] as const) {
      for (const r of rows[t])
        expect(r).toMatchObject({
          user_id: 'user-42',
          session_id: expect.stringMatching(/\w{10}/),
          browser_name: 'Chrome Headless',
          os_name: 'Linux',
        });
    }
    expect(rows.errors.find((e) => e.exception_message === 'Checkout failed')!.causes).toContain('TypeError');
    const names = rows.custom_events.map((e) => e.name).sort();
    expect(names).toEqual(['add_to_cart', 'checkout_timing']);
    expect(rows.custom_events.find((e) => e.name === 'add_to_cart')!.properties).toEqual({
      sku: 'SKU-1',
      qty: '2',
    });
    expect(rows.resources.some((r) => path(r.resource_url) === '/api/flaky')).toBe(true);
  });

  it('otel-browser/browser-instrumentation: browser SIG events', () => {
    const { rows } = get('otel-browser/browser-instrumentation');
    expect(counts(rows)).toMatchObject({ page_views: 2, web_vitals: 5, errors: 2, custom_events: 1 });
    expectFiveVitals(rows);
    expectHardPageView(rows, 'full');
    expect(rows.page_views.find((p) => p.is_soft_navigation === 1)).toMatchObject({
      route: '/shop/cart',
      navigation_type: 'push',
    });
    expectPriceError(rows, 0);
    expect(rows.custom_events[0]).toMatchObject({
      name: 'browser.user_action.click',
      properties: expect.objectContaining({ 'browser.css_selector': '#buy', 'browser.tag_name': 'BUTTON' }),
    });
    expect(rows.web_vitals.find((v) => v.name === 'LCP')!.attribution).toMatchObject({ target: '#lead' });
    expect(rows.resources.find((r) => path(r.resource_url) === '/static/app.css')).toMatchObject({
      resource_type: 'link',
      render_blocking: 'blocking',
      next_hop_protocol: 'http/1.1',
    });
    expect(rows.resources.every((r) => !r.resource_url.includes('/v1/'))).toBe(true);
  });

  it('pulsetrace/conventions (hand-built): every documented shape', () => {
    const { rows, fixtures } = get('pulsetrace/conventions');
    expect(fixtures.every((f) => f.handBuilt)).toBe(true);
    expectCommon(rows, 'pulsetrace-browser');
    expect(counts(rows)).toMatchObject({
      page_views: 2,
      web_vitals: 5,
      errors: 3,
      custom_events: 1,
      http_requests: 4,
    });
    expectFiveVitals(rows);
    expectHardPageView(rows, 'full');
    expectApiCalls(rows);
    expectPriceError(rows, 0);
    const hard = rows.page_views.find((p) => !p.is_soft_navigation)!;
    expect(hard).toMatchObject({
      title: 'Running Shoe 12345 – Demo Shop',
      referrer_host: 'www.google.com',
      navigation_type: 'navigate',
    });
    expect(rows.page_views.find((p) => p.is_soft_navigation)).toMatchObject({
      route: '/shop/cart',
      title: 'Cart – Demo Shop',
      navigation_type: 'push',
    });
    for (const t of SIGNAL_TABLES) {
      for (const r of rows[t])
        expect(r).toMatchObject({
          session_id: expect.stringMatching(/^[0-9a-f]{32}$/),
          visitor_id: expect.stringMatching(/^[0-9a-f]{32}$/),
          user_id: 'user-42',
        });
    }
    expect(
      rows.http_requests.every((r) => r.page_view_id === hard.page_view_id && r.route === PRODUCT_ROUTE),
    ).toBe(true);
    const manual = rows.errors.find((e) => e.mechanism === 'manual')!;
    expect(manual).toMatchObject({ handled: 1, exception_message: 'Checkout failed' });
    expect(JSON.parse(manual.causes)[0]).toMatchObject({ type: 'TypeError', message: PRICE_ERROR });
    expect(rows.errors.find((e) => e.mechanism === 'onunhandledrejection')).toMatchObject({
      handled: 0,
      exception_type: 'RangeError',
    });
    expect(JSON.parse(rows.errors.find((e) => e.mechanism === 'onerror')!.breadcrumbs)[0]).toMatchObject({
      message: 'add_to_cart',
    });
    expect(rows.custom_events[0]).toMatchObject({
      name: 'add_to_cart',
      properties: { sku: 'SKU-1', qty: '2', price: '19.99', gift: 'false' },
    });
    expect(
      rows.long_tasks.some(
        (l) => l.kind === 'long-animation-frame' && l.invoker === 'BUTTON#buy.onclick' && l.duration_ms > 100,
      ),
    ).toBe(true);
    expect(rows.web_vitals.find((v) => v.name === 'INP')!.attribution).toMatchObject({
      interactionTarget: '#buy',
    });
  });
});
