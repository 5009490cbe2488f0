/**
 * Decodes every captured OTLP fixture (test/fixtures/otlp/<source>/*.json, produced by the real
 * SDKs in headless Chromium, see test/fixtures/capture) with decodeOtlp and checks the mapped rows
 * per scenario: counts per table and the key values each SDK is known to send. Other vendors'
 * SDKs (Honeycomb, Splunk, Faro, OTel user-interaction) are in fixtures-vendors.test.ts.
 */
import { SIGNAL_TABLES } from '../../store/rows';
import {
  PRICE_ERROR,
  PRODUCT_ROUTE,
  counts,
  expectApiCalls,
  expectCommon,
  expectFiveVitals,
  expectHardPageView,
  expectPriceError,
  get,
  path,
  scenarios,
} from '../../../test/helpers/mapped-fixtures';

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
