/**
 * User-interaction chains (one span per listener), `Navigation: <path>` and Splunk `routeChange`
 * route changes, and Splunk RUM's own span shapes, with the attribute sets the SDKs really send
 * (see test/fixtures/otlp/{otel-web,honeycomb,splunk}).
 */
import type { Attributes, DecodedSpan } from '../types';
import { mapResource } from '.';
import { CTX, RESOURCE, msAfter, resourceOf, span } from './testkit';
import { navigationUrl } from './third-party-spans';

const PAGE = 'https://shop.example.com/shop/products/12345?utm_source=newsletter';
const TRACE = '1ca32331d614def6c658f355f48cbaf1';

/** One DOM event handled by n listeners: n nested spans, as instrumentation-user-interaction makes. */
function listenerChain(names: string[], attributes: Attributes, firstId = 1): DecodedSpan[] {
  return names.map((name, i) =>
    span({
      name,
      traceId: TRACE,
      spanId: String(firstId + i).padStart(16, '0'),
      parentSpanId: i === 0 ? '' : String(firstId + i - 1).padStart(16, '0'),
      startTimeUnixNano: msAfter(i),
      endTimeUnixNano: msAfter(i + 1),
      attributes,
    }),
  );
}

const click = (target: string, url: Attributes): Attributes => ({
  event_type: 'click',
  target_element: target === '#buy' ? 'BUTTON' : 'A',
  target_xpath: `//*[@id="${target.slice(1)}"]`,
  'session.id': 'fab9e66b7b7bb77185b840c91c317140',
  ...url,
});

describe('user-interaction spans', () => {
  it('a click handled by three listeners is one click, with the page URL from url.full', () => {
    const spans = listenerChain(['click', 'click', 'click'], click('#buy', { 'url.full': PAGE }));
    const { rows } = mapResource(resourceOf({ spans }), CTX);
    expect(rows.custom_events).toHaveLength(1);
    expect(rows.custom_events[0]).toMatchObject({
      name: 'browser.user_action.click',
      url: PAGE,
      route: '/shop/products/:id',
      properties: { target_element: 'BUTTON', target_xpath: '//*[@id="buy"]' },
    });
  });

  it('an event a listener dispatches on another element stays its own click', () => {
    const [outer] = listenerChain(['click'], click('#buy', { 'url.full': PAGE }));
    const [inner] = listenerChain(['click'], click('#to-cart', { 'url.full': PAGE }), 2);
    inner.parentSpanId = outer.spanId;
    const { rows } = mapResource(resourceOf({ spans: [outer, inner] }), CTX);
    expect(rows.custom_events.map((e) => e.properties.target_xpath)).toEqual([
      '//*[@id="buy"]',
      '//*[@id="to-cart"]',
    ]);
  });

  it.each(['url.full', 'http.url'])('a single click span carries the page URL in %s', (key) => {
    const spans = listenerChain(['click'], click('#buy', { [key]: PAGE }));
    const [row] = mapResource(resourceOf({ spans }), CTX).rows.custom_events;
    expect(row).toMatchObject({ url: PAGE, route: '/shop/products/:id' });
  });

  it.each([
    ['stock OTel (url.full)', { 'url.full': PAGE }],
    ['Honeycomb (page.url and http.url of the page left)', { 'http.url': PAGE, 'page.url': PAGE }],
  ])('%s: a click whose listener pushed a route is a same-document page view, not a click', (_, url) => {
    const spans = [
      ...listenerChain(['click', 'click', 'Navigation: /shop/cart?step=1'], click('#to-cart', url)),
      ...listenerChain(['click'], click('#buy', url), 10),
    ];
    const result = mapResource(resourceOf({ spans }), CTX);
    expect(result.rows.page_views).toHaveLength(1);
    expect(result.rows.page_views[0]).toMatchObject({
      url: 'https://shop.example.com/shop/cart?step=1',
      route: '/shop/cart',
      is_soft_navigation: 1,
      referrer: PAGE,
      session_id: 'fab9e66b7b7bb77185b840c91c317140',
    });
    // The other click (#buy) stays a click; the navigation's listeners are not clicks.
    expect(result.rows.custom_events.map((e) => e.properties.target_xpath)).toEqual(['//*[@id="buy"]']);
    expect(result.unmapped.size).toBe(0);
  });

  it('puts the query back before the fragment of `Navigation: pathname#hash?search`', () => {
    expect(navigationUrl('Navigation: /cart#top?step=2', PAGE)).toBe(
      'https://shop.example.com/cart?step=2#top',
    );
    expect(navigationUrl('Navigation: /cart', '')).toBe('/cart');
  });
});

