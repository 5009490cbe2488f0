import type { WebVitalRow } from '../../store/rows';
import { mapResource } from '.';
import { CTX, PAGE, RESOURCE, event, log, resourceOf, span } from './testkit';
import { normalizeNavigationType, normalizeRating } from './web-vitals';

type Expect = Partial<Omit<WebVitalRow, 'attribution'>> & { attribution?: Record<string, string> };

const cases: [string, ReturnType<typeof resourceOf>, Expect][] = [
  [
    'semconv 1.44 attribute form (lower-case name)',
    resourceOf({
      logs: [
        event('browser.web_vital', {
          'browser.web_vital.name': 'lcp',
          'browser.web_vital.value': 2310.5,
          'browser.web_vital.delta': 120,
          'browser.web_vital.id': 'v5-1-2',
          'browser.web_vital.rating': 'good',
          'browser.web_vital.navigation_type': 'navigate',
          'browser.document.url.full': PAGE,
        }),
      ],
    }),
    {
      name: 'LCP',
      value: 2310.5,
      delta: 120,
      rating: 'good',
      metric_id: 'v5-1-2',
      navigation_type: 'navigate',
      route: '/products/:id',
    },
  ],
  [
    'browser SIG raw attribution as a JSON string body',
    resourceOf({
      logs: [
        event(
          'browser.web_vital',
          {
            'browser.web_vital.name': 'cls',
            'browser.web_vital.value': 0.3,
            'browser.web_vital.rating': 'poor',
          },
          JSON.stringify({ largestShiftTarget: '#lead', largestShiftValue: 0.2, loadState: 'complete' }),
        ),
      ],
    }),
    {
      name: 'CLS',
      value: 0.3,
      delta: 0.3,
      rating: 'poor',
      attribution: { largestShiftTarget: '#lead', largestShiftValue: '0.2', loadState: 'complete' },
    },
  ],
  [
    'older body form with the event.name attribute',
    resourceOf({
      logs: [
        log({
          attributes: { 'event.name': 'browser.web_vital', 'event.domain': 'browser' },
          body: {
            name: 'INP',
            value: 350,
            delta: 350,
            id: 'v6-9',
            rating: 'needs-improvement',
            navigationType: 'reload',
          },
        }),
      ],
    }),
    {
      name: 'INP',
      value: 350,
      rating: 'needs-improvement',
      navigation_type: 'reload',
      metric_id: 'v6-9',
      attributes: {},
    },
  ],
  [
    'PulseTrace: attribution map body, rating spelled needs_improvement',
    resourceOf({
      logs: [
        event(
          'browser.web_vital',
          {
            'browser.web_vital.name': 'fcp',
            'browser.web_vital.value': 2000,
            'browser.web_vital.rating': 'needs_improvement',
          },
          { timeToFirstByte: 300, loadState: 'loading' },
        ),
      ],
    }),
    {
      name: 'FCP',
      rating: 'needs-improvement',
      attribution: { timeToFirstByte: '300', loadState: 'loading' },
    },
  ],
  [
    'rating computed from thresholds when absent',
    resourceOf({
      logs: [
        event('browser.web_vital', { 'browser.web_vital.name': 'ttfb', 'browser.web_vital.value': 2000 }),
      ],
    }),
    { name: 'TTFB', rating: 'poor' },
  ],
  [
    'Honeycomb vital span (navigation_url wins over page.url)',
    resourceOf({
      spans: [
        span({
          name: 'LCP',
          attributes: {
            'lcp.value': 1800,
            'lcp.delta': 1800,
            'lcp.rating': 'good',
            'lcp.id': 'v6-1',
            'lcp.navigation_type': 'navigate',
            'lcp.navigation_url': PAGE,
            'lcp.element': '#hero',
            'lcp.resource_load_delay': 12,
            'page.url': 'https://shop.example.com/cart',
          },
        }),
      ],
    }),
    {
      name: 'LCP',
      value: 1800,
      url: PAGE,
      route: '/products/:id',
      attribution: { element: '#hero', resource_load_delay: '12' },
    },
  ],
  [
    'Faro web-vitals measurement (context: id, rating, navigation_entry_id)',
    resourceOf({
      logs: [
        log({
          attributes: {
            'url.full': PAGE,
            'measurement.type': 'web-vitals',
            'measurement.name': 'inp',
            'measurement.value': 168,
            'faro.measurement.context': {
              id: 'v6-2',
              rating: 'good',
              navigation_type: 'navigate',
              navigation_entry_id: 'LH6N',
              interaction_target: '#buy',
            },
          },
        }),
      ],
    }),
    {
      name: 'INP',
      value: 168,
      delta: 168,
      metric_id: 'v6-2',
      page_view_id: 'LH6N',
      url: PAGE,
      attribution: { interaction_target: '#buy' },
    },
  ],
];

