import {
  canonicalEngineMessage,
  firstLine,
  MAX_MESSAGE_CHARS,
  normaliseMessage,
  titleMessage,
} from './message';

// [what, type, message, normalised]
const cases: [string, string, string, string][] = [
  // Engine messages: see the engine classes below; "can't" is not a quote.
  [
    'an apostrophe is not a quote',
    'TypeError',
    'can\'t redefine non-configurable property "price"',
    "can't redefine non-configurable property <str>",
  ],
  ['Chrome onerror prefix', 'TypeError', 'Uncaught TypeError: x is not a function', 'x is not a function'],
  ['in promise prefix', 'Error', 'Uncaught (in promise) Error: boom', 'boom'],
  ['type prefix only when it is the type', 'Error', 'TypeError: x', 'TypeError: x'],
  // Values.
  ['numbers', 'Error', 'Order 1234 not found', 'Order <num> not found'],
  [
    'numbers glued to "_" or "#"',
    'Error',
    'Row item_42 failed, see #418',
    'Row item_<num> failed, see #<num>',
  ],
  ['identifiers with digits stay', 'Error', 'WebGL2 context lost on h1', 'WebGL2 context lost on h1'],
  ['decimals and versions', 'Error', 'Expected 3.14 got 1.2.3', 'Expected <num> got <num>'],
  ['email', 'Error', 'User bob.smith+shop@example.co.uk not found', 'User <email> not found'],
  [
    'scrubbed email placeholder groups with a raw email',
    'Error',
    'User [email] not found',
    'User <email> not found',
  ],
  ['custom placeholder', 'Error', 'Order [order-id] failed', 'Order <order-id> failed'],
  [
    'URL with query',
    'Error',
    'Request to https://api.shop.example/v1/orders/123?x=1&y=2 failed with status 500',
    'Request to <url> failed with status <num>',
  ],
  [
    'Chromium dynamic import',
    'TypeError',
    'Failed to fetch dynamically imported module: https://shop.example/assets/Settings-DyQ2hn3k.js',
    'Failed to fetch dynamically imported module: <url>',
  ],
  [
    'webpack chunk, multi-line',
    'ChunkLoadError',
    'Loading chunk 123 failed.\n(error: https://shop.example/static/js/123.abcdef.chunk.js)',
    'Loading chunk <num> failed. (error: <url>)',
  ],
  ['IPv4 with port', 'Error', 'connect ECONNREFUSED 10.0.0.12:5432', 'connect ECONNREFUSED <ip>'],
  ['IPv6', 'Error', 'Blocked request from 2001:db8::8a2e:370:7334 today', 'Blocked request from <ip> today'],
  ['UUID', 'Error', 'Cart 550e8400-e29b-41d4-a716-446655440000 expired', 'Cart <uuid> expired'],
  ['0x hex', 'RangeError', 'Invalid pointer 0x7ffee4b2c8a0', 'Invalid pointer <hex>'],
  ['hex hash', 'Error', 'Asset 3f9a2b1c4d5e6f70 missing', 'Asset <hex> missing'],
  ['hex-letter words stay', 'Error', 'deadbeef facade added', 'deadbeef facade added'],
  [
    'base64 token',
    'Error',
    'Invalid token eyJhbGciOiJIUzI1NiJ9 for session',
    'Invalid token <id> for session',
  ],
  ['duration ms', 'Error', 'timeout of 30000ms exceeded', 'timeout of <duration> exceeded'],
  ['durations s and spaced', 'Error', 'Took 2.5s, budget 150 ms', 'Took <duration>, budget <duration>'],
  ['duration words', 'Error', 'Retry in 30 seconds', 'Retry in <duration>'],
  ['ISO timestamp', 'Error', 'Token expired at 2025-11-22T03:33:20.123Z', 'Token expired at <date>'],
  ['ISO date', 'Error', 'No slots on 2025-11-22', 'No slots on <date>'],
  [
    'Date.prototype.toString',
    'Error',
    'Quota resets Mon Nov 24 2025 10:00:00 GMT+0100 (Central European Standard Time)',
    'Quota resets <date>',
  ],
  ['RFC 7231 date', 'Error', 'Expires Mon, 24 Nov 2025 10:00:00 GMT', 'Expires <date>'],
  ['time of day', 'Error', 'Closed at 18:30', 'Closed at <time>'],
  ['single-quoted', 'Error', "Unknown currency 'EUR'", 'Unknown currency <str>'],
  ['double-quoted', 'Error', 'Unknown currency "EUR"', 'Unknown currency <str>'],
  ['backticks', 'Error', 'Unknown key `cart.total`', 'Unknown key <str>'],
  ['typographic quotes', 'Error', 'Could not load “settings”', 'Could not load <str>'],
  [
    'trailing period (Safari adds them)',
    'RangeError',
    'Maximum call stack size exceeded.',
    'Maximum call stack size exceeded',
  ],
  ['whitespace collapsed', 'Error', '  Line one\n\n   line   two\t', 'Line one line two'],
  [
    'React minified error (the code goes too: documented)',
    'Error',
    'Minified React error #418; visit https://react.dev/errors/418?args[]=text for the full message',
    'Minified React error #<num>; visit <url> for the full message',
  ],
  ['empty', 'Error', '', ''],
];

