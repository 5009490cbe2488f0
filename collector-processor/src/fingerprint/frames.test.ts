import {
  MAX_GROUPING_FRAMES,
  groupingFrames,
  inAppFrames,
  normaliseFunction,
  normaliseModule,
  type NormalisedFrame,
} from './frames';
import { capturedError, errorWithFrames, type Build, type Scenario } from './testkit';

describe('normaliseFunction', () => {
  it.each([
    // V8 (receiver, keywords, aliases), as in testdata/browser-stacks.json.
    ['CartService.total', 'total'],
    ['Object.onClick', 'onClick'],
    ['HTMLButtonElement.<anonymous>', ''],
    ['Object.<anonymous>', ''],
    ['new CartService', 'CartService'],
    ['async loadCart', 'loadCart'],
    ['CartService.load [as loadIt]', 'load'],
    ['Object.get items [as items]', 'items'],
    ['Foo.prototype.bar', 'bar'],
    ['<anonymous>', ''],
    ['eval', ''],
    // SpiderMonkey.
    ['total/<', ''],
    ['eventHandler/<', ''],
    ['setup/handler<', 'handler'],
    ['outer/inner/<', ''],
    ['async*awaitedTypeError', 'awaitedTypeError'],
    ['EventListener.handleEvent*setup', 'setup'],
    ['promise callback*refresh', 'refresh'],
    // JavaScriptCore.
    ['global code', ''],
    ['module code', ''],
    ['?', ''],
    ['', ''],
    // Plain names survive.
    ['computeTotal', 'computeTotal'],
    ['$digest', '$digest'],
  ])('%j -> %j', (name, want) => expect(normaliseFunction(name)).toBe(want));
});

describe('normaliseModule', () => {
  it.each([
    // Minified URLs: origin, query, fragment and content hashes go.
    ['https://shop.example/assets/cart-3f9a2b1c.js', 'assets/cart.js'],
    ['https://cdn.example/assets/cart-9d8e7f6a.js?v=2#x', 'assets/cart.js'],
    ['https://shop.example/assets/index-DyQ2hn3k.js', 'assets/index.js'],
    ['https://shop.example/assets/index-BxKqTfPa.js', 'assets/index.js'],
    ['https://shop.example/assets/user-x-line-zIdph-gu.js', 'assets/user-x-line.js'],
    ['https://shop.example/assets/code-block-37QAKDTI-0Le8mQ1p.js', 'assets/code-block.js'],
    ['https://shop.example/chunk-5ZQ3XJ2K.js', 'chunk.js'],
    ['https://shop.example/chunk-ABC123.js', 'chunk.js'],
    ['https://shop.example/static/js/app.3f9a2b1c.js', 'static/js/app.js'],
    ['https://shop.example/static/js/main.3f9a2b1c.chunk.js', 'static/js/main.chunk.js'],
    ['https://shop.example/static/js/456.abcdef.chunk.js', 'static/js/<id>.chunk.js'],
    ['https://shop.example/static/js/123.js', 'static/js/<id>.js'],
    [
      'https://shop.example/_next/static/chunks/pages/cart-3f9a2b1c4d5e6f70.js',
      '_next/static/chunks/pages/cart.js',
    ],
    ['https://shop.example/_next/static/chunks/4bd1b696-c023c6e3521b1417.js', '_next/static/chunks/<id>.js'],
    [
      'https://shop.example/_next/static/x7Kd9aQ2mZp4Lr8Tw3Ys1/_buildManifest.js',
      '_next/static/_buildManifest.js',
    ],
    ['https://cdn.example/shop/1.4.2/main.min.js', 'shop/main.min.js'],
    // Names that only look like hashes stay.
    ['https://shop.example/assets/use-checkout.js', 'assets/use-checkout.js'],
    ['https://shop.example/assets/CartPage-Checkout.js', 'assets/CartPage-Checkout.js'],
    ['https://shop.example/assets/vendor-react.js', 'assets/vendor-react.js'],
    ['https://shop.example/assets/ui-facade.js', 'assets/ui-facade.js'],
    // Original sources from source maps.
    ['webpack://shop/./src/cart/service.ts', 'src/cart/service.ts'],
    ['webpack:///./src/cart/service.ts', 'src/cart/service.ts'],
    ['webpack://_N_E/./src/cart/service.ts?3a7f', 'src/cart/service.ts'],
    ['webpack-internal:///./src/cart/service.ts', 'src/cart/service.ts'],
    ['../src/cart/service.ts', 'src/cart/service.ts'],
    ['../../src/cart/service.ts', 'src/cart/service.ts'],
    ['/src/cart/service.ts', 'src/cart/service.ts'],
    ['./src/cart/service.ts', 'src/cart/service.ts'],
    // Inline scripts report the page URL.
    ['https://shop.example/checkout?step=2', 'checkout'],
    ['https://shop.example/', ''],
    ['', ''],
  ])('%s -> %s', (filename, want) => expect(normaliseModule(filename)).toBe(want));
});

