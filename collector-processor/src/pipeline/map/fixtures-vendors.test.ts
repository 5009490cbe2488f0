/**
 * The captured fixtures of other vendors' SDKs (Honeycomb, Splunk RUM, Grafana Faro, OTel
 * user-interaction), decoded and mapped: counts per table and the values each is known to send.
 * The stock OTel, semconv and PulseTrace shapes are in fixtures.test.ts.
 */
import {
  PRODUCT_ROUTE,
  counts,
  expectApiCalls,
  expectCommon,
  expectFiveVitals,
  expectHardPageView,
  expectOneClickOnBuy,
  expectPriceError,
  expectSoftNavigation,
  get,
  path,
} from '../../../test/helpers/mapped-fixtures';

describe('captured fixtures of vendor SDKs', () => {
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
});
