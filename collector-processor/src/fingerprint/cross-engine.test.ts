/**
 * Fingerprint v2: frames one engine prints and another does not never count, so one fault thrown
 * in Chromium and in Firefox is one fingerprint. Stacks as V8 and SpiderMonkey print them for
 * the same code (shapes checked against Chromium 156 and Firefox ESR 153).
 */
import { computeFingerprint, type ExplainedFrame } from './compute';
import { asyncCauseOf, inAppFrames, isErrorConstructorFrame, judgeFrames } from './frames';
import { errorFrom, errorWithFrames } from './testkit';

const APP = 'https://shop.example/assets/app-3f9a2b1c.js';
const SDK = 'https://cdn.example.com/pulsetrace/pulsetrace.min.js';

/** `class PaymentError extends Error`, thrown in `pay`, called from a click listener. */
const PAYMENT = {
  chromium: {
    name: 'PaymentError',
    message: 'Payment 4411 declined',
    stack: [
      'Error: Payment 4411 declined',
      `    at pay (${APP}:20:11)`,
      `    at HTMLButtonElement.onClick (${APP}:30:5)`,
      // The SDK wraps listeners to record breadcrumbs: its minified frame must not count either.
      `    at HTMLButtonElement.n (${SDK}:1:2345)`,
    ].join('\n'),
  },
  firefox: {
    name: 'PaymentError',
    message: 'Payment 4412 declined',
    stack: [
      `PaymentError@${APP}:3:5`,
      `AppError@${APP}:1:30`,
      `pay@${APP}:20:11`,
      `onClick@${APP}:30:5`,
      `n@${SDK}:1:2345`,
      '',
    ].join('\n'),
  },
};

/** An async function awaiting `load`: V8 prints `async checkout`, Firefox `async*checkout`. */
const ASYNC = {
  chromium: {
    name: 'TypeError',
    message: "Cannot read properties of undefined (reading 'id')",
    stack: [
      "TypeError: Cannot read properties of undefined (reading 'id')",
      `    at load (${APP}:40:20)`,
      `    at async checkout (${APP}:50:3)`,
    ].join('\n'),
  },
  firefox: {
    name: 'TypeError',
    message: 'can\'t access property "id", cart is undefined',
    stack: [
      `load@${APP}:40:20`,
      `async*checkout@${APP}:50:3`,
      `setTimeout handler*start@${APP}:60:3`,
      '',
    ].join('\n'),
  },
};

describe('frames only one engine prints', () => {
  it('Error-subclass constructor frames (Firefox) do not count', () => {
    const chrome = computeFingerprint(errorFrom(PAYMENT.chromium));
    const firefox = computeFingerprint(errorFrom(PAYMENT.firefox));
    // The app wrote the message: it counts too, ids replaced (app-message.test.ts).
    expect(chrome.grouping.components).toEqual([
      'PaymentError',
      'pay (assets/app.js)',
      'Payment <num> declined',
    ]);
    expect(firefox.fingerprint).toBe(chrome.fingerprint);
    expect(firefox.grouping.culprit).toBe('pay (assets/app.js)');
  });

  it('the SDK frame neither counts nor makes the stack look minified', () => {
    const chrome = computeFingerprint(errorFrom(PAYMENT.chromium));
    expect(chrome.grouping.method).toBe('frames');
    expect(chrome.grouping.fallback).toBeUndefined();
  });

  it('async continuations keep their name apart from the engine prefix, and do not count', () => {
    const chrome = computeFingerprint(errorFrom(ASYNC.chromium));
    const firefox = computeFingerprint(errorFrom(ASYNC.firefox));
    expect(firefox.fingerprint).toBe(chrome.fingerprint);
    expect(chrome.grouping.components).toEqual(['TypeError', 'load (assets/app.js)']);
    const flags = (r: typeof chrome) =>
      r.grouping.frames?.map((f) => [f.frame, f.async ?? '', f.reason ?? '']);
    expect(flags(chrome)).toEqual([
      ['load (assets/app.js)', '', ''],
      ['checkout (assets/app.js)', 'async', 'async'],
    ]);
    expect(flags(firefox)).toEqual([
      ['load (assets/app.js)', '', ''],
      ['checkout (assets/app.js)', 'async', 'async'],
      ['start (assets/app.js)', 'setTimeout handler', 'async'],
    ]);
  });

  it.each([
    ['async*pay', 'async'],
    ['async pay', 'async'],
    ['setTimeout handler*pay', 'setTimeout handler'],
    ['promise callback*pay', 'promise callback'],
    ['EventListener.handleEvent*pay', 'EventListener.handleEvent'],
    ['pay', ''],
  ])('asyncCauseOf(%j) = %j', (name, cause) => expect(asyncCauseOf(name)).toBe(cause));

  it.each([
    ['PaymentError', 'PaymentError', true],
    ['AppError', 'PaymentError', true],
    ['constructor', 'Error', true],
    ['pay', 'PaymentError', false],
    ['', 'Error', false],
  ])('isErrorConstructorFrame(%j, %j) = %s', (name, type, want) =>
    expect(isErrorConstructorFrame(name, type)).toBe(want),
  );

  it('only constructor frames at the top of the stack are dropped', () => {
    const frames = inAppFrames(
      errorFrom({
        name: 'Error',
        message: 'x',
        stack: [`handle@${APP}:1:1`, `ValidationError@${APP}:2:1`, `submit@${APP}:3:1`, ''].join('\n'),
      }),
    );
    expect(judgeFrames(frames, 'Error')).toEqual({
      labels: ['handle (assets/app.js)'],
      verdicts: ['counted', 'caller', 'caller'],
    });
  });
});

