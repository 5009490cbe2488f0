/**
 * Grouping by crash site plus the app's own message: different faults thrown from one shared
 * helper are different issues, while messages the engine wrote (worded differently by V8,
 * SpiderMonkey and JavaScriptCore) never split one fault by browser.
 */
import { explainGrouping } from '../issues/grouping';
import { isAppWrittenMessage } from './app-message';
import { computeFingerprint } from './compute';
import { errorFrom } from './testkit';

const APP = 'https://shop.example/assets/app-3f9a2b1c.js';

/**
 * A shared `request()` helper that throws, called from two places. Stack shapes as Chromium 156
 * and Firefox ESR 153 print them (Firefox adds the Error subclass's constructor frames).
 */
function thrownIn(
  browser: 'chromium' | 'firefox',
  caller: 'loadOrder' | 'pay',
  name: string,
  message: string,
) {
  const callerLine = caller === 'loadOrder' ? 40 : 60;
  const stack =
    browser === 'chromium'
      ? [
          `${name}: ${message}`,
          `    at request (${APP}:20:11)`,
          `    at ${caller} (${APP}:${callerLine}:5)`,
          `    at HTMLButtonElement.onClick (${APP}:80:3)`,
        ].join('\n')
      : [
          ...(name === 'ApiError' ? [`ApiError@${APP}:3:5`] : []),
          `request@${APP}:20:11`,
          `${caller}@${APP}:${callerLine}:5`,
          `onClick@${APP}:80:3`,
          '',
        ].join('\n');
  return computeFingerprint(errorFrom({ name, message, stack }));
}

const BROWSERS = ['chromium', 'firefox'] as const;
const CALLERS = ['loadOrder', 'pay'] as const;

/** Fingerprints of each case thrown in both browsers from both callers: [case][browser x caller]. */
function fingerprints(cases: [string, string][]): string[][] {
  return cases.map(([name, message]) =>
    BROWSERS.flatMap((b) => CALLERS.map((c) => thrownIn(b, c, name, message).fingerprint)),
  );
}

describe('app-written messages count with the crash site', () => {
  it.each<[string, [string, string][], number]>([
    [
      'two ApiErrors with different messages from one helper: two issues',
      [
        ['ApiError', 'Order not found'],
        ['ApiError', 'Payment declined'],
      ],
      2,
    ],
    [
      'the same ApiError message with different order ids: one issue',
      [
        ['ApiError', 'Order 1042 not found'],
        ['ApiError', 'Order 77 not found'],
      ],
      1,
    ],
    [
      'the same ApiError message with different uuids: one issue',
      [
        ['ApiError', 'Order 3f9a2b1c-0000-4000-8000-00000000beef not found'],
        ['ApiError', 'Order 550e8400-e29b-41d4-a716-446655440000 not found'],
      ],
      1,
    ],
    [
      "new Error('Checkout failed: ' + code) with numeric codes: one issue",
      [
        ['Error', 'Checkout failed: 502'],
        ['Error', 'Checkout failed: 504'],
      ],
      1,
    ],
    [
      'a shared assert() throwing plain Errors: one issue per message',
      [
        ['Error', 'Invariant failed: cart must not be empty'],
        ['Error', 'Invariant failed: address is required'],
        ['Error', 'Invariant failed: cart must not be empty'],
      ],
      2,
    ],
    [
      'a built-in type with an app-written message: one issue per message',
      [
        ['RangeError', 'Coupon SAVE10 expired on 2020-01-31'],
        ['RangeError', 'Coupon SAVE10 expired on 2021-03-01'],
        ['RangeError', 'Quantity must be between 1 and 99'],
      ],
      2,
    ],
    [
      "engine TypeErrors, each engine's wording, from one crash site: one issue",
      [
        ['TypeError', "Cannot read properties of undefined (reading 'total')"],
        ['TypeError', 'can\'t access property "total", order is undefined'],
        ['TypeError', 'order is undefined'],
        ['TypeError', "undefined is not an object (evaluating 'order.total')"],
      ],
      1,
    ],
    [
      'fetch failures of all three engines: one issue',
      [
        ['TypeError', 'Failed to fetch'],
        ['TypeError', 'NetworkError when attempting to fetch resource.'],
        ['TypeError', 'Load failed'],
      ],
      1,
    ],
    [
      'recursion in V8 / JavaScriptCore and SpiderMonkey: one issue',
      [
        ['RangeError', 'Maximum call stack size exceeded'],
        ['RangeError', 'Maximum call stack size exceeded.'],
        ['InternalError', 'too much recursion'],
      ],
      1,
    ],
    [
      'aborted fetches (DOMException AbortError) of all three engines: one issue',
      [
        ['AbortError', 'signal is aborted without reason'],
        ['AbortError', 'The operation was aborted. '],
        ['AbortError', 'Fetch is aborted'],
        ['AbortError', 'The user aborted a request.'],
      ],
      1,
    ],
  ])('%s', (_name, cases, issues) => {
    const fps = fingerprints(cases);
    // Whatever the browser and the caller, each case is one fingerprint...
    for (const row of fps) expect(new Set(row).size).toBe(1);
    // ...and the cases make this many issues.
    expect(new Set(fps.flat()).size).toBe(issues);
  });

  it('shows the message in the explanation when it counted, and not otherwise', () => {
    const app = thrownIn('firefox', 'pay', 'ApiError', 'Order 1042 not found').grouping;
    expect(app).toMatchObject({
      method: 'frames',
      components: ['ApiError', 'request (assets/app.js)', 'Order <num> not found'],
      message: 'Order <num> not found',
    });
    expect(explainGrouping({ ...app })).toBe(
      'Grouped by exception type ApiError and 1 in-app frame: request (assets/app.js), ' +
        'and the app\'s normalised message "Order <num> not found". ' +
        'Not counted: ApiError (assets/app.js) (Error-subclass constructor, printed by one engine only), ' +
        'pay (assets/app.js) (a caller of the crash site), onClick (assets/app.js) (a caller of the crash site).',
    );
    const engine = thrownIn('firefox', 'pay', 'TypeError', 'Load failed').grouping;
    expect(engine.components).toEqual(['TypeError', 'request (assets/app.js)']);
    expect(engine).not.toHaveProperty('message');
    expect(explainGrouping({ ...engine })).toMatch(
      /^Grouped by exception type TypeError and 1 in-app frame: request \(assets\/app\.js\)\. /,
    );
  });

  it('keeps grouping by message alone when there are no frames (no double message)', () => {
    const noStack = computeFingerprint(
      errorFrom({ name: 'ApiError', message: 'Order 1 not found', stack: '' }),
    );
    expect(noStack.grouping).toMatchObject({
      method: 'message',
      components: ['ApiError', 'Order <num> not found'],
    });
    expect(noStack.grouping).not.toHaveProperty('message');
  });
});

