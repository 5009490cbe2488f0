import { mapResource } from '.';
import { CTX, PAGE, event, log, msAfter, resourceOf, span } from './testkit';
import { isTelemetryExportUrl } from './unmapped';

describe('isTelemetryExportUrl', () => {
  it.each([
    ['https://api.honeycomb.io/v1/traces', true],
    ['http://localhost:4318/v1/logs?key=abc&batch=b1', true],
    ['https://otlp-gateway.grafana.net/otlp/v1/metrics', true],
    ['https://collector.example/v1/traces/', true],
    ['/v1/traces', true],
    ['https://faro-collector.grafana.net/collect/0a1b2c3d', true],
    ['http://alloy:12347/collect', true],
    ['https://rum-ingest.us0.signalfx.com/v1/rumotlp?auth=x', true],
    ['https://rum-ingest.us0.signalfx.com/v1/rum', true],
    // app traffic that only looks similar
    ['https://api.shop.example/v1/orders/1000', false],
    ['https://api.shop.example/v1/traces-viewer', false],
    ['https://www.google-analytics.com/g/collect?v=2', false],
    ['https://shop.example/api/collect/a/b', false],
    ['https://shop.example/search?q=/v1/traces', false],
    ['', false],
  ])('%s → %s', (url, expected) => {
    expect(isTelemetryExportUrl(url)).toBe(expected);
  });
});

const fetchSpan = (method: string, url: string, spanId: string) =>
  span({
    name: `HTTP ${method}`,
    kind: 3,
    spanId,
    attributes: { 'http.request.method': method, 'url.full': url, 'http.response.status_code': 200 },
  });

describe('records that map to nothing are counted by reason', () => {
  it('spans: unknown ones, and the exporter observing its own posts', () => {
    const result = mapResource(
      resourceOf({
        spans: [
          span({ name: 'checkout.submit', spanId: '0000000000000001' }),
          fetchSpan('POST', 'https://collector.example/v1/traces', '0000000000000002'),
          fetchSpan('POST', 'https://faro-collector.grafana.net/collect/key1', '0000000000000003'),
          fetchSpan('GET', 'https://shop.example/api/v1/logs', '0000000000000004'),
          fetchSpan('POST', 'https://shop.example/api/cart', '0000000000000005'),
          span({
            name: 'resourceFetch',
            spanId: '0000000000000006',
            attributes: { 'http.url': 'http://localhost:4318/v1/logs' },
          }),
          // An unknown span whose exception event became an error row is not "unmapped".
          span({
            name: 'pay',
            spanId: '0000000000000007',
            events: [
              {
                name: 'exception',
                timeUnixNano: msAfter(5),
                attributes: { 'exception.type': 'TypeError', 'exception.message': 'x is undefined' },
              },
            ],
          }),
        ],
      }),
      CTX,
    );
    expect(result.rows.http_requests.map((r) => r.http_url).sort()).toEqual([
      'https://shop.example/api/cart',
      'https://shop.example/api/v1/logs',
    ]);
    expect(result.rows.resources).toEqual([]);
    expect(result.rows.errors).toHaveLength(1);
    expect(Object.fromEntries(result.unmapped)).toEqual({ unknown_span: 1, self_telemetry: 3 });
    expect(result.rejected).toBe(0);
  });

  it('logs: plain logs, events without a table, timings without a page view, export resources', () => {
    const result = mapResource(
      resourceOf({
        logs: [
          log({ body: 'user clicked buy' }),
          event('browser.console', { 'console.level': 'log' }),
          event('session.start', { 'session.id': 's1' }),
          event('browser.navigation_timing', {
            'url.full': PAGE,
            'browser.navigation_timing.load_event_end': 900,
          }),
          event('browser.resource_timing', { 'url.full': 'https://faro.example/collect/abc', duration: 12 }),
          event('browser.resource_timing', { 'url.full': 'https://cdn.example/app.js', duration: 30 }),
          event('checkout_started', { step: 2 }),
        ],
      }),
      CTX,
    );
    expect(result.rows.resources.map((r) => r.resource_url)).toEqual(['https://cdn.example/app.js']);
    expect(result.rows.custom_events.map((r) => r.name)).toEqual(['checkout_started']);
    expect(Object.fromEntries(result.unmapped)).toEqual({
      plain_log: 1,
      ignored_event: 2,
      timing_without_page_view: 1,
      self_telemetry: 1,
    });
  });

  it('merged records are not unmapped: documentFetch and a navigation timing with its page view', () => {
    const load = span({ name: 'documentLoad', spanId: '00000000000000a1', attributes: { 'http.url': PAGE } });
    const fetch = span({
      name: 'documentFetch',
      spanId: '00000000000000a2',
      parentSpanId: '00000000000000a1',
      attributes: { 'http.url': PAGE },
    });
    const result = mapResource(resourceOf({ spans: [load, fetch] }), CTX);
    expect(result.rows.page_views).toHaveLength(1);
    expect(result.unmapped.size).toBe(0);

    const logs = [
      event('browser.navigation', { 'url.full': PAGE, 'browser.navigation.type': 'navigate' }),
      event('browser.navigation_timing', {
        'url.full': PAGE,
        'browser.navigation_timing.load_event_end': 900,
      }),
    ];
    const joined = mapResource(resourceOf({ logs }), CTX);
    expect(joined.rows.page_views).toHaveLength(1);
    expect(joined.rows.page_views[0].load_ms).toBeGreaterThan(0);
    expect(joined.unmapped.size).toBe(0);
  });
});
