import {
  eventNavigationType,
  loadEndTime,
  navigationAttributes,
  routeChanged,
  timingAttributes,
} from './page-views';

describe('timingAttributes', () => {
  it('maps PerformanceNavigationTiming to the browser SIG names, rounded to µs', () => {
    expect(
      timingAttributes({
        type: 'navigate',
        fetchStart: 1.099999999976717,
        domainLookupStart: 2,
        domainLookupEnd: 3,
        connectStart: 3,
        secureConnectionStart: 0,
        connectEnd: 10,
        requestStart: 10.5,
        responseStart: 20,
        responseEnd: 25,
        domInteractive: 141.19999999995343,
        domContentLoadedEventEnd: 141.4,
        domComplete: 150,
        loadEventEnd: 151.89999999990687,
      }),
    ).toEqual({
      'browser.navigation_timing.type': 'navigate',
      'browser.resource_timing.fetch_start': 1.1,
      'browser.resource_timing.domain_lookup_start': 2,
      'browser.resource_timing.domain_lookup_end': 3,
      'browser.resource_timing.connect_start': 3,
      'browser.resource_timing.secure_connection_start': 0,
      'browser.resource_timing.connect_end': 10,
      'browser.resource_timing.request_start': 10.5,
      'browser.resource_timing.response_start': 20,
      'browser.resource_timing.response_end': 25,
      'browser.navigation_timing.dom_interactive': 141.2,
      'browser.navigation_timing.dom_content_loaded_event_end': 141.4,
      'browser.navigation_timing.dom_complete': 150,
      'browser.navigation_timing.load_event_end': 151.9,
    });
  });

  it('leaves out document milestones not reached yet (page hidden before load)', () => {
    const a = timingAttributes({ type: 'reload', responseStart: 9, domInteractive: 0, loadEventEnd: 0 });
    expect(a).toEqual({
      'browser.navigation_timing.type': 'reload',
      'browser.resource_timing.response_start': 9,
    });
  });
});

describe('navigationAttributes', () => {
  it.each([
    [
      {
        url: 'https://a.test/x?utm_source=n',
        sameDocument: false,
        type: 'navigate',
        title: 'X',
        referrer: 'https://g.test/',
      },
      {
        'url.full': 'https://a.test/x?utm_source=n',
        'browser.navigation.same_document': false,
        'browser.navigation.type': 'navigate',
        'pulsetrace.page.title': 'X',
        'pulsetrace.page.referrer': 'https://g.test/',
      },
    ],
    [
      { url: 'https://a.test/y', sameDocument: true, type: 'push', title: '', referrer: undefined },
      {
        'url.full': 'https://a.test/y',
        'browser.navigation.same_document': true,
        'browser.navigation.type': 'push',
        'pulsetrace.page.title': undefined,
        'pulsetrace.page.referrer': undefined,
      },
    ],
  ])('%#', (input, expected) => expect(navigationAttributes(input)).toEqual(expected));
});

describe('routeChanged', () => {
  it.each([
    ['https://a.test/x', 'https://a.test/y', true],
    ['https://a.test/x', 'https://a.test/x?page=2', true],
    ['https://a.test/x', 'https://a.test/x#/cart', true],
    ['https://a.test/x#/a', 'https://a.test/x#/b', true],
    ['https://a.test/x', 'https://a.test/x', false],
    ['https://a.test/x', 'https://a.test/x#', false],
    ['not a url', 'not a url', false],
    ['not a url', 'other', true],
  ])('%s -> %s: %s', (from, to, changed) => expect(routeChanged(from, to)).toBe(changed));
});

describe('eventNavigationType', () => {
  it.each([
    ['popstate', undefined, 'traverse'],
    ['hashchange', undefined, 'push'],
    ['popstate', 'push', 'push'],
    ['popstate', 'replace', 'replace'],
    ['hashchange', 'traverse', 'traverse'],
    ['popstate', 'reload', 'traverse'],
  ] as const)('%s with hint %s: %s', (event, hint, type) =>
    expect(eventNavigationType(event, hint)).toBe(type),
  );
});

describe('loadEndTime', () => {
  it.each([
    [{ loadEventEnd: 150 }, 1150],
    [{ loadEventEnd: 0 }, 5000],
    [undefined, 5000],
  ])('%j', (t, end) => expect(loadEndTime(1000, t, 5000)).toBe(end));
});
