import { GroupingRuleSchema, type GroupingRule } from '../projects/settings';
import { isChunkLoadError } from './chunk-load';
import {
  computeFingerprint,
  FINGERPRINT_VERSION,
  hashComponents,
  SDK_FINGERPRINT_ATTRIBUTE,
  type FingerprintInput,
  type Grouping,
} from './compute';
import { capturedError, errorWithFrames, thrown, type Frame } from './testkit';

const rules = (...list: unknown[]): GroupingRule[] => list.map((r) => GroupingRuleSchema.parse(r));
const withSdk = (row: FingerprintInput, fp: string): FingerprintInput => ({
  ...row,
  attributes: { [SDK_FINGERPRINT_ATTRIBUTE]: fp },
});

// Symbolicated frames as the symbolication stage leaves them: original source and name in
// filename/function, the minified location in raw_function (and abs_path, not read here).
const mapped = (fn: string, file: string, raw: string): Frame => ({
  filename: file,
  function: fn,
  raw_function: raw,
  symbolicated: 1,
  colno: 12,
});
const CART_ERROR = errorWithFrames('TypeError', "Cannot read properties of undefined (reading 'price')", [
  mapped('CartService.total', 'webpack://shop/./src/cart/service.ts', 'r.total'),
  mapped('computeTotal', 'webpack://shop/./src/cart/service.ts', 'e'),
]);

describe('computeFingerprint: precedence', () => {
  const cases: [string, FingerprintInput, GroupingRule[], Partial<Grouping>][] = [
    [
      'frames by default',
      CART_ERROR,
      [],
      {
        method: 'frames',
        components: ['TypeError', 'total (src/cart/service.ts)'],
      },
    ],
    [
      'message without frames',
      errorWithFrames('Error', 'Order 1234 not found', []),
      [],
      { method: 'message', components: ['Error', 'Order <num> not found'], fallback: 'no_in_app_frames' },
    ],
    [
      'chunk load beats frames',
      errorWithFrames(
        'ChunkLoadError',
        'Loading chunk 7 failed.',
        [{ filename: 'src/a.ts', function: 'load' }],
        {
          release: '2.0.0',
        },
      ),
      [],
      { method: 'chunk_load', components: ['chunk-load', '2.0.0'], deployCaused: true },
    ],
    [
      'SDK fingerprint beats chunk load and frames',
      withSdk(errorWithFrames('ChunkLoadError', 'Loading chunk 7 failed.', []), 'checkout\npayment'),
      [],
      { method: 'sdk', components: ['checkout', 'payment'] },
    ],
    [
      'SDK fingerprint with {{ default }}',
      withSdk(CART_ERROR, '{{ default }}\ntenant-a'),
      [],
      {
        method: 'sdk',
        components: ['TypeError', 'total (src/cart/service.ts)', 'tenant-a'],
      },
    ],
    [
      'blank SDK fingerprint is none',
      withSdk(errorWithFrames('Error', 'x', []), ' \n '),
      [],
      { method: 'message', components: ['Error', 'x'] },
    ],
    [
      'a rule beats the SDK fingerprint (and says so)',
      withSdk(CART_ERROR, 'mine'),
      rules({ name: 'cart', frame: 'src/cart/*', fingerprint: ['cart-bugs'] }),
      { method: 'rule', rule: 'cart', components: ['cart-bugs'], sdkOverridden: true },
    ],
    [
      'a rule that does not match leaves the SDK fingerprint',
      withSdk(CART_ERROR, 'mine'),
      rules({ type: 'RangeError', fingerprint: ['x'] }),
      { method: 'sdk', components: ['mine'] },
    ],
    [
      'a rule splitting the default grouping per release',
      { ...CART_ERROR, release: '1.5.0' },
      rules({ type: 'TypeError', fingerprint: ['{{ default }}', '{{ release }}'] }),
      {
        method: 'rule',
        rule: 0,
        components: ['TypeError', 'total (src/cart/service.ts)', '1.5.0'],
      },
    ],
    [
      'a rule merging noisy third-party messages, with the normalised message',
      errorWithFrames('Error', 'ResizeObserver loop completed with undelivered notifications.', []),
      rules({ message: 'ResizeObserver loop*', fingerprint: ['resize-observer', '{{ message }}'] }),
      {
        method: 'rule',
        components: ['resize-observer', 'ResizeObserver loop completed with undelivered notifications'],
      },
    ],
    [
      'a rule on a chunk-load error keeps the per-release default via {{ default }}',
      errorWithFrames('TypeError', 'Importing a module script failed.', [], { release: '3.1.0' }),
      rules({ message: 'Importing a module*', fingerprint: ['safari', '{{ default }}'] }),
      { method: 'rule', components: ['safari', 'chunk-load', '3.1.0'] },
    ],
  ];

  it.each(cases)('%s', (_what, row, groupingRules, want) => {
    const { fingerprint, fingerprint_version, grouping } = computeFingerprint(row, { groupingRules });
    expect(grouping).toMatchObject(want);
    expect(fingerprint).toBe(hashComponents(grouping.components));
    expect(fingerprint_version).toBe(FINGERPRINT_VERSION);
    expect(grouping.version).toBe(FINGERPRINT_VERSION);
  });
});

