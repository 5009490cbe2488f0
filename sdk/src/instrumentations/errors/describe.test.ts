import {
  MAX_VALUE_MESSAGE,
  causesOf,
  describe as describeError,
  errorFromEvent,
  fingerprintText,
  firstFrameUrl,
  isResourceError,
  stringify,
  type Described,
} from './describe';

/** A Chrome stack as the processor's parser sees it. */
const V8 = [
  'TypeError: boom from click',
  '    at explode (https://app.test/app.js:22:11)',
  '    at HTMLButtonElement.onBoomClick (https://app.test/app.js:27:5)',
].join('\n');

class PaymentError extends Error {}
class Weird {}

describe('describe', () => {
  const named = Object.assign(new Error('card declined'), { name: 'CardError' });
  const noStack = Object.assign(new Error('x'), { stack: undefined });
  const unnamed = Object.assign(new PaymentError('p'), { name: '' });
  it.each<[string, unknown, Partial<Described>]>([
    ['an Error', new TypeError('bad'), { type: 'TypeError', message: 'bad' }],
    ['a custom name', named, { type: 'CardError', message: 'card declined' }],
    ['no name: the constructor', unnamed, { type: 'PaymentError' }],
    ['no stack', noStack, { type: 'Error', message: 'x', stacktrace: '' }],
    ['a thrown string', 'nope', { type: 'Error', message: 'nope', stacktrace: '' }],
    ['a plain object', { code: 42, why: 'x' }, { type: 'Object', message: '{"code":42,"why":"x"}' }],
    ['a class instance', new Weird(), { type: 'Weird', message: '{}' }],
    ['null', null, { type: 'null', message: 'null' }],
    ['undefined', undefined, { type: 'undefined', message: 'undefined' }],
    ['a number', 7, { type: 'number', message: '7' }],
    ['a symbol', Symbol('s'), { type: 'symbol', message: 'Symbol(s)' }],
    [
      'a DOMException-like tag',
      Object.assign(Object.create(null), {
        [Symbol.toStringTag]: 'DOMException',
        name: 'AbortError',
        message: 'aborted',
      }),
      { type: 'AbortError', message: 'aborted' },
    ],
  ])('%s', (_name, value, expected) => expect(describeError(value)).toMatchObject(expected));

  it('keeps the raw stack', () => {
    const e = new Error('s');
    e.stack = V8;
    expect(describeError(e).stacktrace).toBe(V8);
  });
});

describe('stringify', () => {
  const cyclic: Record<string, unknown> = { a: 1 };
  cyclic.self = cyclic;
  const throwing = {
    toJSON() {
      throw new Error('no');
    },
  };
  it.each<[string, unknown, string]>([
    ['cycles', cyclic, '{"a":1,"self":"[Circular]"}'],
    ['bigint', { n: 10n }, '{"n":"10n"}'],
    ['functions', { f: function named() {} }, '{"f":"function named() {}"}'],
    ['nested errors', { e: new RangeError('r') }, '{"e":"RangeError: r"}'],
    ['a throwing toJSON', throwing, '[object Object]'],
    ['no prototype', Object.create(null), '{}'],
    ['a function', function f() {}, 'function f() {}'],
  ])('%s', (_name, value, expected) => expect(stringify(value)).toBe(expected));

  it('truncates to the limit', () => {
    const s = stringify('x'.repeat(5000));
    expect(s).toHaveLength(MAX_VALUE_MESSAGE);
    expect(s.endsWith('…')).toBe(true);
  });

  it('bounds huge graphs', () => {
    const big = Array.from({ length: 10_000 }, (_, i) => ({ i }));
    expect(stringify(big).length).toBeLessThanOrEqual(MAX_VALUE_MESSAGE);
  });
});

