/**
 * The captured OTLP fixtures (test/fixtures/otlp/<source>/*.json, produced by the real SDKs in
 * headless Chromium, see test/fixtures/capture) decoded with decodeOtlp and mapped, per scenario,
 * and the expectations several SDKs' scenarios share (the capture page drives each the same way).
 */
import { decodeOtlp } from '../../src/otlp';
import { mapResource } from '../../src/pipeline/map';
import { VITAL_NAMES } from '../../src/pipeline/map/web-vitals';
import { SIGNAL_TABLES, emptyRumRows, type RumRows } from '../../src/store/rows';
import { fixtureBody, loadFixtures, type Fixture } from './fixtures';

export const CTX = { projectId: 'proj-fixtures', retentionDays: 30, receivedAtMs: Date.UTC(2026, 10, 22) };

export interface Scenario {
  rows: RumRows;
  rejected: number;
  reasons: string[];
  fixtures: Fixture[];
}

export function loadScenarios(): Map<string, Scenario> {
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

export const scenarios = loadScenarios();
export const get = (key: string): Scenario => {
  const s = scenarios.get(key);
  if (!s) throw new Error(`fixture scenario ${key} missing`);
  return s;
};
export const counts = (rows: RumRows) => Object.fromEntries(SIGNAL_TABLES.map((t) => [t, rows[t].length]));
export const path = (url: string) => new URL(url).pathname;

export const PRODUCT_ROUTE = '/shop/products/:id';
export const API = [
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
export const PRICE_ERROR = "Cannot read properties of undefined (reading 'price')";

export function expectApiCalls(rows: RumRows): void {
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

export function expectHardPageView(rows: RumRows, timings: 'full' | 'faro'): void {
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

export function expectFiveVitals(rows: RumRows): void {
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

export function expectPriceError(rows: RumRows, handled: number): void {
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
export function expectSoftNavigation(rows: RumRows): void {
  const soft = rows.page_views.filter((p) => p.is_soft_navigation === 1);
  expect(soft).toHaveLength(1);
  expect(soft[0]).toMatchObject({ route: '/shop/cart' });
  expect(path(soft[0].url)).toBe('/shop/cart');
  expect(path(soft[0].referrer)).toBe('/shop/products/12345');
  expect(rows.custom_events.some((e) => e.properties.target_xpath === '//*[@id="to-cart"]')).toBe(false);
}

/** One click on #buy (not one per listener), on the product page. */
export function expectOneClickOnBuy(rows: RumRows): void {
  const clicks = rows.custom_events.filter((e) => e.name === 'browser.user_action.click');
  expect(clicks).toHaveLength(1);
  expect(clicks[0]).toMatchObject({
    route: PRODUCT_ROUTE,
    properties: expect.objectContaining({ target_element: 'BUTTON', target_xpath: '//*[@id="buy"]' }),
  });
}

export function expectCommon(rows: RumRows, sdkName: string): void {
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