describe('Splunk RUM (OTLP)', () => {
  const SPLUNK_RESOURCE: Attributes = {
    'telemetry.sdk.language': 'webjs',
    'telemetry.sdk.name': '@splunk/otel-web',
    'telemetry.sdk.version': '2.5.1',
    app: 'demo-shop',
    'splunk.rumVersion': '2.5.1',
  };
  const common = (href = PAGE): Attributes => ({
    'location.href': href,
    'deployment.environment': 'production',
    environment: 'production',
    'app.version': '1.4.2',
    'splunk.rumSessionId': '4523cb96f5262d3c751d507bd9490285',
    'user.anonymous_id': '446caaf9727f2f8704f762385e4cf597',
  });
  const splunk = (spans: DecodedSpan[]) => mapResource(resourceOf({ spans }, SPLUNK_RESOURCE), CTX);
  const errorSpan = (name: string, type: string, message: string, stack: string) =>
    span({
      name,
      spanId: `e${name.length}`.padEnd(16, '0'),
      attributes: {
        ...common(),
        component: 'error',
        error: true,
        'error.object': type,
        'error.message': message,
        'error.stack': stack,
      },
    });

  it('maps session, visitor, service, release and page URL on every row', () => {
    const { rows } = splunk([span({ name: 'webvitals', attributes: { ...common(), lcp: 424 } })]);
    expect(rows.web_vitals[0]).toMatchObject({
      name: 'LCP',
      value: 424,
      rating: 'good', // Splunk sends no rating: web-vitals' thresholds
      session_id: '4523cb96f5262d3c751d507bd9490285',
      visitor_id: '446caaf9727f2f8704f762385e4cf597',
      service_name: 'demo-shop',
      release: '1.4.2',
      environment: 'production',
      sdk_name: '@splunk/otel-web',
      url: PAGE,
      route: '/shop/products/:id',
    });
    expect(rows.web_vitals[0].attributes).not.toHaveProperty('splunk.rumSessionId');
    expect(rows.web_vitals[0].attributes).not.toHaveProperty('environment');
  });

  it('maps webvitals spans (cls, inp) and one span per vital when several are set', () => {
    const { rows } = splunk([span({ name: 'webvitals', attributes: { ...common(), cls: 0.26, inp: 248 } })]);
    expect(rows.web_vitals.map((v) => [v.name, v.value, v.rating]).sort()).toEqual([
      ['CLS', 0.26, 'poor'],
      ['INP', 248, 'needs-improvement'],
    ]);
  });

  it('maps error spans: global handlers unhandled, console.error and reportError handled', () => {
    const stack = 'TypeError: boom\n    at computeTotal (https://shop.example.com/app.js:10:5)';
    const { rows, rejected } = splunk([
      errorSpan('onerror', 'TypeError', 'boom', stack),
      errorSpan('unhandledrejection', 'RangeError', 'Quantity', 'RangeError: Quantity\n    at f (x.js:1:1)'),
      errorSpan('console.error', 'Error', 'Checkout failed', 'Error: Checkout failed\n    at g (x.js:2:2)'),
      errorSpan('SplunkRum.reportError', 'Error', 'manual', ''),
    ]);
    expect(rejected).toBe(0);
    const by = (m: string) => rows.errors.find((e) => e.mechanism === m);
    expect(by('onerror')).toMatchObject({
      handled: 0,
      exception_type: 'TypeError',
      exception_message: 'boom',
    });
    expect(by('onerror')!['frames.function']).toEqual(['computeTotal']);
    expect(by('onunhandledrejection')).toMatchObject({ handled: 0, exception_type: 'RangeError' });
    expect(by('console.error')).toMatchObject({ handled: 1, exception_message: 'Checkout failed' });
    expect(by('manual')).toMatchObject({ handled: 1, exception_message: 'manual' });
    expect(by('onerror')!.attributes).not.toHaveProperty('error.stack');
  });

  it('maps routeChange as a same-document page view and drops the click that made it', () => {
    const clicks = listenerChain(['click', 'click'], {
      ...common(),
      ...click('#to-cart', { 'http.url': PAGE }),
    });
    const routeChange = span({
      name: 'routeChange',
      traceId: TRACE,
      spanId: 'db8b65defb9c6bc6',
      parentSpanId: clicks[1].spanId,
      attributes: { ...common('https://shop.example.com/shop/cart?step=1'), 'prev.href': PAGE },
    });
    const { rows, unmapped } = splunk([...clicks, routeChange]);
    expect(rows.custom_events).toHaveLength(0);
    expect(rows.page_views).toEqual([
      expect.objectContaining({
        url: 'https://shop.example.com/shop/cart?step=1',
        is_soft_navigation: 1,
        referrer: PAGE,
        session_id: '4523cb96f5262d3c751d507bd9490285',
      }),
    ]);
    expect(unmapped.size).toBe(0);
  });

  it('counts its session.start span as a session lifecycle event, not an unknown span', () => {
    const { unmapped } = splunk([span({ name: 'session.start', attributes: common() })]);
    expect([...unmapped]).toEqual([['ignored_event', 1]]);
  });

  it('leaves other SDKs’ attributes named like Splunk’s alone', () => {
    const { rows } = mapResource(
      resourceOf(
        { spans: [span({ name: 'webvitals', attributes: { lcp: 424, 'location.href': PAGE } })] },
        RESOURCE,
      ),
      CTX,
    );
    expect(rows.web_vitals).toHaveLength(0);
  });
});
