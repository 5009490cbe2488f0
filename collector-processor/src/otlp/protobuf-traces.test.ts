import { decodeOtlp } from './index';
import type { PbAnyValue, PbSpan } from './proto';
import { TRACE_ID, SPAN_ID, PARENT_ID, u64, i64, traces } from './testkit';

function oneSpan(span: PbSpan): Buffer {
  return traces({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
}
function firstSpan(body: Buffer) {
  return decodeOtlp('traces', body, 'protobuf').resources[0].scopes[0].spans[0];
}
const base: PbSpan = { traceId: TRACE_ID, spanId: SPAN_ID, name: 'span' };

describe('decodeOtlp protobuf: traces', () => {
  it('decodes resource, scope and a span with events, links and status', () => {
    const body = traces({
      resourceSpans: [
        {
          resource: { attributes: [{ key: 'service.name', value: { stringValue: 'shop-web' } }] },
          scopeSpans: [
            {
              scope: {
                name: '@opentelemetry/instrumentation-fetch',
                version: '0.57.0',
                attributes: [{ key: 's', value: { boolValue: true } }],
              },
              spans: [
                {
                  traceId: TRACE_ID,
                  spanId: SPAN_ID,
                  parentSpanId: PARENT_ID,
                  name: 'GET /api/cart',
                  kind: 3,
                  startTimeUnixNano: u64('1544712660000000000'),
                  endTimeUnixNano: u64('1544712661000000000'),
                  attributes: [{ key: 'http.status_code', value: { intValue: i64(500) } }],
                  events: [
                    {
                      name: 'exception',
                      timeUnixNano: u64('1544712660500000001'),
                      attributes: [{ key: 'exception.type', value: { stringValue: 'TypeError' } }],
                    },
                    { name: 'bare' },
                  ],
                  links: [
                    {
                      traceId: TRACE_ID,
                      spanId: PARENT_ID,
                      attributes: [{ key: 'l', value: { stringValue: 'x' } }],
                    },
                  ],
                  status: { code: 2, message: 'boom' },
                  traceState: 'vendor=1',
                  flags: 0x301,
                },
              ],
            },
          ],
        },
      ],
    });
    expect(decodeOtlp('traces', body, 'protobuf')).toEqual({
      signal: 'traces',
      resources: [
        {
          attributes: { 'service.name': 'shop-web' },
          scopes: [
            {
              name: '@opentelemetry/instrumentation-fetch',
              version: '0.57.0',
              attributes: { s: true },
              logs: [],
              spans: [
                {
                  traceId: '5b8efff798038103d269b633813fc60c',
                  spanId: 'eee19b7ec3c1b174',
                  parentSpanId: 'eee19b7ec3c1b173',
                  name: 'GET /api/cart',
                  kind: 3,
                  startTimeUnixNano: 1544712660000000000n,
                  endTimeUnixNano: 1544712661000000000n,
                  attributes: { 'http.status_code': 500 },
                  events: [
                    {
                      name: 'exception',
                      timeUnixNano: 1544712660500000001n,
                      attributes: { 'exception.type': 'TypeError' },
                    },
                    { name: 'bare', timeUnixNano: 0n, attributes: {} },
                  ],
                  status: { code: 2, message: 'boom' },
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('fills defaults: missing resource, scope, status, parent and times', () => {
    const decoded = decodeOtlp(
      'traces',
      traces({ resourceSpans: [{ scopeSpans: [{ spans: [{ traceId: TRACE_ID, spanId: SPAN_ID }] }] }] }),
      'protobuf',
    );
    expect(decoded.resources[0].attributes).toEqual({});
    expect(decoded.resources[0].scopes[0]).toMatchObject({ name: '', version: '', attributes: {} });
    expect(decoded.resources[0].scopes[0].spans[0]).toEqual({
      traceId: '5b8efff798038103d269b633813fc60c',
      spanId: 'eee19b7ec3c1b174',
      parentSpanId: '',
      name: '',
      kind: 0,
      startTimeUnixNano: 0n,
      endTimeUnixNano: 0n,
      attributes: {},
      events: [],
      status: { code: 0, message: '' },
    });
  });

  it('an empty body is an empty request', () => {
    expect(decodeOtlp('traces', Buffer.alloc(0), 'protobuf')).toEqual({ signal: 'traces', resources: [] });
  });

  it.each([
    ['max fixed64', 18446744073709551615n],
    ['2^53 + 1', 9007199254740993n],
    ['ns precision', 1700000000123456789n],
    ['2^63', 9223372036854775808n],
  ])('keeps fixed64 nanos exact (%s)', (_label, nanos) => {
    const span = firstSpan(
      oneSpan({
        ...base,
        startTimeUnixNano: u64(nanos),
        endTimeUnixNano: u64(nanos + 1n > 18446744073709551615n ? nanos : nanos + 1n),
      }),
    );
    expect(span.startTimeUnixNano).toBe(nanos);
    expect(typeof span.endTimeUnixNano).toBe('bigint');
  });

  it.each<[string, PbAnyValue | null, unknown]>([
    ['string', { stringValue: 'hello' }, 'hello'],
    ['empty string', { stringValue: '' }, ''],
    ['bool true', { boolValue: true }, true],
    ['bool false', { boolValue: false }, false],
    ['int', { intValue: i64(42) }, 42],
    ['negative int', { intValue: i64(-7) }, -7],
    ['int zero', { intValue: i64(0) }, 0],
    ['max safe int', { intValue: i64(Number.MAX_SAFE_INTEGER) }, Number.MAX_SAFE_INTEGER],
    ['int > 2^53', { intValue: i64('9007199254740993') }, '9007199254740993'],
    ['int64 min', { intValue: i64('-9223372036854775808') }, '-9223372036854775808'],
    ['int64 max', { intValue: i64('9223372036854775807') }, '9223372036854775807'],
    ['double', { doubleValue: 637.704 }, 637.704],
    ['double zero', { doubleValue: 0 }, 0],
    ['double NaN', { doubleValue: NaN }, NaN],
    ['bytes', { bytesValue: Uint8Array.from([0, 1, 2, 255]) }, 'AAEC/w=='],
    ['empty bytes', { bytesValue: new Uint8Array(0) }, ''],
    [
      'array',
      { arrayValue: { values: [{ stringValue: 'a' }, { intValue: i64(1) }, { boolValue: true }, {}] } },
      ['a', 1, true, null],
    ],
    ['empty array', { arrayValue: {} }, []],
    [
      'kvlist',
      {
        kvlistValue: {
          values: [
            { key: 'k', value: { doubleValue: 1.5 } },
            {
              key: 'nested',
              value: {
                kvlistValue: {
                  values: [{ key: 'x', value: { arrayValue: { values: [{ stringValue: 'y' }] } } }],
                },
              },
            },
          ],
        },
      },
      { k: 1.5, nested: { x: ['y'] } },
    ],
    ['empty AnyValue', {}, null],
    ['missing value', null, null],
  ])('decodes AnyValue %s', (_label, value, expected) => {
    const span = firstSpan(oneSpan({ ...base, attributes: [value ? { key: 'v', value } : { key: 'v' }] }));
    expect(span.attributes).toEqual({ v: expected });
  });

  it('keeps a __proto__ attribute as plain data', () => {
    const span = firstSpan(
      oneSpan({ ...base, attributes: [{ key: '__proto__', value: { stringValue: 'x' } }] }),
    );
    expect(Object.getPrototypeOf(span.attributes)).toBe(Object.prototype);
    expect(Object.keys(span.attributes)).toEqual(['__proto__']);
    expect(JSON.stringify(span.attributes)).toBe('{"__proto__":"x"}');
  });

  it('decodes a 1,000-span request', () => {
    const spans: PbSpan[] = Array.from({ length: 1000 }, (_, i) => ({
      traceId: TRACE_ID,
      spanId: Buffer.from(i.toString(16).padStart(16, '0'), 'hex'),
      name: `span-${i}`,
      startTimeUnixNano: u64(1700000000000000000n + BigInt(i)),
      attributes: [
        { key: 'i', value: { intValue: i64(i) } },
        { key: 'url', value: { stringValue: `https://shop.example/p/${i}` } },
      ],
      events: [{ name: 'e', timeUnixNano: u64(1700000000000000000n + BigInt(i)) }],
    }));
    const decoded = decodeOtlp(
      'traces',
      traces({ resourceSpans: [{ scopeSpans: [{ spans }] }] }),
      'protobuf',
    );
    const out = decoded.resources[0].scopes[0].spans;
    expect(out).toHaveLength(1000);
    expect(out[999]).toMatchObject({
      spanId: '00000000000003e7',
      name: 'span-999',
      startTimeUnixNano: 1700000000000000999n,
      attributes: { i: 999 },
    });
  });
});