describe('normaliseMessage', () => {
  it.each(cases)('%s', (_what, type, message, want) => {
    expect(normaliseMessage(message, type)).toBe(want);
  });

  it('makes the same fault with different values one message', () => {
    const a = normaliseMessage('Order 1234 for bob@example.com not found (after 150ms)', 'Error');
    const b = normaliseMessage('Order 98 for [email] not found (after 2.5s)', 'Error');
    expect(a).toBe(b);
  });

  it('caps long messages', () => {
    expect(normaliseMessage('word '.repeat(500), 'Error')).toHaveLength(MAX_MESSAGE_CHARS);
  });
});

describe('firstLine', () => {
  it.each([
    ['Loading chunk 1 failed.\n(error: x)', 'Loading chunk 1 failed.'],
    ['  padded  ', 'padded'],
    ['', ''],
    ['x'.repeat(300), 'x'.repeat(200)],
  ])('%j', (message, want) => expect(firstLine(message)).toBe(want));
});

/**
 * The same fault as V8 (Chrome), SpiderMonkey (Firefox) and JavaScriptCore (Safari) word it: each
 * row's messages must normalise to one canonical form, different from every other row's. The
 * messages are the engines' own (the Chromium and Firefox JSON and property ones are also in
 * testdata/browser-stacks.json, captured from the real browsers).
 */
const ENGINE_CLASSES: [string, string, string[]][] = [
  [
    'property read of undefined',
    'Cannot read properties of undefined',
    [
      "Cannot read properties of undefined (reading 'x')",
      "Cannot read property 'x' of undefined",
      'y is undefined',
      'can\'t access property "x", y is undefined',
      "undefined is not an object (evaluating 'y.x')",
    ],
  ],
  [
    'property read of null',
    'Cannot read properties of null',
    [
      "Cannot read properties of null (reading 'x')",
      'y is null',
      'can\'t access property "x", y is null',
      "null is not an object (evaluating 'y.x')",
    ],
  ],
  [
    'JSON.parse',
    'JSON.parse: invalid JSON',
    [
      'Unexpected token < in JSON at position 0',
      'Unexpected token \'<\', "<!DOCTYPE "... is not valid JSON',
      'Unexpected end of JSON input',
      'Expected double-quoted property name in JSON at position 10 (line 1 column 11)',
      'JSON.parse: unexpected character at line 1 column 1 of the JSON data',
      'JSON.parse: end of data when property name was expected at line 1 column 11 of the JSON data',
      "JSON Parse error: Unrecognized token '<'",
      'JSON Parse error: Unexpected EOF',
    ],
  ],
  [
    'not a function',
    'y.x is not a function',
    ['y.x is not a function', "y.x is not a function. (In 'y.x()', 'y.x' is undefined)"],
  ],
  ['not defined', 'foo is not defined', ['foo is not defined', "Can't find variable: foo"]],
];

describe('engine message classes', () => {
  describe.each(ENGINE_CLASSES)('%s', (_what, canonical, messages) => {
    it.each(messages)('%s', (message) => {
      expect(canonicalEngineMessage(message)).toBe(canonical);
      expect(normaliseMessage(`Uncaught TypeError: ${message}`, 'TypeError')).toBe(
        normaliseMessage(canonical, 'TypeError'),
      );
    });
  });

  it('keeps the classes apart, and other messages as they are', () => {
    const forms = ENGINE_CLASSES.map(([, canonical]) => normaliseMessage(canonical));
    expect(new Set(forms).size).toBe(ENGINE_CLASSES.length);
    expect(canonicalEngineMessage('Payment declined')).toBe('Payment declined');
    expect(canonicalEngineMessage('x is not a function at all')).toBe('x is not a function at all');
  });
});

describe('titleMessage', () => {
  it.each([
    ['Order 1234 not found', 'Order <num> not found'],
    [
      "Cannot read properties of undefined (reading 'price')",
      "Cannot read properties of undefined (reading 'price')",
    ],
    ['Failed for bob@example.com at https://api.example/v1/orders/9?x=1', 'Failed for <email> at <url>'],
    ['Session 550e8400-e29b-41d4-a716-446655440000 expired\nstack', 'Session <uuid> expired'],
    ['x'.repeat(300), 'x'.repeat(200)],
  ])('%j', (message, want) => expect(titleMessage(message)).toBe(want));
});
