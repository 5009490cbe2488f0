import type { SdkContext } from '../../core/context';
import type { Attributes } from '../../types';
import { isTracked, resourceAttributes, resources, topResources, type ResourceEntry } from './resources';

const scrub = (u: string) => u.replace(/sig=[^&#]*/, 'sig=[Filtered]');

describe('isTracked', () => {
  it.each([
    ['https://a.test/app.js', 'script', true],
    ['https://a.test/app.css', 'link', true],
    ['https://a.test/bg.png', 'css', true],
    ['https://a.test/hero.avif', 'img', true],
    ['https://a.test/icon.svg', 'image', true],
    ['https://a.test/inter.woff2', 'css', true],
    ['https://a.test/inter.woff2?v=3', 'other', true],
    ['https://a.test/font.TTF#x', 'fetch', true],
    ['https://a.test/api/cart', 'fetch', false],
    ['https://a.test/api/cart', 'xmlhttprequest', false],
    ['https://a.test/beacon', 'beacon', false],
    ['https://a.test/frame.html', 'iframe', false],
    ['https://a.test/clip.mp4', 'video', false],
    ['data:image/png;base64,AAAA', 'img', false],
    ['blob:https://a.test/1234', 'script', false],
  ])('%s (%s): %s', (name, initiatorType, tracked) =>
    expect(isTracked({ name, initiatorType })).toBe(tracked),
  );
});

describe('topResources', () => {
  const r = (id: string, duration: number, transferSize?: number) => ({ id, duration, transferSize });
  const entries = [
    r('a', 10, 100),
    r('b', 500, 0),
    r('c', 30, 90_000),
    r('d', 400, 50),
    r('e', 5, 80_000),
    r('f', 1),
  ];

  it.each([
    [1, ['b', 'c']],
    [2, ['b', 'd', 'c', 'e']],
    [10, ['b', 'd', 'c', 'a', 'e', 'f']],
    [0, []],
  ])('n=%i', (n, ids) => expect(topResources(entries, n).map((e) => e.id)).toEqual(ids));

  it('keeps an entry that is both slow and heavy once', () => {
    const both = r('x', 900, 900_000);
    expect(topResources([both, r('y', 1, 1)], 1)).toEqual([both]);
  });

  it('is lossless when applied in steps', () => {
    const all = topResources(entries, 2);
    const stepped = topResources([...topResources(entries.slice(0, 3), 2), ...entries.slice(3)], 2);
    expect(new Set(stepped)).toEqual(new Set(all));
  });
});

describe('resourceAttributes', () => {
  it.each<[string, ResourceEntry, Attributes]>([
    [
      'full entry',
      {
        name: 'https://cdn.test/app.js?sig=abc',
        initiatorType: 'script',
        startTime: 100,
        duration: 33.39999999990687,
        transferSize: 339,
        encodedBodySize: 39,
        decodedBodySize: 120,
        renderBlockingStatus: 'blocking',
        nextHopProtocol: 'h2',
      },
      {
        'url.full': 'https://cdn.test/app.js?sig=[Filtered]',
        'browser.resource_timing.initiator_type': 'script',
        'browser.resource_timing.duration': 33.4,
        'browser.resource_timing.transfer_size': 339,
        'browser.resource_timing.encoded_body_size': 39,
        'browser.resource_timing.decoded_body_size': 120,
        'browser.resource_timing.render_blocking_status': 'blocking',
        'browser.resource_timing.next_hop_protocol': 'h2',
      },
    ],
    [
      'cross-origin without Timing-Allow-Origin (sizes 0, no protocol), older browser (no render blocking)',
      {
        name: 'https://fonts.test/inter.woff2',
        initiatorType: 'css',
        startTime: 5,
        duration: 12,
        transferSize: 0,
        encodedBodySize: 0,
        decodedBodySize: 0,
        nextHopProtocol: '',
      },
      {
        'url.full': 'https://fonts.test/inter.woff2',
        'browser.resource_timing.initiator_type': 'css',
        'browser.resource_timing.duration': 12,
        'browser.resource_timing.transfer_size': 0,
        'browser.resource_timing.encoded_body_size': 0,
        'browser.resource_timing.decoded_body_size': 0,
        'browser.resource_timing.render_blocking_status': undefined,
        'browser.resource_timing.next_hop_protocol': undefined,
      },
    ],
  ])('%s', (_, e, expected) => expect(resourceAttributes(e, scrub)).toEqual(expected));
});

// The glue, on a stand-in PerformanceObserver and window/document event targets.
describe('resources', () => {
  const saved = ['PerformanceObserver', 'document', 'addEventListener', 'removeEventListener'].map(
    (k) => [k, Object.getOwnPropertyDescriptor(globalThis, k)] as const,
  );
  let callback: (list: { getEntries(): unknown[] }) => void;
  let undelivered: ResourceEntry[];
  const win = new EventTarget();
  const doc = { visibilityState: 'visible' };
  class FakeObserver {
    static supportedEntryTypes = ['resource'];
    constructor(cb: typeof callback) {
      callback = cb;
    }
    observe() {}
    takeRecords() {
      return undelivered.splice(0);
    }
    disconnect() {}
  }
  const entry = (name: string, duration: number, initiatorType = 'script'): ResourceEntry => ({
    name,
    initiatorType,
    startTime: 10,
    duration,
    transferSize: duration,
  });

  beforeAll(() =>
    Object.assign(globalThis, {
      PerformanceObserver: FakeObserver,
      document: doc,
      addEventListener: win.addEventListener.bind(win),
      removeEventListener: win.removeEventListener.bind(win),
    }),
  );
  afterAll(() => {
    for (const [k, d] of saved) {
      if (d) Object.defineProperty(globalThis, k, d);
      else delete (globalThis as Record<string, unknown>)[k];
    }
  });

  it('sends the top entries once at the first hide, then only newer ones', () => {
    const records: Array<[string, Attributes, number | undefined]> = [];
    const cleanups: Array<() => void> = [];
    undelivered = [];
    resources({
      config: { maxResources: 1 },
      debug: { enabled: false, warn: () => undefined },
      record: (n: string, a: Attributes, t?: number) => records.push([n, a, t]),
      scrubUrl: scrub,
      isIgnoredUrl: (u: string) => u.startsWith('https://otel.test/'),
      onShutdown: (fn: () => void) => cleanups.push(fn),
      // Route /b from 50 ms on.
      pageViewAt: (t: number) =>
        t < 50 ? { id: 'pv-a', url: 'https://a.test/a' } : { id: 'pv-b', url: 'https://a.test/b' },
    } as unknown as SdkContext);
    callback({
      getEntries: () => [
        entry('https://a.test/slow.js', 900),
        entry('https://a.test/fast.js', 5),
        entry('https://otel.test/v1/traces', 9999, 'script'),
        entry('https://a.test/api', 5000, 'fetch'),
      ],
    });
    undelivered = [entry('https://a.test/late.css', 1000, 'link')];
    doc.visibilityState = 'hidden';
    win.dispatchEvent(new Event('visibilitychange'));
    win.dispatchEvent(new Event('pagehide'));
    expect(records.map(([n, a]) => [n, a['url.full']])).toEqual([
      ['browser.resource_timing', 'https://a.test/late.css'],
    ]);
    expect(records[0][2]).toBeCloseTo(performance.timeOrigin + 10);
    // The page view current when it started, not the one current at hide.
    expect(records[0][1]['pulsetrace.page_view.id']).toBe('pv-a');
    expect(records[0][1]['browser.document.url.full']).toBe('https://a.test/a');

    records.length = 0;
    callback({ getEntries: () => [{ ...entry('https://a.test/after.png', 3, 'img'), startTime: 60 }] });
    win.dispatchEvent(new Event('pagehide'));
    expect(records.map(([, a]) => [a['url.full'], a['pulsetrace.page_view.id']])).toEqual([
      ['https://a.test/after.png', 'pv-b'],
    ]);

    cleanups.forEach((fn) => fn());
    records.length = 0;
    callback({ getEntries: () => [entry('https://a.test/gone.js', 3)] });
    win.dispatchEvent(new Event('pagehide'));
    expect(records).toEqual([]);
  });
});
