import { decodeOtlp } from './index';
import { ExportTraceServiceRequest, Long } from './proto';

const json = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const oneSpan = (span: object) => json({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
const oneLog = (record: object) => json({ resourceLogs: [{ scopeLogs: [{ logRecords: [record] }] }] });
const firstSpan = (body: Buffer) => decodeOtlp('traces', body, 'json').resources[0].scopes[0].spans[0];
const firstLog = (body: Buffer) => decodeOtlp('logs', body, 'json').resources[0].scopes[0].logs[0];
const ids = { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174' };

describe('decodeOtlp JSON: values', () => {
  it.each<[string, unknown, unknown]>([
    ['string', { stringValue: 'hello' }, 'hello'],
    ['empty string', { stringValue: '' }, ''],
    ['bool', { boolValue: false }, false],
    ['int as string', { intValue: '42' }, 42],
    ['int as number', { intValue: 42 }, 42],
    ['negative int', { intValue: '-7' }, -7],
    ['int > 2^53 stays exact', { intValue: '9007199254740993' }, '9007199254740993'],
    ['int64 min', { intValue: '-9223372036854775808' }, '-9223372036854775808'],
    ['double', { doubleValue: 1.5 }, 1.5],
    ['double as string', { doubleValue: '2.5' }, 2.5],
    ['double NaN', { doubleValue: 'NaN' }, NaN],
    ['double -Infinity', { doubleValue: '-Infinity' }, -Infinity],
    ['bytes (base64)', { bytesValue: 'AAEC/w==' }, 'AAEC/w=='],
    ['bytes (url-safe base64)', { bytesValue: 'AAEC_w' }, 'AAEC/w=='],
    [
      'array',
      { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }, {}, { kvlistValue: {} }] } },
      ['a', 1, null, {}],
    ],
    [
      'kvlist',
      {
        kvlistValue: {
          values: [
            { key: 'a', value: { kvlistValue: { values: [{ key: 'b', value: { boolValue: true } }] } } },
            { key: 'n' },
          ],
        },
      },
      { a: { b: true }, n: null },
    ],
    ['empty AnyValue', {}, null],
    ['null AnyValue', null, null],
    ['unknown kind', { futureValue: 1 }, null],
    ['snake_case kind', { int_value: '5' }, 5],
  ])('decodes AnyValue %s', (_label, value, expected) => {
    expect(firstSpan(oneSpan({ ...ids, attributes: [{ key: 'v', value }] })).attributes).toEqual({
      v: expected,
    });
  });

  it.each([
    ['max fixed64 as string', '18446744073709551615', 18446744073709551615n],
    ['2^53 + 1 as string', '9007199254740993', 9007199254740993n],
    ['ns precision', '1700000000123456789', 1700000000123456789n],
    ['safe number', 1700000000000, 1700000000000n],
    ['zero', '0', 0n],
  ])('keeps fixed64 times exact (%s)', (_label, raw, expected) => {
    expect(firstSpan(oneSpan({ ...ids, startTimeUnixNano: raw })).startTimeUnixNano).toBe(expected);
    expect(firstLog(oneLog({ timeUnixNano: raw })).timeUnixNano).toBe(expected);
  });

  it.each([
    ['enum names', { kind: 'SPAN_KIND_CLIENT', status: { code: 'STATUS_CODE_ERROR' } }, 3, 2],
    ['integers', { kind: 5, status: { code: 1 } }, 5, 1],
    ['unknown integer (open enum)', { kind: 9 }, 9, 0],
  ])('decodes enums given as %s', (_label, fields, kind, code) => {
    expect(firstSpan(oneSpan({ ...ids, ...fields }))).toMatchObject({ kind, status: { code } });
  });

  it('decodes severity_number given by name', () => {
    expect(firstLog(oneLog({ severityNumber: 'SEVERITY_NUMBER_WARN' })).severityNumber).toBe(13);
  });

  it('keeps a __proto__ attribute key as plain data', () => {
    const attrs = firstSpan(
      json(
        `{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"__proto__","value":{"stringValue":"x"}}]}]}]}]}`,
      ),
    ).attributes;
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
    expect(JSON.stringify(attrs)).toBe('{"__proto__":"x"}');
  });

  it('decodes a 1,000-span request', () => {
    const spans = Array.from({ length: 1000 }, (_, i) => ({
      traceId: ids.traceId,
      spanId: i.toString(16).padStart(16, '0'),
      name: `span-${i}`,
      startTimeUnixNano: String(1700000000000000000n + BigInt(i)),
      attributes: [{ key: 'i', value: { intValue: String(i) } }],
      events: [{ name: 'e', timeUnixNano: '1700000000000000000' }],
    }));
    const out = decodeOtlp('traces', json({ resourceSpans: [{ scopeSpans: [{ spans }] }] }), 'json')
      .resources[0].scopes[0].spans;
    expect(out).toHaveLength(1000);
    expect(out[999]).toMatchObject({
      spanId: '00000000000003e7',
      startTimeUnixNano: 1700000000000000999n,
      attributes: { i: 999 },
    });
  });

  it('Long round-trip sanity: protobuf and JSON agree on an int64 above 2^53', () => {
    const big = '-9007199254740993';
    const pb = Buffer.from(
      ExportTraceServiceRequest.encode({
        resourceSpans: [
          {
            scopeSpans: [
              {
                spans: [
                  {
                    ...Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, Buffer.from(v, 'hex')])),
                    attributes: [{ key: 'v', value: { intValue: Long.fromString(big) } }],
                  },
                ],
              },
            ],
          },
        ],
      }).finish(),
    );
    expect(
      firstSpan(oneSpan({ ...ids, attributes: [{ key: 'v', value: { intValue: big } }] })).attributes.v,
    ).toBe(big);
    expect(decodeOtlp('traces', pb, 'protobuf').resources[0].scopes[0].spans[0].attributes.v).toBe(big);
  });
});
