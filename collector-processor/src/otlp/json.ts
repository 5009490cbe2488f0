/**
 * OTLP/JSON → DecodedRequest, per the OTLP/HTTP JSON encoding rules: proto3 JSON mapping with
 * trace/span ids as hex (not base64) and enums as integers. Also accepted, as proto3 JSON parsers
 * do: the original snake_case field names, int64 values as numbers or strings, enum names, `null`
 * for "default value". Unknown fields are ignored, but a body with none of the request's fields is
 * refused (json-shape.ts). Errors name the JSON path of the bad field.
 */
import type {
  AttrValue,
  Attributes,
  DecodedEvent,
  DecodedLogRecord,
  DecodedRequest,
  DecodedScope,
  DecodedSpan,
  Signal,
} from '../pipeline/types';
import { OtlpDecodeError, parseJsonObject } from './errors';
import { notOtlpProblem } from './json-shape';
import { logs as logsPb, trace as tracePb } from './proto';
import { hexId, intValueToAttr, jsonInt64, MAX_VALUE_DEPTH, setAttr } from './values';

type Obj = { [key: string]: unknown };
type EnumMap = { [name: string]: unknown };

const SPAN_KIND = tracePb.Span.SpanKind as unknown as EnumMap;
const STATUS_CODE = tracePb.Status.StatusCode as unknown as EnumMap;
const SEVERITY_NUMBER = logsPb.SeverityNumber as unknown as EnumMap;

export function decodeJson(signal: Signal, body: Uint8Array): DecodedRequest {
  const root = parseJsonObject(body, 'JSON body') as Obj;
  const problem = notOtlpProblem(root, signal);
  if (problem) throw new OtlpDecodeError(problem);
  const [listName, scopeListName] =
    signal === 'traces' ? ['resourceSpans', 'scopeSpans'] : ['resourceLogs', 'scopeLogs'];
  return {
    signal,
    resources: array(root, listName, '').map((item, i) => {
      const path = `${listName}[${i}]`;
      const rs = object(item, path) ?? {};
      const resource = object(get(rs, 'resource'), `${path}.resource`) ?? {};
      return {
        attributes: attributes(resource, `${path}.resource`),
        scopes: array(rs, scopeListName, path).map((scopeItem, j) =>
          scope(scopeItem, `${path}.${scopeListName}[${j}]`, signal),
        ),
      };
    }),
  };
}

function scope(item: unknown, path: string, signal: Signal): DecodedScope {
  const ss = object(item, path) ?? {};
  const sc = object(get(ss, 'scope'), `${path}.scope`) ?? {};
  const out: DecodedScope = {
    name: string(sc, 'name', `${path}.scope`),
    version: string(sc, 'version', `${path}.scope`),
    attributes: attributes(sc, `${path}.scope`),
    spans: [],
    logs: [],
  };
  if (signal === 'traces') out.spans = array(ss, 'spans', path).map((s, k) => span(s, `${path}.spans[${k}]`));
  else out.logs = array(ss, 'logRecords', path).map((l, k) => logRecord(l, `${path}.logRecords[${k}]`));
  return out;
}

function span(item: unknown, path: string): DecodedSpan {
  const s = object(item, path) ?? {};
  const status = object(get(s, 'status'), `${path}.status`) ?? {};
  return {
    traceId: hexId(get(s, 'traceId'), 16, `${path}.traceId`),
    spanId: hexId(get(s, 'spanId'), 8, `${path}.spanId`),
    parentSpanId: hexId(get(s, 'parentSpanId'), 8, `${path}.parentSpanId`),
    name: string(s, 'name', path),
    kind: enumValue(s, 'kind', path, SPAN_KIND),
    startTimeUnixNano: jsonInt64(get(s, 'startTimeUnixNano'), true, `${path}.startTimeUnixNano`),
    endTimeUnixNano: jsonInt64(get(s, 'endTimeUnixNano'), true, `${path}.endTimeUnixNano`),
    attributes: attributes(s, path),
    events: array(s, 'events', path).map((e, i): DecodedEvent => {
      const ePath = `${path}.events[${i}]`;
      const ev = object(e, ePath) ?? {};
      return {
        name: string(ev, 'name', ePath),
        timeUnixNano: jsonInt64(get(ev, 'timeUnixNano'), true, `${ePath}.timeUnixNano`),
        attributes: attributes(ev, ePath),
      };
    }),
    status: {
      code: enumValue(status, 'code', `${path}.status`, STATUS_CODE),
      message: string(status, 'message', `${path}.status`),
    },
  };
}