describe('web vitals', () => {
  test.each(cases)('%s', (_name, resource, expected) => {
    const { rows, rejected } = mapResource(resource, CTX);
    expect(rejected).toBe(0);
    expect(rows.web_vitals).toHaveLength(1);
    const { attribution, ...rest } = expected;
    expect(rows.web_vitals[0]).toMatchObject(rest);
    if (attribution) expect(rows.web_vitals[0].attribution).toEqual(attribution);
    expect(rows.web_vitals[0].service_name).toBe(RESOURCE['service.name']);
  });

  test.each([
    [
      'non-numeric value',
      { 'browser.web_vital.name': 'lcp', 'browser.web_vital.value': 'fast' },
      'web_vitals: LCP without a numeric value',
    ],
    ['missing value', { 'browser.web_vital.name': 'cls' }, 'web_vitals: CLS without a numeric value'],
    [
      'negative value',
      { 'browser.web_vital.name': 'inp', 'browser.web_vital.value': -5 },
      'web_vitals: INP without a numeric value',
    ],
    [
      'unknown metric',
      { 'browser.web_vital.name': 'xyz', 'browser.web_vital.value': 1 },
      'web_vitals: unknown metric name "xyz"',
    ],
  ])('rejects a vital with %s', (_name, attrs, reason) => {
    const { rows, rejected, reasons } = mapResource(
      resourceOf({ logs: [event('browser.web_vital', attrs)] }),
      CTX,
    );
    expect(rows.web_vitals).toHaveLength(0);
    expect(rejected).toBe(1);
    expect(reasons).toEqual([reason]);
  });

  it('ignores the retired FID without rejecting it', () => {
    const r = mapResource(
      resourceOf({
        logs: [event('browser.web_vital', { 'browser.web_vital.name': 'fid', 'browser.web_vital.value': 5 })],
      }),
      CTX,
    );
    expect(r.rows.web_vitals).toHaveLength(0);
    expect(r.rejected).toBe(0);
  });

  it('counts repeated reasons once with a multiplier', () => {
    const bad = event('browser.web_vital', { 'browser.web_vital.name': 'lcp' });
    const r = mapResource(resourceOf({ logs: [bad, bad, bad] }), CTX);
    expect(r.rejected).toBe(3);
    expect(r.reasons).toEqual(['web_vitals: LCP without a numeric value (x3)']);
  });

  test.each([
    ['good', 'LCP', 1, 'good'],
    ['Needs Improvement', 'LCP', 1, 'needs-improvement'],
    ['bad', 'LCP', 1, 'poor'],
    ['', 'CLS', 0.05, 'good'],
    ['', 'CLS', 0.2, 'needs-improvement'],
    ['', 'INP', 600, 'poor'],
  ] as const)('normalizeRating(%s, %s, %s) = %s', (rating, name, value, expected) => {
    expect(normalizeRating(rating, name, value)).toBe(expected);
  });

  // The query API filters on web-vitals' spelling: Navigation Timing's back_forward must match it.
  test.each([
    ['navigate', 'navigate'],
    ['back_forward', 'back-forward'],
    ['Back_Forward_Cache', 'back-forward-cache'],
    ['soft-navigation', 'soft-navigation'],
    [' prerender ', 'prerender'],
    ['', ''],
  ])('normalizeNavigationType(%j) = %j', (type, expected) => {
    expect(normalizeNavigationType(type)).toBe(expected);
  });
});