describe('computeFingerprint: what groups together', () => {
  const fp = (row: FingerprintInput, groupingRules: GroupingRule[] = []) =>
    computeFingerprint(row, { groupingRules }).fingerprint;

  it('the same error from Chromium and Firefox, in two releases (unminified), is one fingerprint', () => {
    const scenarios = [
      'typeError',
      'eventHandler',
      'awaitedTypeError',
      'syntaxError',
      'customError1234',
      'stackOverflow',
    ] as const;
    for (const scenario of scenarios) {
      const prints = new Set(
        (['chromium', 'firefox'] as const).flatMap((browser) =>
          (['unminified-1.4.2', 'unminified-1.5.0'] as const).map((build) =>
            fp(capturedError(browser, build, scenario)),
          ),
        ),
      );
      expect(prints.size).toBe(1);
    }
  });

  it('Firefox\'s InternalError "too much recursion" is V8\'s RangeError, with frames or without', () => {
    const firefox = capturedError('firefox', 'unminified-1.4.2', 'stackOverflow');
    const chrome = capturedError('chromium', 'unminified-1.4.2', 'stackOverflow');
    expect(firefox.exception_type).toBe('InternalError');
    expect(computeFingerprint(firefox).grouping).toMatchObject({
      components: ['RangeError', 'descend (assets/cart.js)'],
      title: 'InternalError: too much recursion',
    });
    const bare = (type: string, message: string) => fp(errorWithFrames(type, message, []));
    expect(bare('InternalError', 'too much recursion')).toBe(
      bare('RangeError', 'Maximum call stack size exceeded.'),
    );
    expect(fp(firefox)).toBe(fp(chrome));
  });

  it('different errors are different fingerprints', () => {
    const scenarios = [
      'typeError',
      'stackOverflow',
      'syntaxError',
      'customError1234',
      'referenceError',
      'notAFunction',
    ] as const;
    const prints = scenarios.map((s) => fp(capturedError('chromium', 'unminified-1.4.2', s)));
    expect(new Set(prints).size).toBe(scenarios.length);
  });

  it('the same throw site with different values in the message is one fingerprint', () => {
    const a = capturedError('firefox', 'unminified-1.4.2', 'customError1234');
    const b = capturedError('firefox', 'unminified-1.4.2', 'customError5678');
    // The frames below checkout differ (the test calls it from two functions): compare the messages.
    expect(a.exception_message).not.toBe(b.exception_message);
    const noFrames = (r: FingerprintInput) => ({
      ...r,
      'frames.filename': [],
      'frames.function': [],
      'frames.in_app': [],
    });
    expect(fp(noFrames(a))).toBe(fp(noFrames(b)));
  });

  it('minified without maps: grouped by message, stable across releases and engines', () => {
    const chrome = ['minified-1.4.2', 'minified-1.5.0'].map((b) =>
      capturedError('chromium', b as 'minified-1.4.2', 'typeError'),
    );
    const results = chrome.map((r) => computeFingerprint(r));
    expect(results.map((r) => r.grouping.method)).toEqual(['message', 'message']);
    expect(results[0].grouping.fallback).toBe('minified_frames');
    expect(results[0].fingerprint).toBe(results[1].fingerprint);
    // Firefox words the same fault differently; v2 reads both as one message class (message.ts).
    expect(fp(capturedError('firefox', 'minified-1.4.2', 'typeError'))).toBe(results[0].fingerprint);
  });

  it('symbolicated frames of two minified releases are one fingerprint', () => {
    const release = (version: string, names: [string, string, string]) =>
      errorWithFrames(
        'TypeError',
        "Cannot read properties of undefined (reading 'price')",
        [
          mapped('CartService.total', '../src/cart/service.ts', names[0]),
          mapped('computeTotal', '../src/cart/service.ts', names[1]),
          // The outermost mapped frame: no mapped caller names it, so it keeps its minified name.
          mapped(names[2], '../src/cart/handlers.ts', names[2]),
          // A vendor chunk without a map: minified, left out.
          { filename: `https://shop.example/assets/vendor-${version}.js`, function: 'Xe', colno: 9000 },
        ],
        { release: version },
      );
    const a = computeFingerprint(release('1.4.2', ['r.total', 'e', 'n']));
    const b = computeFingerprint(release('1.5.0', ['o.total', 't', 'a']));
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(a.grouping.components).toEqual(['TypeError', 'total (src/cart/service.ts)']);
  });

  it('chunk-load failures group per release, whatever chunk and browser', () => {
    const chrome = capturedError('chromium', 'unminified-1.4.2', 'dynamicImport');
    const firefox = capturedError('firefox', 'unminified-1.4.2', 'dynamicImport');
    const webpack = errorWithFrames(
      'ChunkLoadError',
      'Loading chunk 123 failed.\n(error: https://x/123.js)',
      [],
      {
        release: '1.4.2',
      },
    );
    expect(new Set([fp(chrome), fp(firefox), fp(webpack)]).size).toBe(1);
    expect(fp({ ...chrome, release: '1.5.0' })).not.toBe(fp(chrome));
  });

  it('keeps the v1 hash stable (regrouping relies on it)', () => {
    expect(hashComponents(['TypeError', 'total (src/cart.ts)'])).toBe('cda10aeb99b06fe15bb09aa4ec736259');
  });
});