/** Engine messages, as V8 (Chrome), SpiderMonkey (Firefox) and JavaScriptCore (Safari) word them. */
const ENGINE_MESSAGES: [string, string][] = [
  ['TypeError', "Cannot read properties of undefined (reading 'price')"],
  ['TypeError', 'can\'t access property "price", t.product is undefined'],
  ['TypeError', "undefined is not an object (evaluating 't.product.price')"],
  ['TypeError', "Cannot set properties of null (setting 'textContent')"],
  ['TypeError', 'this.hooks.onResponse is not a function'],
  [
    'TypeError',
    "this.hooks.onResponse is not a function. (In 'this.hooks.onResponse(e)', 'this.hooks.onResponse' is undefined)",
  ],
  ['ReferenceError', 'formatMoney is not defined'],
  ['ReferenceError', "Can't find variable: formatMoney"],
  ['ReferenceError', "Cannot access 'cart' before initialization"],
  ['ReferenceError', "can't access lexical declaration 'cart' before initialization"],
  ['ReferenceError', 'Cannot access uninitialized variable.'],
  ['SyntaxError', 'Unexpected token \'<\', "<!doctype "... is not valid JSON'],
  ['SyntaxError', 'JSON.parse: unexpected character at line 1 column 1 of the JSON data'],
  ['SyntaxError', "JSON Parse error: Unrecognized token '<'"],
  ['SyntaxError', 'Unexpected end of JSON input'],
  ['TypeError', 'Failed to fetch'],
  ['TypeError', 'NetworkError when attempting to fetch resource.'],
  ['TypeError', 'Load failed'],
  ['TypeError', 'Failed to fetch dynamically imported module: https://shop.example/assets/chunk-KUU3QHMY.js'],
  ['TypeError', 'error loading dynamically imported module: https://shop.example/assets/chunk-KUU3QHMY.js'],
  ['TypeError', 'Importing a module script failed.'],
  ['RangeError', 'Maximum call stack size exceeded'],
  ['InternalError', 'too much recursion'],
  ['TypeError', 'items is not iterable'],
  ['TypeError', 'undefined is not iterable (cannot read property Symbol(Symbol.iterator))'],
  ['TypeError', 'Cart is not a constructor'],
  ['TypeError', 'Reduce of empty array with no initial value'],
  ['TypeError', 'reduce of empty array with no initial value'],
  [
    'TypeError',
    "Converting circular structure to JSON\n    --> starting at object with constructor 'Object'",
  ],
  ['TypeError', 'cyclic object value'],
  ['TypeError', 'JSON.stringify cannot serialize cyclic structures.'],
  ['TypeError', 'Assignment to constant variable.'],
  ['TypeError', "invalid assignment to const 'total'"],
  ['TypeError', 'Attempted to assign to readonly property.'],
  ['TypeError', "Cannot assign to read only property 'total' of object '#<Object>'"],
  ['TypeError', '"total" is read-only'],
  ['TypeError', 'Cannot add property total, object is not extensible'],
  ['TypeError', 'can\'t define property "total": Object is not extensible'],
  ['TypeError', 'Cannot convert undefined or null to object'],
  ['TypeError', "can't convert undefined to object"],
  ['TypeError', "Class constructor Cart cannot be invoked without 'new'"],
  ['TypeError', "class constructors must be invoked with 'new'"],
  ['TypeError', 'Cannot call a class constructor without |new|'],
  ['TypeError', "Cannot destructure property 'id' of 'order' as it is undefined."],
  ['TypeError', 'Right side of assignment cannot be destructured'],
  ['TypeError', 'Illegal invocation'],
  ['TypeError', "Failed to execute 'appendChild' on 'Node': parameter 1 is not of type 'Node'."],
  ['TypeError', 'Node.appendChild: Argument 1 is not an object.'],
  ['TypeError', "Argument 1 ('node') to Node.appendChild must be an instance of Node"],
  ['TypeError', "Failed to construct 'URL': Invalid URL"],
  ['TypeError', 'URL constructor: /cart is not a valid URL.'],
  ['TypeError', 'Type error'],
  ['TypeError', 'Cannot mix BigInt and other types, use explicit conversions'],
  ['RangeError', 'Invalid array length'],
  ['RangeError', 'invalid array length'],
  ['RangeError', 'Array size is not a small enough positive integer.'],
  ['RangeError', 'Invalid time value'],
  ['RangeError', 'invalid date'],
  ['RangeError', 'toFixed() digits argument must be between 0 and 100'],
  ['RangeError', 'precision -1 out of range'],
  ['RangeError', 'Invalid string length'],
  ['RangeError', 'Invalid count value: -1'],
  ['URIError', 'URI malformed'],
  ['URIError', 'malformed URI sequence'],
  ['SyntaxError', "Failed to execute 'querySelector' on 'Document': '#1' is not a valid selector."],
  ['SyntaxError', "Document.querySelector: '#1' is not a valid selector"],
  ['SyntaxError', "'#1' is not a valid selector."],
  ['SyntaxError', 'Invalid regular expression: /(/: Unterminated group'],
  ['SyntaxError', "Unexpected token '}'"],
  ['SyntaxError', 'missing ) after argument list'],
  ['SyntaxError', "expected expression, got '}'"],
  // DOMException names: always the browser's text.
  ['AbortError', 'signal is aborted without reason'],
  ['AbortError', 'The operation was aborted. '],
  ['AbortError', 'Fetch is aborted'],
  [
    'QuotaExceededError',
    "Failed to execute 'setItem' on 'Storage': Setting the value of 'cart' exceeded the quota.",
  ],
  ['QuotaExceededError', 'The quota has been exceeded.'],
  ['SecurityError', "Failed to read a named property 'document' from 'Window': Blocked a frame"],
  ['SecurityError', 'The operation is insecure.'],
  ['NotAllowedError', "play() failed because the user didn't interact with the document first."],
  [
    'NotAllowedError',
    'The request is not allowed by the user agent or the platform in the current context, possibly because the user denied permission.',
  ],
  ['NetworkError', 'A network error occurred.'],
  ['DOMException', 'The object is in an invalid state.'],
  ['NS_ERROR_FAILURE', 'Component returned failure code: 0x80004005 (NS_ERROR_FAILURE)'],
];

