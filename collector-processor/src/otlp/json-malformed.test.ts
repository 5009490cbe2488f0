import { decodeOtlp, OtlpDecodeError } from './index';
import SPEC_LOGS from './testdata/logs.json';
import SPEC_TRACE from './testdata/trace.json';

const json = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
const oneSpan = (span: object) => json({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
const oneLog = (record: object) => json({ resourceLogs: [{ scopeLogs: [{ logRecords: [record] }] }] });
const ids = { traceId: '5b8efff798038103d269b633813fc60c', spanId: 'eee19b7ec3c1b174' };

describe('decodeOtlp JSON: malformed input', () => {
  it.each<[string, string | Buffer, RegExp | string]>([
    ['empty body', '', /^JSON body is not valid JSON: /],
    ['not JSON', 'hello', /^JSON body is not valid JSON: /],
    ['protobuf bytes', Buffer.from([0x0a, 0x02, 0x12, 0x00]), /^JSON body is not valid JSON: /],
    ['array', '[]', 'JSON body is not an object'],
    ['string', '"x"', 'JSON body is not an object'],
    ['null', 'null', 'JSON body is not an object'],
    ['number', '42', 'JSON body is not an object'],
    ['resourceSpans not an array', '{"resourceSpans":{}}', 'resourceSpans must be an array'],
    ['resource entry not an object', '{"resourceSpans":[1]}', 'resourceSpans[0] must be an object'],
    [
      'spans not an array',
      '{"resourceSpans":[{"scopeSpans":[{"spans":"x"}]}]}',
      'resourceSpans[0].scopeSpans[0].spans must be an array',
    ],
  ])('rejects %s', (_label, body, message) => {
    expect(() => decodeOtlp('traces', typeof body === 'string' ? json(body) : body, 'json')).toThrow(
      OtlpDecodeError,
    );
    expect(() => decodeOtlp('traces', typeof body === 'string' ? json(body) : body, 'json')).toThrow(message);
  });

  const span = 'resourceSpans[0].scopeSpans[0].spans[0]';
  it.each<[string, object, string]>([
    ['traceId too short', { ...ids, traceId: 'abc' }, `${span}.traceId must be 32 hex characters`],
    [
      'traceId in base64',
      { ...ids, traceId: 'W47/95gDgQPSabYzgT/GDA==' },
      `${span}.traceId must be 32 hex characters`,
    ],
    [
      'traceId with non-hex chars',
      { ...ids, traceId: 'zb8efff798038103d269b633813fc60c' },
      `${span}.traceId must be 32 hex characters`,
    ],
    ['spanId too long', { ...ids, spanId: 'eee19b7ec3c1b17400' }, `${span}.spanId must be 16 hex characters`],
    ['parentSpanId not a string', { ...ids, parentSpanId: 12 }, `${span}.parentSpanId must be a hex string`],
    ['name not a string', { ...ids, name: 5 }, `${span}.name must be a string`],
    ['kind not an integer', { ...ids, kind: 1.5 }, `${span}.kind must be an integer enum value`],
    ['kind unknown name', { ...ids, kind: 'SPAN_KIND_BOGUS' }, `${span}.kind must be an integer enum value`],
    [
      'time not an integer',
      { ...ids, startTimeUnixNano: '12.5' },
      `${span}.startTimeUnixNano must be an integer`,
    ],
    [
      'time negative',
      { ...ids, endTimeUnixNano: '-1' },
      `${span}.endTimeUnixNano is out of range for a uint64`,
    ],
    ['time above uint64', { ...ids, startTimeUnixNano: '18446744073709551616' }, 'out of range for a uint64'],
    ['time as boolean', { ...ids, startTimeUnixNano: true }, `${span}.startTimeUnixNano must be an integer`],
    ['attributes not an array', { ...ids, attributes: {} }, `${span}.attributes must be an array`],
    [
      'attribute key not a string',
      { ...ids, attributes: [{ key: 1 }] },
      `${span}.attributes[0].key must be a string`,
    ],
    [
      'value not an object',
      { ...ids, attributes: [{ key: 'k', value: 'v' }] },
      `${span}.attributes[0].value must be an object`,
    ],
    [
      'intValue above int64',
      { ...ids, attributes: [{ key: 'k', value: { intValue: '9223372036854775808' } }] },
      'intValue is out of range for a int64',
    ],
    [
      'boolValue as string',
      { ...ids, attributes: [{ key: 'k', value: { boolValue: 'true' } }] },
      'boolValue must be a boolean',
    ],
    [
      'doubleValue as text',
      { ...ids, attributes: [{ key: 'k', value: { doubleValue: 'abc' } }] },
      'doubleValue must be a number',
    ],
    [
      'bytesValue not base64',
      { ...ids, attributes: [{ key: 'k', value: { bytesValue: 'not base64!' } }] },
      'bytesValue must be a base64 string',
    ],
    [
      'arrayValue.values not an array',
      { ...ids, attributes: [{ key: 'k', value: { arrayValue: { values: 1 } } }] },
      'arrayValue.values must be an array',
    ],
    ['events entry not an object', { ...ids, events: ['x'] }, `${span}.events[0] must be an object`],
    ['status not an object', { ...ids, status: 2 }, `${span}.status must be an object`],
  ])('rejects span with %s', (_label, bad, message) => {
    expect(() => decodeOtlp('traces', oneSpan(bad), 'json')).toThrow(OtlpDecodeError);
    expect(() => decodeOtlp('traces', oneSpan(bad), 'json')).toThrow(message);
  });

  it.each<[string, object, string]>([
    [
      'traceId too short',
      { traceId: '00' },
      'resourceLogs[0].scopeLogs[0].logRecords[0].traceId must be 32 hex characters',
    ],
    [
      'eventName not a string',
      { eventName: {} },
      'resourceLogs[0].scopeLogs[0].logRecords[0].eventName must be a string',
    ],
    [
      'severityNumber as float',
      { severityNumber: 9.5 },
      'resourceLogs[0].scopeLogs[0].logRecords[0].severityNumber must be an integer enum value',
    ],
  ])('rejects log record with %s', (_label, bad, message) => {
    expect(() => decodeOtlp('logs', oneLog(bad), 'json')).toThrow(new OtlpDecodeError(message));
  });

  it('rejects AnyValue nesting deeper than the limit', () => {
    let value: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 100; i++) value = { arrayValue: { values: [value] } };
    expect(() =>
      decodeOtlp('traces', oneSpan({ ...ids, attributes: [{ key: 'k', value }] }), 'json'),
    ).toThrow(/nests values deeper than 32 levels/);
    let kv: unknown = { stringValue: 'leaf' };
    for (let i = 0; i < 100; i++) kv = { kvlistValue: { values: [{ key: 'k', value: kv }] } };
    expect(() => decodeOtlp('logs', oneLog({ body: kv }), 'json')).toThrow(OtlpDecodeError);
  });

  it('survives very deeply nested JSON (in unknown fields and as the whole body)', () => {
    const depth = 100_000;
    const deepArray = '['.repeat(depth) + ']'.repeat(depth);
    const deepUnknown = `{"resourceSpans":[],"x":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`;
    for (const body of [deepArray, deepUnknown]) {
      try {
        expect(decodeOtlp('traces', json(body), 'json').resources).toEqual([]);
      } catch (err) {
        expect(err).toBeInstanceOf(OtlpDecodeError);
      }
    }
  });

  it('every truncation of a valid body throws OtlpDecodeError', () => {
    const text = JSON.stringify(SPEC_LOGS);
    for (let len = 0; len < text.length; len++) {
      expect(() => decodeOtlp('logs', json(text.slice(0, len)), 'json')).toThrow(OtlpDecodeError);
    }
  });

  it('random type substitutions never throw anything but OtlpDecodeError', () => {
    let seed = 0x5eed;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const junk = [
      null,
      0,
      -1,
      1.5,
      '',
      'x',
      'NaN',
      '1e3',
      '18446744073709551616',
      true,
      [],
      [null],
      {},
      { values: 3 },
      '__proto__',
    ];
    const mutate = (v: unknown): unknown => {
      if (rand() < 0.06) return junk[Math.floor(rand() * junk.length)];
      if (Array.isArray(v)) return v.map(mutate);
      if (v && typeof v === 'object')
        return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mutate(x)]));
      return v;
    };
    let failures = 0;
    for (let i = 0; i < 300; i++) {
      for (const [signal, sample] of [
        ['traces', SPEC_TRACE],
        ['logs', SPEC_LOGS],
      ] as const) {
        try {
          decodeOtlp(signal, json(mutate(sample)), 'json');
        } catch (err) {
          expect(err).toBeInstanceOf(OtlpDecodeError);
          failures++;
        }
      }
    }
    expect(failures).toBeGreaterThan(0);
  });
});
