import type { ErrorRow } from '../../store/rows';
import { mapResource } from '.';
import { CTX, PAGE, event, log, msAfter, resourceOf, span } from './testkit';
import { isInApp } from './errors';

const STACK = [
  "TypeError: Cannot read properties of undefined (reading 'price')",
  '    at computeTotal (https://shop.example.com/assets/app.js:10:15)',
  '    at renderCart (https://shop.example.com/assets/app.js:20:3)',
  '    at Object.go (https://shop.example.com/node_modules/lib/index.js:5:1)',
  '    at async <anonymous>:1:1',
].join('\n');
const EXC = {
  'exception.type': 'TypeError',
  'exception.message': "Cannot read properties of undefined (reading 'price')",
  'exception.stacktrace': STACK,
};

const cases: [string, ReturnType<typeof resourceOf>, Partial<ErrorRow>][] = [
  [
    'span.recordException (span event) — handled, trace/span ids, frames parsed',
    resourceOf({
      spans: [
        span({
          name: 'checkout.submit',
          attributes: { 'session.id': 's1', 'browser.document.url.full': PAGE },
          status: { code: 2, message: 'boom' },
          events: [{ name: 'exception', timeUnixNano: msAfter(5), attributes: EXC }],
        }),
      ],
    }),
    {
      exception_type: 'TypeError',
      handled: 1,
      mechanism: 'recordException',
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      span_id: 'b7ad6b7169203331',
      session_id: 's1',
      route: '/products/:id',
      'frames.function': ['computeTotal', 'renderCart', 'Object.go', ''],
      'frames.lineno': [10, 20, 5, 1],
      'frames.colno': [15, 3, 1, 1],
      'frames.in_app': [1, 1, 0, 0],
      causes: '[]',
      breadcrumbs: '[]',
    },
  ],
  [
    'browser SIG errors instrumentation — unhandled, onerror',
    resourceOf(
      { logs: [event('exception', EXC)] },
      undefined,
      '@opentelemetry/browser-instrumentation/errors',
    ),
    { handled: 0, mechanism: 'onerror', stacktrace: STACK },
  ],
  [
    'Honeycomb exception span (structured_stacktrace attributes consumed)',
    resourceOf(
      {
        spans: [
          span({
            name: 'exception',
            attributes: { ...EXC, 'exception.structured_stacktrace.lines': [10, 20], 'page.url': PAGE },
          }),
        ],
      },
      undefined,
      '@honeycombio/instrumentation-global-errors',
    ),
    { handled: 0, mechanism: 'onerror', url: PAGE, attributes: {} },
  ],
  [
    'PulseTrace exception event with handled, mechanism, causes and breadcrumbs',
    resourceOf({
      logs: [
        event('exception', {
          ...EXC,
          'exception.type': 'Error',
          'exception.message': 'Checkout failed',
          'pulsetrace.exception.handled': false,
          'pulsetrace.exception.mechanism': 'onunhandledrejection',
          'pulsetrace.exception.causes': JSON.stringify([
            { type: 'TypeError', message: 'x', stacktrace: 'TypeError: x', extra: 1 },
          ]),
          'pulsetrace.breadcrumbs': '[{"category":"click","message":"#buy"}]',
        }),
      ],
    }),
    {
      exception_type: 'Error',
      exception_message: 'Checkout failed',
      handled: 0,
      mechanism: 'onunhandledrejection',
      causes: '[{"type":"TypeError","message":"x","stacktrace":"TypeError: x"}]',
      breadcrumbs: '[{"category":"click","message":"#buy"}]',
    },
  ],
  [
    'Faro exception log: structured frames, cause from context, page URL from url.full',
    resourceOf(
      {
        logs: [
          log({
            attributes: {
              'url.full': PAGE,
              'exception.type': 'Error',
              'exception.message': 'Payment declined',
              'faro.error.stacktrace': {
                frames: [
                  { filename: 'https://shop.example.com/app.js', function: 'pay', lineno: 7, colno: 9 },
                ],
              },
              'faro.error.context': { cause: 'TypeError: card is undefined' },
            },
          }),
        ],
      },
      undefined,
      '@grafana/faro-web-sdk',
    ),
    {
      mechanism: 'faro',
      handled: 1,
      url: PAGE,
      stacktrace: 'Error: Payment declined\n    at pay (https://shop.example.com/app.js:7:9)',
      'frames.function': ['pay'],
      causes: '[{"type":"TypeError","message":"card is undefined","stacktrace":""}]',
    },
  ],
  [
    'type missing: taken from the stack',
    resourceOf({
      logs: [
        event('exception', {
          'exception.message': 'x',
          'exception.stacktrace': 'RangeError: x\n    at f (https://a/b.js:1:2)',
        }),
      ],
    }),
    { exception_type: 'RangeError' },
  ],
  [
    'old exception.escaped=true means unhandled',
    resourceOf({
      spans: [
        span({
          name: 'op',
          events: [
            {
              name: 'exception',
              timeUnixNano: msAfter(1),
              attributes: { ...EXC, 'exception.escaped': true },
            },
          ],
        }),
      ],
    }),
    { handled: 0 },
  ],
];

describe('errors', () => {
  test.each(cases)('%s', (_name, resource, expected) => {
    const { rows, rejected } = mapResource(resource, CTX);
    expect(rejected).toBe(0);
    expect(rows.errors).toHaveLength(1);
    expect(rows.errors[0]).toMatchObject(expected);
    expect(rows.errors[0].fingerprint).toBe(''); // set by the fingerprint stage
  });

  it('rejects an exception event with no type, message or stacktrace', () => {
    const r = mapResource(resourceOf({ logs: [event('exception', { 'session.id': 's' })] }), CTX);
    expect(r.rows.errors).toHaveLength(0);
    expect(r.reasons).toEqual(['errors: exception without type, message or stacktrace']);
  });

  it('caps message, stacktrace and frames, counting each truncation', () => {
    const frames = Array.from({ length: 150 }, (_, i) => `    at f${i} (https://a.io/app.js:${i + 1}:1)`);
    const stack = ['Error: big', ...frames, 'x'.repeat(70000)].join('\n');
    const r = mapResource(
      resourceOf({
        logs: [event('exception', { 'exception.message': 'm'.repeat(9000), 'exception.stacktrace': stack })],
      }),
      CTX,
    );
    const row = r.rows.errors[0];
    expect(row.exception_message).toHaveLength(8192);
    expect(row.stacktrace).toHaveLength(65536);
    expect(row['frames.function']).toHaveLength(100);
    expect(row.truncated).toBe(3);
  });

  it('keeps a stack the parser cannot read as raw text with no frames', () => {
    const r = mapResource(
      resourceOf({
        logs: [event('exception', { 'exception.type': 'Error', 'exception.stacktrace': 'no frames here' })],
      }),
      CTX,
    );
    expect(r.rows.errors[0]).toMatchObject({ stacktrace: 'no frames here', 'frames.filename': [] });
  });
});

describe('isInApp', () => {
  it.each([
    ['https://shop.example/assets/app-3f9a.js', 1],
    ['app.js', 1],
    ['webpack://shop/src/cart.ts', 1],
    ['https://shop.example/node_modules/react/index.js', 0],
    ['chrome-extension://abc/content.js', 0],
    ['<anonymous>', 0],
    ['native', 0],
    ['', 0],
    [':370', 0],
  ])('%s → %i', (filename, expected) => expect(isInApp(filename)).toBe(expected));
});
