/**
 * OTLP/protobuf → DecodedRequest, using the generated ExportTraceServiceRequest /
 * ExportLogsServiceRequest decoders. Fields the pipeline model does not carry (links, trace_state,
 * flags, dropped_* counts, schema_url) are read by the generated code and then ignored.
 */
import type {
  AttrValue,
  Attributes,
  DecodedLogRecord,
  DecodedRequest,
  DecodedResource,
  DecodedScope,
  DecodedSpan,
  Signal,
} from '../pipeline/types';
import { describeError, OtlpDecodeError } from './errors';
import {
  ExportLogsServiceRequest,
  ExportTraceServiceRequest,
  type PbAnyValue,
  type PbInstrumentationScope,
  type PbKeyValue,
  type PbLogRecord,
  type PbResource,
  type PbSpan,
} from './proto';
import { bytesToHexId, intValueToAttr, longToBigInt, setAttr } from './values';

export function decodeProtobuf(signal: Signal, body: Uint8Array): DecodedRequest {
  const typeName = signal === 'traces' ? 'ExportTraceServiceRequest' : 'ExportLogsServiceRequest';
  let message:
    ReturnType<typeof ExportTraceServiceRequest.decode> | ReturnType<typeof ExportLogsServiceRequest.decode>;
  try {
    message =
      signal === 'traces' ? ExportTraceServiceRequest.decode(body) : ExportLogsServiceRequest.decode(body);
  } catch (err) {
    throw new OtlpDecodeError(`protobuf payload is not a valid ${typeName}: ${describeError(err)}`, {
      cause: err,
    });
  }
  if ('resourceSpans' in message) {
    return {
      signal,
      resources: (message.resourceSpans ?? []).map((rs) =>
        resourceOf(
          rs.resource,
          (rs.scopeSpans ?? []).map((ss) => scopeOf(ss.scope, (ss.spans ?? []).map(spanOf), [])),
        ),
      ),
    };
  }
  return {
    signal,
    resources: (message.resourceLogs ?? []).map((rl) =>
      resourceOf(
        rl.resource,
        (rl.scopeLogs ?? []).map((sl) => scopeOf(sl.scope, [], (sl.logRecords ?? []).map(logOf))),
      ),
    ),
  };
}

function resourceOf(res: PbResource | null | undefined, scopes: DecodedScope[]): DecodedResource {
  return { attributes: attributesOf(res?.attributes), scopes };
}

function scopeOf(
  scope: PbInstrumentationScope | null | undefined,
  spans: DecodedSpan[],
  logRecords: DecodedLogRecord[],
): DecodedScope {
  return {
    name: scope?.name ?? '',
    version: scope?.version ?? '',
    attributes: attributesOf(scope?.attributes),
    spans,
    logs: logRecords,
  };
}

function spanOf(span: PbSpan): DecodedSpan {
  return {
    traceId: bytesToHexId(span.traceId, 16, 'span traceId'),
    spanId: bytesToHexId(span.spanId, 8, 'span spanId'),
    parentSpanId: bytesToHexId(span.parentSpanId, 8, 'span parentSpanId'),
    name: span.name ?? '',
    kind: span.kind ?? 0,
    startTimeUnixNano: longToBigInt(span.startTimeUnixNano, true),
    endTimeUnixNano: longToBigInt(span.endTimeUnixNano, true),
    attributes: attributesOf(span.attributes),
    events: (span.events ?? []).map((event) => ({
      name: event.name ?? '',
      timeUnixNano: longToBigInt(event.timeUnixNano, true),
      attributes: attributesOf(event.attributes),
    })),
    status: { code: span.status?.code ?? 0, message: span.status?.message ?? '' },
  };
}

function logOf(log: PbLogRecord): DecodedLogRecord {
  return {
    timeUnixNano: longToBigInt(log.timeUnixNano, true),
    observedTimeUnixNano: longToBigInt(log.observedTimeUnixNano, true),
    severityNumber: log.severityNumber ?? 0,
    severityText: log.severityText ?? '',
    body: anyValueOf(log.body),
    attributes: attributesOf(log.attributes),
    eventName: log.eventName ?? '',
    traceId: bytesToHexId(log.traceId, 16, 'log record traceId'),
    spanId: bytesToHexId(log.spanId, 8, 'log record spanId'),
  };
}

function attributesOf(list: PbKeyValue[] | null | undefined): Attributes {
  const out: Attributes = {};
  if (list) for (const kv of list) setAttr(out, kv.key ?? '', anyValueOf(kv.value));
  return out;
}

/** Nesting is bounded by the protobuf reader's recursion limit, so plain recursion is safe here. */
function anyValueOf(value: PbAnyValue | null | undefined): AttrValue {
  if (!value) return null;
  switch (value.value ?? presentField(value)) {
    case 'stringValue':
      return value.stringValue ?? '';
    case 'boolValue':
      return value.boolValue ?? false;
    case 'intValue':
      return intValueToAttr(longToBigInt(value.intValue, false));
    case 'doubleValue':
      return value.doubleValue ?? 0;
    case 'arrayValue':
      return (value.arrayValue?.values ?? []).map(anyValueOf);
    case 'kvlistValue':
      return attributesOf(value.kvlistValue?.values);
    case 'bytesValue': {
      const bytes = value.bytesValue ?? new Uint8Array(0);
      return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64');
    }
    default:
      // Unset, or string_value_strindex (only meaningful inside a profiles dictionary).
      return null;
  }
}

/** For AnyValue objects built by hand (no `value` discriminator): the first field that is set. */
function presentField(value: PbAnyValue): PbAnyValue['value'] {
  const fields = [
    'stringValue',
    'boolValue',
    'intValue',
    'doubleValue',
    'arrayValue',
    'kvlistValue',
    'bytesValue',
  ] as const;
  return fields.find((f) => value[f] !== undefined && value[f] !== null);
}
