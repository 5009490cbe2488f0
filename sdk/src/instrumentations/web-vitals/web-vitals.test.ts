import type { SdkContext } from '../../core/context';
import type { Attributes } from '../../types';
import { MAX_STRING, vitalAttributes, webVitals, type VitalReport } from './web-vitals';

type Callback = (m: VitalReport) => void;
const registered: Array<[string, Callback, unknown]> = [];
jest.mock('web-vitals/attribution', () => {
  const on = (name: string) => (cb: Callback, opts?: unknown) => registered.push([name, cb, opts]);
  return { onLCP: on('LCP'), onCLS: on('CLS'), onINP: on('INP'), onFCP: on('FCP'), onTTFB: on('TTFB') };
});

const scrub = (u: string) => u.replace(/sig=[^&#]*/, 'sig=[Filtered]');
const base = {
  value: 124,
  delta: 124,
  id: 'v6-1795314180817-9067720911695',
  rating: 'good',
  navigationType: 'navigate',
  navigationURL: 'https://shop.test/p/1?sig=secret',
};
const core = {
  'browser.web_vital.value': 124,
  'browser.web_vital.delta': 124,
  'browser.web_vital.id': 'v6-1795314180817-9067720911695',
  'browser.web_vital.rating': 'good',
  'browser.web_vital.navigation_type': 'navigate',
  'browser.document.url.full': 'https://shop.test/p/1?sig=[Filtered]',
};
const entry = { name: '', entryType: 'x', startTime: 1, duration: 2 };

describe('vitalAttributes', () => {
  it.each<[string, VitalReport, Attributes]>([
    [
      'LCP: target, scrubbed url, subparts; entries left out',
      {
        ...base,
        name: 'LCP',
        attribution: {
          target: '#lead',
          url: 'https://cdn.test/hero.jpg?sig=abc',
          timeToFirstByte: 9,
          resourceLoadDelay: 0,
          resourceLoadDuration: 0,
          elementRenderDelay: 115,
          lcpEntry: entry,
          navigationEntry: entry,
        },
      },
      {
        ...core,
        'browser.web_vital.name': 'lcp',
        'pulsetrace.body.target': '#lead',
        'pulsetrace.body.url': 'https://cdn.test/hero.jpg?sig=[Filtered]',
        'pulsetrace.body.timeToFirstByte': 9,
        'pulsetrace.body.resourceLoadDelay': 0,
        'pulsetrace.body.resourceLoadDuration': 0,
        'pulsetrace.body.elementRenderDelay': 115,
      },
    ],
    [
      'INP: target, type, phases, LoAF totals; arrays and longestScript left out',
      {
        ...base,
        name: 'INP',
        value: 168,
        delta: 168,
        attribution: {
          interactionTarget: '#buy',
          interactionType: 'pointer',
          interactionTime: 1748.1,
          nextPaintTime: 1916.1,
          processedEventEntries: [],
          inputDelay: 0.3,
          processingDuration: 162.5,
          presentationDelay: 5.2,
          loadState: 'complete',
          longAnimationFrameEntries: [entry],
          longestScript: { entry, subpart: 'processing-duration', intersectingDuration: 160 },
          totalScriptDuration: 160.1,
          totalUnattributedDuration: undefined,
        },
      },
      {
        ...core,
        'browser.web_vital.name': 'inp',
        'browser.web_vital.value': 168,
        'browser.web_vital.delta': 168,
        'pulsetrace.body.interactionTarget': '#buy',
        'pulsetrace.body.interactionType': 'pointer',
        'pulsetrace.body.interactionTime': 1748.1,
        'pulsetrace.body.nextPaintTime': 1916.1,
        'pulsetrace.body.inputDelay': 0.3,
        'pulsetrace.body.processingDuration': 162.5,
        'pulsetrace.body.presentationDelay': 5.2,
        'pulsetrace.body.loadState': 'complete',
        'pulsetrace.body.totalScriptDuration': 160.1,
      },
    ],
    [
      'CLS: largest shift target/value/time; entry and source left out',
      {
        ...base,
        name: 'CLS',
        value: 0.0261243896484375,
        delta: 0.0261243896484375,
        attribution: {
          largestShiftTarget: '#lead',
          largestShiftTime: 1051.6,
          largestShiftValue: 0.0261243896484375,
          largestShiftEntry: entry,
          largestShiftSource: { node: null },
          loadState: 'complete',
        },
      },
      {
        ...core,
        'browser.web_vital.name': 'cls',
        'browser.web_vital.value': 0.0261243896484375,
        'browser.web_vital.delta': 0.0261243896484375,
        'pulsetrace.body.largestShiftTarget': '#lead',
        'pulsetrace.body.largestShiftTime': 1051.6,
        'pulsetrace.body.largestShiftValue': 0.0261243896484375,
        'pulsetrace.body.loadState': 'complete',
      },
    ],
    [
      'TTFB on a soft navigation, no navigationURL: no page URL of its own',
      {
        ...base,
        name: 'TTFB',
        navigationType: 'soft-navigation',
        navigationURL: undefined,
        attribution: { waitingDuration: 1.1, cacheDuration: 0, dnsDuration: 0, requestDuration: 7.9 },
      },
      {
        ...core,
        'browser.document.url.full': undefined,
        'browser.web_vital.name': 'ttfb',
        'browser.web_vital.navigation_type': 'soft-navigation',
        'pulsetrace.body.waitingDuration': 1.1,
        'pulsetrace.body.cacheDuration': 0,
        'pulsetrace.body.dnsDuration': 0,
        'pulsetrace.body.requestDuration': 7.9,
      },
    ],
    [
      'non-finite numbers and empty strings are dropped',
      { ...base, name: 'FCP', attribution: { a: NaN, b: Infinity, c: '', d: true, loadState: 'loading' } },
      {
        ...core,
        'browser.web_vital.name': 'fcp',
        'pulsetrace.body.d': true,
        'pulsetrace.body.loadState': 'loading',
      },
    ],
  ])('%s', (_, report, expected) => expect(vitalAttributes(report, scrub)).toEqual(expected));

  it('trims attribution strings to MAX_STRING characters', () => {
    const a = vitalAttributes(
      { ...base, name: 'CLS', attribution: { largestShiftTarget: 'x'.repeat(1000) } },
      scrub,
    );
    expect(a['pulsetrace.body.largestShiftTarget']).toBe('x'.repeat(MAX_STRING));
  });
});

describe('webVitals', () => {
  const records: Array<[string, Attributes]> = [];
  const warnings: string[] = [];
  const cleanups: Array<() => void> = [];
  let failRecord = false;
  const ctx = {
    debug: { enabled: true, warn: (m: string) => warnings.push(m) },
    record(name: string, attrs: Attributes) {
      if (failRecord) throw new Error('boom');
      records.push([name, attrs]);
    },
    scrubUrl: scrub,
    onShutdown: (fn: () => void) => cleanups.push(fn),
    pageViewAt: (time: number, url?: string) => ({ id: `pv@${time}:${url}` }),
  } as unknown as SdkContext;

  it('registers all five vitals, soft navigations for all but TTFB', () => {
    webVitals(ctx);
    expect(registered.map(([name, , opts]) => [name, opts])).toEqual([
      ['LCP', { reportSoftNavs: true }],
      ['CLS', { reportSoftNavs: true }],
      ['INP', { reportSoftNavs: true }],
      ['FCP', { reportSoftNavs: true }],
      ['TTFB', undefined],
    ]);
  });

  it('records each report; a failure goes to the debug logger, not to web-vitals', () => {
    const lcp = registered[0][1];
    lcp({ ...base, name: 'LCP', attribution: {} });
    const hard = `pv@0:${core['browser.document.url.full']}`;
    expect(records).toEqual([
      ['browser.web_vital', { ...core, 'browser.web_vital.name': 'lcp', 'pulsetrace.page_view.id': hard }],
    ]);
    // A soft navigation's vital: the page view at its URL from the navigation's start on.
    records.length = 0;
    const url = 'https://shop.test/offers';
    lcp({
      ...base,
      name: 'LCP',
      navigationType: 'soft-navigation',
      navigationURL: url,
      navigationStartTime: 1234.5,
    });
    expect(records[0][1]['pulsetrace.page_view.id']).toBe(`pv@1234.5:${url}`);
    expect(records[0][1]['browser.web_vital.navigation_type']).toBe('soft-navigation');
    failRecord = true;
    expect(() => lcp({ ...base, name: 'LCP' })).not.toThrow();
    expect(warnings).toEqual(['web vital LCP failed']);
  });

  it('records nothing after shutdown', () => {
    failRecord = false;
    records.length = 0;
    cleanups.forEach((fn) => fn());
    registered[2][1]({ ...base, name: 'INP' });
    expect(records).toEqual([]);
  });
});