describe('causesOf', () => {
  it('walks Error.cause, including non-Error causes', () => {
    const root = new Error('db down', { cause: 'socket closed' });
    const top = new Error('checkout failed', { cause: new TypeError('query failed', { cause: root }) });
    expect(causesOf(top).map((c) => `${c.type}: ${c.message}`)).toEqual([
      'TypeError: query failed',
      'Error: db down',
      'Error: socket closed',
    ]);
  });

  it('stops at cycles and after 5', () => {
    const a: Error & { cause?: unknown } = new Error('a');
    const b = new Error('b', { cause: a });
    a.cause = b;
    expect(causesOf(a).map((c) => c.message)).toEqual(['b']);
    let e = new Error('0');
    for (let i = 1; i < 10; i++) e = new Error(String(i), { cause: e });
    expect(causesOf(e)).toHaveLength(5);
  });

  it('is empty without a cause', () => {
    expect(causesOf(new Error('x'))).toEqual([]);
    expect(causesOf('x')).toEqual([]);
    expect(causesOf(new Error('x', { cause: undefined }))).toEqual([]);
  });
});

describe('firstFrameUrl', () => {
  it.each([
    ['V8', V8, 'https://app.test/app.js'],
    [
      'V8 anonymous function',
      'Error: x\n    at https://cdn.test/lib.js?v=2:1:200',
      'https://cdn.test/lib.js?v=2',
    ],
    [
      'V8 skips frames without a location',
      'Error: x\n    at JSON.parse (<anonymous>)\n    at f (https://a.test/a.js:1:2)',
      'https://a.test/a.js',
    ],
    ['V8 async', 'Error: x\n    at async load (https://a.test/a.js:3:4)', 'https://a.test/a.js'],
    [
      'Firefox',
      'explode@https://app.test/app.js:22:11\nonBoomClick@https://app.test/app.js:27:5\n',
      'https://app.test/app.js',
    ],
    ['Safari global code', 'global code@https://app.test/app.js:30:8', 'https://app.test/app.js'],
    ['Firefox anonymous', '@https://app.test/app.js:1:1', 'https://app.test/app.js'],
    ['extension', '    at x (chrome-extension://abc/content.js:1:2)', 'chrome-extension://abc/content.js'],
    ['none', 'Error: no frames', ''],
    ['empty', '', ''],
  ])('%s', (_name, stack, url) => expect(firstFrameUrl(stack)).toBe(url));
});

describe('fingerprintText', () => {
  it.each<[string | string[] | undefined | null, string]>([
    [['checkout', 'db'], 'checkout\ndb'],
    ['one', 'one'],
    [[], ''],
    [undefined, ''],
    [null, ''],
  ])('%j', (fp, text) => expect(fingerprintText(fp)).toBe(text));
});

describe('window error events', () => {
  it('skips resource load errors (target is an element)', () => {
    expect(isResourceError({ target: { nodeType: 1, tagName: 'IMG' } })).toBe(true);
    expect(isResourceError({ target: { window: true } })).toBe(false);
    expect(isResourceError({})).toBe(false);
  });

  it('uses the error object when there is one', () => {
    const err = new Error('x');
    expect(errorFromEvent({ error: err, message: 'Uncaught Error: x' })).toBe(err);
    expect(errorFromEvent({ error: 'thrown string' })).toBe('thrown string');
  });

  it.each([
    [{ message: 'Script error.' }, 'Error', 'Script error.', 'Error: Script error.'],
    [
      { message: 'Uncaught TypeError: a is undefined', filename: 'https://a.test/a.js', lineno: 3, colno: 9 },
      'TypeError',
      'a is undefined',
      'TypeError: a is undefined\n    at https://a.test/a.js:3:9',
    ],
    [{ message: 'Uncaught boom', error: null }, 'Error', 'boom', 'Error: boom'],
  ])('builds a stand-in without one: %j', (e, type, message, stack) => {
    expect(describeError(errorFromEvent(e))).toEqual({ type, message, stacktrace: stack });
  });
});