function labels(build: Build, browser: 'chromium' | 'firefox', scenario: Scenario) {
  return groupingFrames(inAppFrames(capturedError(browser, build, scenario)));
}

// Scenarios of testdata/capture-stacks.mjs that throw with frames (dynamicImport has none).
const SCENARIOS: Scenario[] = [
  'typeError',
  'asyncTypeError',
  'awaitedTypeError',
  'eventHandler',
  'syntaxError',
  'customError1234',
  'referenceError',
  'notAFunction',
  'stackOverflow',
];

describe('groupingFrames on real Chromium and Firefox stacks', () => {
  it.each(SCENARIOS)('%s: same labels in both browsers and both unminified releases', (scenario) => {
    const reference = labels('unminified-1.4.2', 'chromium', scenario);
    expect(reference.labels.length).toBeGreaterThan(0);
    for (const build of ['unminified-1.4.2', 'unminified-1.5.0'] as const) {
      for (const browser of ['chromium', 'firefox'] as const) {
        expect(labels(build, browser, scenario)).toEqual(reference);
      }
    }
  });

  it('reads the typeError crash site as the code is written: the map callback inside total', () => {
    expect(labels('unminified-1.5.0', 'firefox', 'typeError').labels).toEqual([
      '<anonymous> (assets/cart.js)',
      'total (assets/cart.js)',
    ]);
  });

  it('counts the crash site of a recursion once (the depth printed differs per engine)', () => {
    expect(labels('unminified-1.4.2', 'chromium', 'referenceError').labels).toEqual([
      'countdown (assets/cart.js)',
    ]);
  });

  it('one fault reached by four paths (direct, listener, async, awaited) is one crash site', () => {
    const paths = ['typeError', 'asyncTypeError', 'awaitedTypeError', 'eventHandler'] as const;
    for (const browser of ['chromium', 'firefox'] as const)
      expect(
        new Set(paths.map((s) => JSON.stringify(labels('unminified-1.4.2', browser, s).labels))).size,
      ).toBe(1);
  });

  it('keeps different faults apart', () => {
    const faults = SCENARIOS.filter(
      (s) => !['asyncTypeError', 'awaitedTypeError', 'eventHandler'].includes(s),
    );
    const all = faults.map((s) => JSON.stringify(labels('unminified-1.4.2', 'chromium', s).labels));
    expect(new Set(all).size).toBe(faults.length);
  });

  it.each(['minified-1.4.2', 'minified-1.5.0'] as const)(
    '%s without maps: no frames to group on',
    (build) => {
      for (const browser of ['chromium', 'firefox'] as const) {
        expect(labels(build, browser, 'typeError')).toEqual({ labels: [], fallback: 'minified_frames' });
      }
    },
  );
});

