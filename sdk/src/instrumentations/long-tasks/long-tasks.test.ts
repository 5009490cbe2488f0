import type { SdkContext } from '../../core/context';
import type { Attributes } from '../../types';
import {
  MAX_PER_PAGE_VIEW,
  longTaskAttributes,
  longTasks,
  perPageBudget,
  pickEntryType,
  type LongTaskEntry,
} from './long-tasks';

const scrub = (u: string) => u.replace(/sig=[^&#]*/, 'sig=[Filtered]');

describe('pickEntryType', () => {
  it.each([
    [['longtask', 'long-animation-frame', 'resource'], 'long-animation-frame'],
    [['longtask', 'resource'], 'longtask'],
    [['resource', 'paint'], undefined],
    [undefined, undefined],
  ])('%j: %s', (supported, type) => expect(pickEntryType(supported)).toBe(type));
});

describe('longTaskAttributes', () => {
  it.each<[string, LongTaskEntry, Attributes]>([
    [
      'LoAF: the longest script is the culprit',
      {
        entryType: 'long-animation-frame',
        name: 'long-animation-frame',
        startTime: 100,
        duration: 120.30000000000001,
        blockingDuration: 65.5,
        scripts: [
          { duration: 10, sourceURL: 'https://a.test/small.js', invoker: 'TimerHandler:setTimeout' },
          { duration: 90, sourceURL: 'https://a.test/app.js?sig=x', invoker: 'BUTTON#buy.onclick' },
        ],
      },
      {
        'pulsetrace.long_task.kind': 'long-animation-frame',
        'pulsetrace.long_task.duration': 120.3,
        'pulsetrace.long_task.blocking_duration': 65.5,
        'pulsetrace.long_task.script_url': 'https://a.test/app.js?sig=[Filtered]',
        'pulsetrace.long_task.invoker': 'BUTTON#buy.onclick',
      },
    ],
    [
      'LoAF: a script URL as invoker (classic script) is scrubbed',
      {
        entryType: 'long-animation-frame',
        name: 'long-animation-frame',
        startTime: 0,
        duration: 61.7,
        blockingDuration: 0,
        scripts: [{ duration: 55, sourceURL: '', invoker: 'https://a.test/boot.js?sig=y' }],
      },
      {
        'pulsetrace.long_task.kind': 'long-animation-frame',
        'pulsetrace.long_task.duration': 61.7,
        'pulsetrace.long_task.blocking_duration': 0,
        'pulsetrace.long_task.script_url': undefined,
        'pulsetrace.long_task.invoker': 'https://a.test/boot.js?sig=[Filtered]',
      },
    ],
    [
      'LoAF without scripts (rendering work)',
      {
        entryType: 'long-animation-frame',
        name: 'long-animation-frame',
        startTime: 0,
        duration: 80,
        scripts: [],
      },
      {
        'pulsetrace.long_task.kind': 'long-animation-frame',
        'pulsetrace.long_task.duration': 80,
        'pulsetrace.long_task.blocking_duration': 0,
        'pulsetrace.long_task.script_url': undefined,
        'pulsetrace.long_task.invoker': undefined,
      },
    ],
    [
      'longtask in the page itself',
      {
        entryType: 'longtask',
        name: 'self',
        startTime: 5,
        duration: 75,
        attribution: [{ containerSrc: '' }],
      },
      {
        'pulsetrace.long_task.kind': 'longtask',
        'pulsetrace.long_task.duration': 75,
        'pulsetrace.long_task.blocking_duration': 25,
        'pulsetrace.long_task.script_url': undefined,
        'pulsetrace.long_task.invoker': undefined,
      },
    ],
    [
      'longtask in an iframe',
      {
        entryType: 'longtask',
        name: 'cross-origin-descendant',
        startTime: 5,
        duration: 51,
        attribution: [{ containerSrc: 'https://ads.test/frame?sig=z' }],
      },
      {
        'pulsetrace.long_task.kind': 'longtask',
        'pulsetrace.long_task.duration': 51,
        'pulsetrace.long_task.blocking_duration': 1,
        'pulsetrace.long_task.script_url': 'https://ads.test/frame?sig=[Filtered]',
        'pulsetrace.long_task.invoker': 'cross-origin-descendant',
      },
    ],
  ])('%s', (_, e, expected) => expect(longTaskAttributes(e, scrub)).toEqual(expected));
});

describe('perPageBudget', () => {
  it('allows max per page URL and starts again on a new URL', () => {
    const allow = perPageBudget(2);
    expect(['/a', '/a', '/a', '/b', '/b', '/b', '/a'].map(allow)).toEqual([
      true,
      true,
      false,
      true,
      true,
      false,
      true,
    ]);
  });
});

describe('longTasks', () => {
  const saved = ['PerformanceObserver', 'location'].map(
    (k) => [k, Object.getOwnPropertyDescriptor(globalThis, k)] as const,
  );
  let callback: ((list: { getEntries(): unknown[] }) => void) | undefined;
  let observed: unknown;
  let disconnected = false;

  class FakeObserver {
    static supportedEntryTypes = ['longtask', 'long-animation-frame'];
    constructor(cb: typeof callback) {
      callback = cb;
    }
    observe(o: unknown) {
      observed = o;
    }
    disconnect() {
      disconnected = true;
    }
  }

  afterAll(() => {
    for (const [k, d] of saved) {
      if (d) Object.defineProperty(globalThis, k, d);
      else delete (globalThis as Record<string, unknown>)[k];
    }
  });

  it('skips browsers without PerformanceObserver or either entry type', () => {
    Object.assign(globalThis, { PerformanceObserver: undefined });
    expect(() => longTasks({} as SdkContext)).not.toThrow();
    Object.assign(globalThis, { PerformanceObserver: { supportedEntryTypes: ['resource'] } });
    expect(() => longTasks({} as SdkContext)).not.toThrow();
  });

  it('observes LoAF (buffered), records at the entry start, caps per page view', () => {
    Object.assign(globalThis, { PerformanceObserver: FakeObserver, location: { href: 'https://a.test/' } });
    const records: Array<[string, Attributes, number | undefined]> = [];
    const cleanups: Array<() => void> = [];
    longTasks({
      debug: { enabled: false, warn: () => undefined },
      record: (n: string, a: Attributes, t?: number) => records.push([n, a, t]),
      scrubUrl: scrub,
      onShutdown: (fn: () => void) => cleanups.push(fn),
    } as unknown as SdkContext);
    expect(observed).toEqual({ type: 'long-animation-frame', buffered: true });
    const frame = { entryType: 'long-animation-frame', name: 'x', startTime: 10, duration: 60, scripts: [] };
    callback!({ getEntries: () => Array(MAX_PER_PAGE_VIEW + 5).fill(frame) });
    expect(records).toHaveLength(MAX_PER_PAGE_VIEW);
    expect(records[0][0]).toBe('pulsetrace.long_task');
    expect(records[0][2]).toBeCloseTo(performance.timeOrigin + 10);
    cleanups.forEach((fn) => fn());
    expect(disconnected).toBe(true);
  });
});