describe('computeFingerprint: title and culprit', () => {
  it.each<[string, FingerprintInput, string, string]>([
    [
      'symbolicated',
      CART_ERROR,
      "TypeError: Cannot read properties of undefined (reading 'price')",
      'total (src/cart/service.ts)',
    ],
    [
      'anonymous top frame, first line only',
      errorWithFrames('Error', 'Boom\n    in <CartPage>', [
        { filename: 'https://shop.example/assets/app.js', function: '' },
      ]),
      'Error: Boom',
      '<anonymous> (assets/app.js)',
    ],
    ['no message, no frames', errorWithFrames('AbortError', '', []), 'AbortError', ''],
    [
      'minified frames: the first readable one',
      capturedError('chromium', 'minified-1.4.2', 'typeError'),
      "TypeError: Cannot read properties of undefined (reading 'price')",
      '<anonymous> (assets/index.js)',
    ],
  ])('%s', (_what, row, title, culprit) => {
    expect(computeFingerprint(row).grouping).toMatchObject({ title, culprit });
  });

  it('cuts the message in the title to 200 characters', () => {
    const { title } = computeFingerprint(errorWithFrames('Error', 'x'.repeat(500), [])).grouping;
    expect(title).toBe(`Error: ${'x'.repeat(200)}`);
  });
});

describe('isChunkLoadError', () => {
  it.each<[string, string, boolean]>([
    ['TypeError', thrown('chromium', 'unminified-1.4.2', 'dynamicImport').message, true],
    ['TypeError', thrown('firefox', 'unminified-1.4.2', 'dynamicImport').message, true],
    ['TypeError', 'error loading dynamically imported module', true],
    ['TypeError', 'Importing a module script failed.', true],
    ['ChunkLoadError', 'Loading chunk 123 failed.\n(error: https://shop.example/123.js)', true],
    [
      'Error',
      'Loading chunk app/page failed.\n(timeout: https://shop.example/_next/static/chunks/app/page.js)',
      true,
    ],
    ['Error', 'Loading CSS chunk 42 failed.\n(https://shop.example/static/css/42.css)', true],
    ['Error', 'Unable to preload CSS for /assets/Settings-DyQ2hn3k.css', true],
    ['ChunkLoadError', '', true],
    // Network failures of fetch() are not deploy-caused.
    ['TypeError', 'Failed to fetch', false],
    ['TypeError', 'NetworkError when attempting to fetch resource.', false],
    ['TypeError', 'Load failed', false],
    ['Error', 'Loading failed', false],
  ])('%s: %j -> %s', (type, message, want) => expect(isChunkLoadError(type, message)).toBe(want));
});
