import { decodeOtlp, OtlpDecodeError } from './index';
import type { PbLogRecord, PbSpan } from './proto';
import { TRACE_ID, SPAN_ID, PARENT_ID, u64, i64, traces, logs } from './testkit';

function oneSpan(span: PbSpan): Buffer {
  return traces({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] });
}
function oneLog(record: PbLogRecord): Buffer {
  return logs({ resourceLogs: [{ scopeLogs: [{ logRecords: [record] }] }] });
}
const base: PbSpan = { traceId: TRACE_ID, spanId: SPAN_ID, name: 'span' };

describe('decodeOtlp protobuf: invalid ids', () => {
  it.each<[string, PbSpan, string]>([
    ['short traceId', { ...base, traceId: Buffer.alloc(15, 1) }, 'traceId must be 16 bytes, got 15'],
    ['long traceId', { ...base, traceId: Buffer.alloc(17, 1) }, 'traceId must be 16 bytes, got 17'],
    ['short spanId', { ...base, spanId: Buffer.alloc(4, 1) }, 'spanId must be 8 bytes, got 4'],
    [
      'long parentSpanId',
      { ...base, parentSpanId: Buffer.alloc(16, 1) },
      'parentSpanId must be 8 bytes, got 16',
    ],
  ])('rejects %s', (_label, span, message) => {
    expect(() => decodeOtlp('traces', oneSpan(span), 'protobuf')).toThrow(OtlpDecodeError);
    expect(() => decodeOtlp('traces', oneSpan(span), 'protobuf')).toThrow(message);
  });

  it.each<[string, PbLogRecord, string]>([
    ['short traceId', { traceId: Buffer.alloc(8) }, 'log record traceId must be 16 bytes, got 8'],
    ['long spanId', { spanId: Buffer.alloc(9) }, 'log record spanId must be 8 bytes, got 9'],
  ])('rejects %s', (_label, record, message) => {
    expect(() => decodeOtlp('logs', oneLog(record), 'protobuf')).toThrow(new OtlpDecodeError(message));
  });
});

function varint(n: number): Buffer {
  const out: number[] = [];
  for (; n > 0x7f; n >>>= 7) out.push((n & 0x7f) | 0x80);
  out.push(n);
  return Buffer.from(out);
}

describe('decodeOtlp protobuf: malformed input', () => {
  const valid = oneSpan({
    ...base,
    parentSpanId: PARENT_ID,
    startTimeUnixNano: u64(1n),
    attributes: [
      { key: 'a', value: { arrayValue: { values: [{ stringValue: 'x' }, { intValue: i64(3) }] } } },
    ],
    events: [{ name: 'e', attributes: [{ key: 'b', value: { bytesValue: Buffer.from('zz') } }] }],
    status: { code: 1 },
  });

  it.each([
    ['end-group tag without a group', Buffer.from([0x0c])],
    ['field number 0', Buffer.from([0x0a, 0x02, 0x0b, 0x00])],
    ['nested length beyond its parent', Buffer.from([0x0a, 0x02, 0x12, 0x05])],
    ['length beyond the end', Buffer.from([0x0a, 0x10, 0x01])],
    ['invalid wire type 7', Buffer.from([0x0f])],
    ['unterminated varint', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])],
    ['JSON sent as protobuf', Buffer.from('{"resourceSpans":[]}')],
  ])('rejects %s', (_label, body) => {
    expect(() => decodeOtlp('traces', body, 'protobuf')).toThrow(OtlpDecodeError);
    expect(() => decodeOtlp('traces', body, 'protobuf')).toThrow(
      /^protobuf payload is not a valid ExportTraceServiceRequest: /,
    );
  });

  it('names the logs message type', () => {
    expect(() => decodeOtlp('logs', Buffer.from([0x0a, 0x10, 0x01]), 'protobuf')).toThrow(
      /^protobuf payload is not a valid ExportLogsServiceRequest: /,
    );
  });

  it('rejects invalid UTF-8 in a string field', () => {
    const body = Buffer.from(valid);
    const at = body.indexOf(Buffer.from('span'));
    body[at] = 0xff;
    expect(() => decodeOtlp('traces', body, 'protobuf')).toThrow(OtlpDecodeError);
  });

  it('rejects nesting deeper than the protobuf recursion limit', () => {
    // Built by hand: the generated encoder refuses to write such a message.
    const field = (tag: number, bytes: Buffer) =>
      Buffer.concat([Buffer.from([tag]), varint(bytes.length), bytes]);
    let value = field(0x0a, Buffer.from('leaf')); // AnyValue.string_value
    for (let i = 0; i < 200; i++) value = field(0x2a, field(0x0a, value)); // AnyValue.array_value.values
    const span = Buffer.concat([
      field(0x0a, TRACE_ID),
      field(0x12, SPAN_ID),
      field(0x4a, Buffer.concat([field(0x0a, Buffer.from('d')), field(0x12, value)])),
    ]);
    const body = field(0x0a, field(0x12, field(0x12, span))); // resource_spans.scope_spans.spans
    expect(() => decodeOtlp('traces', body, 'protobuf')).toThrow(OtlpDecodeError);
    expect(() => decodeOtlp('traces', body, 'protobuf')).toThrow(/max depth exceeded/);
  });

  it('every truncation either decodes or throws OtlpDecodeError', () => {
    let rejected = 0;
    for (let len = 0; len < valid.length; len++) {
      try {
        decodeOtlp('traces', valid.subarray(0, len), 'protobuf');
      } catch (err) {
        expect(err).toBeInstanceOf(OtlpDecodeError);
        rejected++;
      }
    }
    expect(rejected).toBeGreaterThan(valid.length / 2);
  });

  it('random bytes and bit flips never throw anything but OtlpDecodeError', () => {
    let seed = 0x2f6e2b1;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const inputs: Buffer[] = [];
    for (let i = 0; i < 400; i++) {
      inputs.push(
        Buffer.from(Array.from({ length: Math.floor(rand() * 200) }, () => Math.floor(rand() * 256))),
      );
      const flipped = Buffer.from(valid);
      for (let k = 0; k < 3; k++) flipped[Math.floor(rand() * flipped.length)] ^= 1 << Math.floor(rand() * 8);
      inputs.push(flipped);
    }
    for (const body of inputs) {
      for (const signal of ['traces', 'logs'] as const) {
        try {
          decodeOtlp(signal, body, 'protobuf');
        } catch (err) {
          expect(err).toBeInstanceOf(OtlpDecodeError);
        }
      }
    }
  });
});
