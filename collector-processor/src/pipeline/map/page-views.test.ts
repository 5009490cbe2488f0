import type { PageViewRow } from '../../store/rows';
import type { DecodedEvent } from '../types';
import { mapResource } from '.';
import { CTX, PAGE, RESOURCE, event, log, msAfter, resourceOf, span } from './testkit';

const ev = (name: string, ms: number): DecodedEvent => ({ name, timeUnixNano: msAfter(ms), attributes: {} });

const documentLoad = span({
  name: 'documentLoad',
  spanId: 'aaaaaaaaaaaaaaaa',
  endTimeUnixNano: msAfter(900),
  attributes: { 'url.full': PAGE, 'user_agent.original': 'Mozilla/5.0 Chrome/131', 'session.id': 's1' },
  events: [
    ev('fetchStart', 0),
    ev('domInteractive', 400),
    ev('domContentLoadedEventStart', 450),
    ev('domContentLoadedEventEnd', 470),
    ev('loadEventEnd', 880),
  ],
});
const documentFetch = span({
  name: 'documentFetch',
  parentSpanId: 'aaaaaaaaaaaaaaaa',
  attributes: { 'url.full': PAGE, 'http.response_content_length': 1163 },
  events: [
    ev('fetchStart', 0),
    ev('domainLookupStart', 5),
    ev('domainLookupEnd', 25),
    ev('connectStart', 25),
    ev('secureConnectionStart', 40),
    ev('connectEnd', 70),
    ev('requestStart', 71),
    ev('responseStart', 210),
  ],
});
const navTiming = {
  'browser.resource_timing.domain_lookup_start': 2,
  'browser.resource_timing.domain_lookup_end': 12,
  'browser.resource_timing.connect_start': 12,
  'browser.resource_timing.connect_end': 30,
  'browser.resource_timing.secure_connection_start': 0,
  'browser.resource_timing.response_start': 95.5,
  'browser.navigation_timing.dom_interactive': 300,
  'browser.navigation_timing.dom_content_loaded_event_end': 320,
  'browser.navigation_timing.load_event_end': 600,
};

const cases: [string, ReturnType<typeof resourceOf>, Partial<PageViewRow>][] = [
  [
    'OTel documentLoad + documentFetch events',
    resourceOf({ spans: [documentFetch, documentLoad] }),
    {
      url: PAGE,
      route: '/products/:id',
      session_id: 's1',
      user_agent: 'Mozilla/5.0 Chrome/131',
      utm_source: 'newsletter',
      utm_medium: 'email',
      is_soft_navigation: 0,
      dns_ms: 20,
      tcp_ms: 45,
      tls_ms: 30,
      ttfb_ms: 210,
      dom_interactive_ms: 400,
      dom_content_loaded_ms: 470,
      load_ms: 880,
      duration_ms: 900,
      span_id: 'aaaaaaaaaaaaaaaa',
    },
  ],
  [
    'old semconv documentLoad (http.url, http.user_agent)',
    resourceOf({
      spans: [span({ name: 'documentLoad', attributes: { 'http.url': PAGE, 'http.user_agent': 'UA/1' } })],
    }),
    { url: PAGE, user_agent: 'UA/1', attributes: {} },
  ],
  [
    'PulseTrace hard navigation span with timings, title and referrer',
    resourceOf({
      spans: [
        span({
          name: 'browser.navigation',
          attributes: {
            'url.full': PAGE,
            'browser.navigation.same_document': false,
            'browser.navigation.type': 'navigate',
            'pulsetrace.page.title': 'Shoe 12345',
            'pulsetrace.page.referrer': 'https://www.google.com/search?q=shoes',
            'pulsetrace.page_view.id': 'pv1',
            ...navTiming,
          },
        }),
      ],
    }),
    {
      title: 'Shoe 12345',
      referrer: 'https://www.google.com/search?q=shoes',
      referrer_host: 'www.google.com',
      page_view_id: 'pv1',
      navigation_type: 'navigate',
      dns_ms: 10,
      tcp_ms: 18,
      tls_ms: 0,
      ttfb_ms: 95.5,
      dom_interactive_ms: 300,
      dom_content_loaded_ms: 320,
      load_ms: 600,
      duration_ms: 600,
    },
  ],
  [
    'browser SIG soft navigation (SPA route change)',
    resourceOf({
      logs: [
        event('browser.navigation', {
          'url.full': 'https://shop.example.com/#/orders/991',
          'browser.navigation.same_document': true,
          'browser.navigation.hash_change': true,
          'browser.navigation.type': 'push',
        }),
      ],
    }),
    { is_soft_navigation: 1, navigation_type: 'push', route: '/orders/:id', load_ms: 0, attributes: {} },
  ],
  [
    'Faro faro.performance.navigation (string timings in event.attributes)',
    resourceOf({
      logs: [
        log({
          body: 'faro.performance.navigation',
          attributes: {
            'url.full': PAGE,
            'session.id': 'faro-s',
            'event.name': 'faro.performance.navigation',
            'event.domain': 'browser',
            'event.attributes': {
              name: PAGE,
              dnsLookupTime: '12',
              tcpHandshakeTime: '20',
              tlsNegotiationTime: '15',
              ttfb: '180',
              pageLoadTime: '700',
              onLoadTime: '5',
              duration: '720',
              type: 'reload',
              faroNavigationId: 'nav-1',
            },
          },
        }),
      ],
    }),
    {
      session_id: 'faro-s',
      page_view_id: 'nav-1',
      navigation_type: 'reload',
      dns_ms: 12,
      tcp_ms: 20,
      tls_ms: 15,
      ttfb_ms: 180,
      load_ms: 705,
      duration_ms: 720,
    },
  ],
];

describe('page views', () => {
  test.each(cases)('%s', (_name, resource, expected) => {
    const { rows, rejected } = mapResource(resource, CTX);
    expect(rejected).toBe(0);
    expect(rows.page_views).toHaveLength(1);
    expect(rows.page_views[0]).toMatchObject(expected);
    expect(rows.page_views[0].release).toBe(RESOURCE['service.version']);
  });

  it('merges browser.navigation_timing into the hard navigation of the same URL', () => {
    const hard = event('browser.navigation', { 'url.full': PAGE, 'browser.navigation.same_document': false });
    const timing = event('browser.navigation_timing', {
      'url.full': PAGE,
      'browser.navigation_timing.type': 'navigate',
      ...navTiming,
    });
    const { rows } = mapResource(resourceOf({ logs: [hard, timing] }), CTX);
    expect(rows.page_views).toHaveLength(1);
    expect(rows.page_views[0]).toMatchObject({ navigation_type: 'navigate', ttfb_ms: 95.5, load_ms: 600 });
  });

  it('drops a browser.navigation_timing with no page view in the batch (no double count)', () => {
    const timing = event('browser.navigation_timing', { 'url.full': PAGE, ...navTiming });
    const r = mapResource(resourceOf({ logs: [timing] }), CTX);
    expect(r.rows.page_views).toHaveLength(0);
    expect(r.rejected).toBe(0);
  });

  it('keeps tls at 0 when secureConnectionStart precedes the connection (plain http)', () => {
    const fetch = {
      ...documentFetch,
      events: documentFetch.events.map((e) =>
        e.name === 'secureConnectionStart' ? ev('secureConnectionStart', -1) : e,
      ),
    };
    const { rows } = mapResource(resourceOf({ spans: [documentLoad, fetch] }), CTX);
    expect(rows.page_views[0].tls_ms).toBe(0);
  });
});