describe('in-app after symbolication', () => {
  it('a source path counts whatever scheme its bundler names it with; a vendor source does not', () => {
    const row = errorWithFrames('TypeError', "Cannot read properties of undefined (reading 'x')", [
      {
        filename: 'turbopack:///[project]/node_modules/next/dist/client.js',
        function: 'call',
        symbolicated: 1,
      },
      { filename: 'turbopack:///[project]/src/cart.ts', function: 'total', symbolicated: 1 },
    ]);
    const { grouping } = computeFingerprint(row);
    expect(grouping.components).toEqual(['TypeError', 'total ([project]/src/cart.ts)']);
    expect(grouping.frames?.[0]).toMatchObject({ counted: false, reason: 'vendor' });
  });
});

describe('the explanation lists which frames counted', () => {
  it('says why each other frame did not', () => {
    const { grouping } = computeFingerprint(errorFrom(PAYMENT.firefox));
    expect(grouping.frames).toEqual<ExplainedFrame[]>([
      { frame: 'PaymentError (assets/app.js)', counted: false, reason: 'constructor' },
      { frame: 'AppError (assets/app.js)', counted: false, reason: 'constructor' },
      { frame: 'pay (assets/app.js)', counted: true },
      { frame: 'onClick (assets/app.js)', counted: false, reason: 'caller' },
      { frame: 'n (pulsetrace/pulsetrace.min.js)', counted: false, reason: 'sdk' },
    ]);
  });

  it('marks no frame counted when the message grouped the error', () => {
    const { grouping } = computeFingerprint(errorFrom(ASYNC.firefox, { 'frames.in_app': [1, 1, 1] }), {
      groupingRules: [{ message: '*property*', fingerprint: ['props'] }],
    });
    expect(grouping.method).toBe('rule');
    expect(grouping.frames?.some((f) => f.counted)).toBe(false);
  });
});

describe('titles without variable data', () => {
  it('replaces numbers and ids as the message fingerprint does, keeping quoted names', () => {
    const chrome = computeFingerprint(errorFrom(PAYMENT.chromium));
    const firefox = computeFingerprint(errorFrom(PAYMENT.firefox));
    expect(chrome.grouping.title).toBe('PaymentError: Payment <num> declined');
    expect(firefox.grouping.title).toBe(chrome.grouping.title);
    expect(computeFingerprint(errorFrom(ASYNC.chromium)).grouping.title).toBe(
      "TypeError: Cannot read properties of undefined (reading 'id')",
    );
  });

  it('titles chunk-load issues by the failure, not a chunk URL', () => {
    const title = (name: string, message: string) =>
      computeFingerprint(errorFrom({ name, message, stack: '' })).grouping.title;
    expect(title('ChunkLoadError', 'Loading chunk 318 failed.\n(error: https://x/318.js)')).toBe(
      'ChunkLoadError: Loading chunk failed',
    );
    expect(title('TypeError', 'Failed to fetch dynamically imported module: https://x/a-DyQ2hn3k.js')).toBe(
      'TypeError: Failed to fetch dynamically imported module',
    );
  });
});

describe('the crash site, and its cost', () => {
  const fromHelper = (message: string, caller: string) =>
    errorFrom({
      name: 'ApiError',
      message,
      stack: [`request@${APP}:5:11`, `${caller}@${APP}:9:3`, ''].join('\n'),
    });
  const cart = fromHelper('GET /api/cart failed', 'loadCart');
  const profile = fromHelper('GET /api/profile failed', 'loadProfile');

  it('different app-written messages from one shared throw helper are two issues', () => {
    expect(computeFingerprint(cart).fingerprint).not.toBe(computeFingerprint(profile).fingerprint);
  });

  it('a grouping rule on the helper frame merges them again, as docs/grouping.md shows', () => {
    const settings = {
      groupingRules: [
        { frame: 'assets/app.js', type: 'ApiError', fingerprint: ['api-request', '{{ type }}'] },
      ],
    };
    expect(computeFingerprint(cart, settings).fingerprint).toBe(
      computeFingerprint(profile, settings).fingerprint,
    );
  });
});