describe('groupingFrames', () => {
  const frame = (over: Partial<NormalisedFrame>): NormalisedFrame => ({
    function: 'render',
    module: 'src/a.ts',
    rawFunction: 'render',
    filename: 'src/a.ts',
    symbolicated: false,
    colno: 10,
    afterAsync: false,
    contextLine: '',
    ...over,
  });

  it.each<[string, NormalisedFrame[], ReturnType<typeof groupingFrames>]>([
    ['no frames', [], { labels: [], fallback: 'no_in_app_frames' }],
    ['only async frames', [frame({ afterAsync: true })], { labels: [], fallback: 'no_in_app_frames' }],
    [
      'the crash site only: its callers record the path that reached it',
      Array.from({ length: 8 }, (_, i) => frame({ function: `step${i}` })),
      { labels: ['step0 (src/a.ts)'] },
    ],
    [
      'anonymous frames above the crash site count with it',
      [
        frame({ function: '' }),
        frame({ function: '' }),
        frame({ function: 'total' }),
        frame({ function: 'main' }),
      ],
      { labels: ['<anonymous> (src/a.ts)', 'total (src/a.ts)'] },
    ],
    [
      `at most ${MAX_GROUPING_FRAMES} anonymous frames`,
      Array.from({ length: 8 }, (_, i) => frame({ function: '', module: `src/f${i}.ts` })),
      { labels: [0, 1, 2, 3, 4].map((i) => `<anonymous> (src/f${i}.ts)`) },
    ],
    [
      'symbolicated frames count, minified ones next to them do not',
      [
        frame({ function: 'e', module: 'assets/vendor.js' }),
        frame({ function: 'addItem', module: 'src/cart.ts', symbolicated: true }),
      ],
      { labels: ['addItem (src/cart.ts)'] },
    ],
    [
      'one frame at a far column marks the unsymbolicated part minified',
      [frame({ function: 'render' }), frame({ function: 'mount', colno: 18000 })],
      { labels: [], fallback: 'minified_frames' },
    ],
    [
      '.min.js',
      [frame({ function: 'render', module: 'lib/app.min.js' })],
      { labels: [], fallback: 'minified_frames' },
    ],
    [
      'a symbolicated frame with source context counts by its line, whatever the function name',
      [
        frame({ function: 'chargeCard', symbolicated: true, contextLine: 'throw new RangeError(m);' }),
        frame({ function: '', symbolicated: true, contextLine: 'return chargeCard(orderId);' }),
      ],
      { labels: ['src/a.ts: throw new RangeError(m);'] },
    ],
  ])('%s', (_what, frames, want) => expect(groupingFrames(frames)).toEqual(want));
});

describe('inAppFrames', () => {
  it.each<[string, Parameters<typeof errorWithFrames>[2][number], string]>([
    [
      'a name from the map',
      { filename: 'src/a.ts', function: 'addItem', raw_function: 'e', symbolicated: 1 },
      'addItem',
    ],
    [
      'the minified name kept for want of a mapped caller',
      { filename: 'src/a.ts', function: 'e', raw_function: 'e', symbolicated: 1 },
      '',
    ],
    [
      'a kept name in a minified file that minifiers do not mangle (a property)',
      { filename: 'src/a.ts', function: 'typeError', raw_function: 'typeError', symbolicated: 1 },
      'typeError',
    ],
    [
      'a kept name in an unminified file (TypeScript output: maps without names)',
      { filename: 'src/a.ts', function: 'addItem', raw_function: 'addItem', symbolicated: 1 },
      'addItem',
    ],
  ])('symbolicated function: %s', (_what, f, want) => {
    expect(inAppFrames(errorWithFrames('Error', 'x', [f]))[0].function).toBe(want);
  });

  it('skips library and runtime code, frames without a file, and marks async continuations', () => {
    const row = errorWithFrames('TypeError', 'x', [
      {
        filename: 'webpack://shop/./node_modules/react-dom/cjs/react-dom.js',
        function: 'commitRoot',
        symbolicated: 1,
      },
      { filename: 'webpack://shop/webpack/runtime/jsonp chunk loading', function: 'f', symbolicated: 1 },
      { filename: '', function: 'native' },
      { filename: 'https://shop.example/assets/app.js', function: 'vendorThing', in_app: 0 },
      { filename: 'webpack://shop/./src/cart.ts', function: 'addItem', symbolicated: 1 },
      {
        filename: 'webpack://shop/./src/page.ts',
        function: 'onLoad',
        raw_function: 'async n',
        symbolicated: 1,
      },
      { filename: 'webpack://shop/./src/main.ts', function: 'main', symbolicated: 1 },
    ]);
    expect(inAppFrames(row).map((f) => [f.function, f.module, f.afterAsync])).toEqual([
      ['addItem', 'src/cart.ts', false],
      ['onLoad', 'src/page.ts', true],
      ['main', 'src/main.ts', true],
    ]);
  });
});
