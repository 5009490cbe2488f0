import type { SdkContext } from '../../core/context';
import type { Attributes, Breadcrumb, PulseTraceConfig } from '../../types';
import { captureError, onErrorEvent, onRejection } from './errors';

const V8 = [
  'TypeError: boom from click',
  '    at explode (https://app.test/app.js:22:11)',
  '    at HTMLButtonElement.onBoomClick (https://app.test/app.js:27:5)',
].join('\n');

describe('captureError', () => {
  let records: Array<[string, Attributes]>;
  let warnings: string[];
  let crumbs: Breadcrumb[];
  const ctx = (config: Partial<PulseTraceConfig> = {}) =>
    ({
      config: { ignoreErrors: [], ignoreUrls: [], ...config },
      debug: { enabled: true, warn: (m: string) => warnings.push(m) },
      record: (name: string, attrs: Attributes) => records.push([name, attrs]),
      breadcrumbs: () => crumbs,
      isIgnoredUrl: (url: string) =>
        (config.ignoreUrls ?? []).some((p) => (typeof p === 'string' ? url.includes(p) : p.test(url))),
    }) as unknown as SdkContext;
  beforeEach(() => {
    records = [];
    warnings = [];
    crumbs = [];
  });

  it('records an exception span with all attributes', () => {
    crumbs = [{ category: 'console', timestamp: 1, level: 'error', message: 'about to fail 42' }];
    const err = new RangeError('checkout failed', { cause: new Error('db down') });
    err.stack = V8;
    captureError(ctx(), err, { fingerprint: ['checkout', 'db'], attributes: { 'app.cart': 3 } });
    expect(records).toEqual([
      [
        'exception',
        {
          'app.cart': 3,
          'exception.type': 'RangeError',
          'exception.message': 'checkout failed',
          'exception.stacktrace': V8,
          'pulsetrace.exception.handled': true,
          'pulsetrace.exception.mechanism': 'manual',
          'pulsetrace.exception.causes': expect.any(String),
          'pulsetrace.breadcrumbs': JSON.stringify(crumbs),
          'pulsetrace.exception.fingerprint': 'checkout\ndb',
        },
      ],
    ]);
    expect(JSON.parse(String(records[0][1]['pulsetrace.exception.causes']))).toEqual([
      { type: 'Error', message: 'db down', stacktrace: expect.stringContaining('db down') },
    ]);
  });

  it('leaves out empty causes, breadcrumbs and fingerprint', () => {
    captureError(ctx(), 'plain');
    const a = records[0][1];
    expect(a['pulsetrace.exception.causes']).toBeUndefined();
    expect(a['pulsetrace.breadcrumbs']).toBeUndefined();
    expect(a['pulsetrace.exception.fingerprint']).toBeUndefined();
    expect(a['exception.stacktrace']).toBeUndefined();
  });

  it('records the same error object once', () => {
    const err = new Error('twice');
    const c = ctx();
    captureError(c, err, { mechanism: 'react', handled: false });
    onErrorEvent(c, { error: err, message: 'Uncaught Error: twice' });
    expect(records).toHaveLength(1);
    expect(records[0][1]['pulsetrace.exception.mechanism']).toBe('react');
    captureError(c, 'same string'); // primitives cannot be told apart: each is reported
    captureError(c, 'same string');
    expect(records).toHaveLength(3);
  });

  it.each<[string, Partial<PulseTraceConfig>, unknown, boolean]>([
    [
      'ignoreErrors substring',
      { ignoreErrors: ['ResizeObserver loop'] },
      new Error('ResizeObserver loop limit exceeded'),
      false,
    ],
    ['ignoreErrors RegExp', { ignoreErrors: [/^Network/] }, new Error('Network down'), false],
    [
      'ignoreErrors with the type',
      { ignoreErrors: ['TypeError: Failed to fetch'] },
      new TypeError('Failed to fetch'),
      false,
    ],
    ['ignoreErrors miss', { ignoreErrors: ['other'] }, new Error('kept'), true],
    [
      'ignoreUrls on the first frame',
      { ignoreUrls: [/app\.test/] },
      Object.assign(new Error('s'), { stack: V8 }),
      false,
    ],
    ['ignoreUrls miss', { ignoreUrls: ['cdn.test'] }, Object.assign(new Error('s'), { stack: V8 }), true],
  ])('%s', (_name, config, err, kept) => {
    captureError(ctx(config), err);
    expect(records).toHaveLength(kept ? 1 : 0);
  });

  it('applies ignoreUrls to the ErrorEvent filename', () => {
    onErrorEvent(ctx({ ignoreUrls: ['extension://'] }), {
      error: new Error('from an extension'),
      filename: 'chrome-extension://abc/content.js',
    });
    expect(records).toHaveLength(0);
  });

  it('uses config.fingerprint unless the capture has one; a throwing one is ignored', () => {
    const fingerprint = (e: unknown) => (e instanceof TypeError ? ['type-error'] : undefined);
    captureError(ctx({ fingerprint }), new TypeError('a'));
    captureError(ctx({ fingerprint }), new TypeError('b'), { fingerprint: 'mine' });
    captureError(ctx({ fingerprint }), new Error('c'));
    captureError(
      ctx({
        fingerprint: () => {
          throw new Error('app bug');
        },
      }),
      new Error('d'),
    );
    expect(records.map(([, a]) => a['pulsetrace.exception.fingerprint'])).toEqual([
      'type-error',
      'mine',
      undefined,
      undefined,
    ]);
    expect(warnings).toEqual(['fingerprint() failed']);
  });

  it('reports listeners as unhandled with their mechanism, skipping resource errors', () => {
    const c = ctx();
    onErrorEvent(c, { error: new Error('e') });
    onErrorEvent(c, { target: { nodeType: 1 } });
    onRejection(c, { reason: { status: 500 } });
    expect(
      records.map(([, a]) => [a['pulsetrace.exception.mechanism'], a['pulsetrace.exception.handled']]),
    ).toEqual([
      ['onerror', false],
      ['onunhandledrejection', false],
    ]);
    expect(records[1][1]['exception.message']).toBe('{"status":500}');
  });

  it('never throws', () => {
    const broken = {
      ...ctx(),
      breadcrumbs: () => {
        throw new Error('x');
      },
    } as unknown as SdkContext;
    expect(() => captureError(broken, new Error('y'))).not.toThrow();
    expect(warnings).toEqual(['captureError failed']);
  });
});