/** Messages the app wrote, some on built-in types. */
const APP_MESSAGES: [string, string][] = [
  ['ApiError', 'Order not found'],
  ['ApiError', 'Failed to fetch'], // a custom class: whatever it says, the app wrote it
  ['PaymentError', 'Payment failed'],
  ['Error', 'Checkout failed: 502'],
  ['Error', 'Invariant failed: cart must not be empty'],
  ['Error', 'Session expired'],
  ['RangeError', 'Coupon SAVE10 expired on 2020-01-31'],
  ['RangeError', 'Quantity must be between 1 and 99'],
  ['TypeError', 'Expected a cart id, got nothing'],
  ['SyntaxError', 'Bad coupon code format'],
];

describe('isAppWrittenMessage', () => {
  it.each(ENGINE_MESSAGES)("%s: %j is the engine's", (type, message) => {
    expect(isAppWrittenMessage(type, message)).toBe(false);
  });
  it.each(APP_MESSAGES)("%s: %j is the app's", (type, message) => {
    expect(isAppWrittenMessage(type, message)).toBe(true);
  });
  it('takes the window.onerror prefixes off first', () => {
    expect(isAppWrittenMessage('TypeError', 'Uncaught TypeError: Failed to fetch')).toBe(false);
    expect(isAppWrittenMessage('Error', 'Uncaught Error: Session expired')).toBe(true);
  });
  it('an empty message is not a component', () => {
    expect(isAppWrittenMessage('ApiError', '  ')).toBe(false);
  });
});