function logRecord(item: unknown, path: string): DecodedLogRecord {
  const l = object(item, path) ?? {};
  return {
    timeUnixNano: jsonInt64(get(l, 'timeUnixNano'), true, `${path}.timeUnixNano`),
    observedTimeUnixNano: jsonInt64(get(l, 'observedTimeUnixNano'), true, `${path}.observedTimeUnixNano`),
    severityNumber: enumValue(l, 'severityNumber', path, SEVERITY_NUMBER),
    severityText: string(l, 'severityText', path),
    body: anyValue(get(l, 'body'), `${path}.body`, 0),
    attributes: attributes(l, path),
    eventName: string(l, 'eventName', path),
    traceId: hexId(get(l, 'traceId'), 16, `${path}.traceId`),
    spanId: hexId(get(l, 'spanId'), 8, `${path}.spanId`),
  };
}

/** The `attributes` list of `owner` (also used for kvlistValue.values) → record. */
function attributes(owner: Obj, path: string, listName = 'attributes', depth = 0): Attributes {
  const out: Attributes = {};
  array(owner, listName, path).forEach((item, i) => {
    const kvPath = `${path}.${listName}[${i}]`;
    const kv = object(item, kvPath) ?? {};
    setAttr(out, string(kv, 'key', kvPath), anyValue(get(kv, 'value'), `${kvPath}.value`, depth));
  });
  return out;
}

function anyValue(item: unknown, path: string, depth: number): AttrValue {
  const v = object(item, path);
  if (!v) return null;
  if (depth >= MAX_VALUE_DEPTH)
    throw new OtlpDecodeError(`${path} nests values deeper than ${MAX_VALUE_DEPTH} levels`);
  let x: unknown;
  if (get(v, 'stringValue') != null) return string(v, 'stringValue', path);
  if ((x = get(v, 'boolValue')) != null) {
    if (typeof x !== 'boolean') throw new OtlpDecodeError(`${path}.boolValue must be a boolean`);
    return x;
  }
  if ((x = get(v, 'intValue')) != null) return intValueToAttr(jsonInt64(x, false, `${path}.intValue`));
  if ((x = get(v, 'doubleValue')) != null) return double(x, `${path}.doubleValue`);
  if ((x = get(v, 'arrayValue')) != null) {
    const arr = object(x, `${path}.arrayValue`) ?? {};
    return array(arr, 'values', `${path}.arrayValue`).map((e, i) =>
      anyValue(e, `${path}.arrayValue.values[${i}]`, depth + 1),
    );
  }
  if ((x = get(v, 'kvlistValue')) != null) {
    return attributes(object(x, `${path}.kvlistValue`) ?? {}, `${path}.kvlistValue`, 'values', depth + 1);
  }
  if ((x = get(v, 'bytesValue')) != null) return base64(x, `${path}.bytesValue`);
  return null;
}

// ---- field access and primitive checks ----

const snakeCache = new Map<string, string>();

/** lowerCamelCase JSON name → the proto field name (`traceId` → `trace_id`). */
function snake(name: string): string {
  let s = snakeCache.get(name);
  if (s === undefined) {
    s = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeCache.set(name, s);
  }
  return s;
}

/** Own property `name` (lowerCamelCase) or its snake_case form. */
function get(obj: Obj, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const alt = snake(name);
  return alt !== name && Object.hasOwn(obj, alt) ? obj[alt] : undefined;
}

function object(value: unknown, path: string): Obj | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new OtlpDecodeError(`${path || 'body'} must be an object`);
  return value as Obj;
}

function array(owner: Obj, name: string, path: string): unknown[] {
  const value = get(owner, name);
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw new OtlpDecodeError(`${path ? `${path}.` : ''}${name} must be an array`);
  return value;
}

function string(owner: Obj, name: string, path: string): string {
  const value = get(owner, name);
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw new OtlpDecodeError(`${path}.${name} must be a string`);
  return value;
}

function enumValue(owner: Obj, name: string, path: string, values: EnumMap): number {
  const value = get(owner, name);
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number' && Number.isInteger(value) && value >= -0x80000000 && value <= 0x7fffffff)
    return value;
  if (typeof value === 'string' && Object.hasOwn(values, value)) return values[value] as number;
  throw new OtlpDecodeError(`${path}.${name} must be an integer enum value`);
}

function double(value: unknown, path: string): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    if (value === 'NaN') return NaN;
    if (value === 'Infinity') return Infinity;
    if (value === '-Infinity') return -Infinity;
    const n = value.trim() === '' ? NaN : Number(value);
    if (Number.isFinite(n)) return n;
  }
  throw new OtlpDecodeError(`${path} must be a number`);
}

const BASE64 = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** bytesValue: standard or URL-safe base64 → standard base64. */
function base64(value: unknown, path: string): string {
  if (typeof value !== 'string' || !BASE64.test(value) || value.replace(/=+$/, '').length % 4 === 1) {
    throw new OtlpDecodeError(`${path} must be a base64 string`);
  }
  return Buffer.from(value, 'base64').toString('base64');
}
