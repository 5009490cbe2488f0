/**
 * The fuzz target's model of one OTLP export request and its two wire encodings. The model keeps
 * 64-bit integers as bigint and ids as bytes, so one generated request can be sent as protobuf
 * (the generated protobufjs code, exactly what collectors send) and as OTLP/JSON (hex ids, int64
 * as strings or numbers, NaN/Infinity as strings), then optionally mutated at byte level.
 */
import zlib from 'node:zlib';
import protobuf from 'protobufjs/minimal';
import {
  ExportLogsServiceRequest,
  ExportTraceServiceRequest,
  Long,
  type PbAnyValue,
  type PbKeyValue,
} from '../../src/otlp/proto';

export type FuzzValue =
  | { stringValue: string }
  | { boolValue: boolean }
  | { intValue: bigint }
  | { doubleValue: number }
  | { bytesValue: Uint8Array }
  | { arrayValue: FuzzValue[] }
  | { kvlistValue: FuzzKeyValue[] }
  | Record<string, never>;

export interface FuzzKeyValue {
  key: string;
  value: FuzzValue;
}

export interface FuzzSpan {
  traceId: Uint8Array;
  spanId: Uint8Array;
  parentSpanId: Uint8Array;
  name: string;
  kind: number;
  startTimeUnixNano: bigint;
  endTimeUnixNano: bigint;
  attributes: FuzzKeyValue[];
  events: { name: string; timeUnixNano: bigint; attributes: FuzzKeyValue[] }[];
  status: { code: number; message: string };
}

export interface FuzzLogRecord {
  timeUnixNano: bigint;
  observedTimeUnixNano: bigint;
  severityNumber: number;
  severityText: string;
  body: FuzzValue | undefined;
  attributes: FuzzKeyValue[];
  eventName: string;
  traceId: Uint8Array;
  spanId: Uint8Array;
}

export interface FuzzScope {
  name: string;
  version: string;
  spans: FuzzSpan[];
  logs: FuzzLogRecord[];
}

export interface FuzzRequest {
  signal: 'traces' | 'logs';
  resources: { attributes: FuzzKeyValue[]; scopes: FuzzScope[] }[];
}

/** One byte-level change to an encoded body; `at` is a fraction of the body length. */
export type Mutation =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; length: number }
  | { op: 'truncate'; at: number };

/** How a request travels: encoding, JSON spelling, compression, key placement, mutations. */
export interface Envelope {
  encoding: 'json' | 'protobuf';
  /** JSON only: int64 fields as JSON numbers instead of decimal strings. */
  int64AsNumber: boolean;
  /** JSON only: enums by name (`SPAN_KIND_CLIENT`) instead of number. */
  enumNames: boolean;
  gzip: boolean;
  /** Where the ingest key goes: the header, the `pulsetrace.project.key` resource attribute, or nowhere. */
  key: 'header' | 'resource' | 'none';
  /** Applied to the encoded body; `afterGzip` applies them to the compressed bytes instead. */
  mutations: Mutation[];
  afterGzip: boolean;
  /** Send a traces body to /v1/logs or the other way round. */
  wrongPath: boolean;
}

export interface FuzzCase {
  request: FuzzRequest;
  envelope: Envelope;
}

export interface WireRequest {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export const KEY_ATTRIBUTE = 'pulsetrace.project.key';

/** The bytes and headers of one case, for the project whose ingest key is `key`. */
export function toWire(c: FuzzCase, key: string): WireRequest {
  const { request, envelope: env } = c;
  const withKey: FuzzRequest =
    env.key === 'resource'
      ? {
          ...request,
          resources: request.resources.map((r) => ({
            ...r,
            attributes: [...r.attributes, { key: KEY_ATTRIBUTE, value: { stringValue: key } }],
          })),
        }
      : request;
  let body = env.encoding === 'json' ? encodeJson(withKey, env) : encodeProtobuf(withKey);
  if (!env.afterGzip) body = mutate(body, env.mutations);
  if (env.gzip) body = zlib.gzipSync(body);
  if (env.afterGzip) body = mutate(body, env.mutations);
  const headers: Record<string, string> = {
    'content-type': env.encoding === 'json' ? 'application/json' : 'application/x-protobuf',
  };
  if (env.gzip) headers['content-encoding'] = 'gzip';
  if (env.key === 'header') headers['x-pulsetrace-key'] = key;
  const signal = env.wrongPath ? (request.signal === 'traces' ? 'logs' : 'traces') : request.signal;
  return { path: `/v1/${signal}`, headers, body };
}

export function mutate(body: Buffer, mutations: readonly Mutation[]): Buffer {
  let out = body;
  for (const m of mutations) {
    const at = Math.min(out.length, Math.floor(m.at * out.length));
    switch (m.op) {
      case 'flip':
        if (at < out.length) {
          out = Buffer.from(out);
          out[at] = out[at]! ^ (1 << m.bit);
        }
        break;
      case 'insert':
        out = Buffer.concat([out.subarray(0, at), m.bytes, out.subarray(at)]);
        break;
      case 'delete':
        out = Buffer.concat([out.subarray(0, at), out.subarray(at + m.length)]);
        break;
      case 'truncate':
        out = out.subarray(0, at);
        break;
    }
  }
  return out;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** The request with every lone surrogate replaced by U+FFFD (what a valid UTF-8 encoder sends). */
export function wellFormed(r: FuzzRequest): FuzzRequest {
  const fix = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replace(LONE_SURROGATE, '\ufffd');
    if (Array.isArray(v)) return v.map(fix);
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) return v;
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fix(x)]));
  };
  return fix(r) as FuzzRequest;
}

// ---- protobuf ----

const u64 = (v: bigint) => Long.fromString(BigInt.asUintN(64, v).toString(), true);
const i64 = (v: bigint) => Long.fromString(BigInt.asIntN(64, v).toString(), false);

function pbValue(v: FuzzValue): PbAnyValue {
  if ('intValue' in v) return { intValue: i64(v.intValue) };
  if ('arrayValue' in v) return { arrayValue: { values: v.arrayValue.map(pbValue) } };
  if ('kvlistValue' in v) return { kvlistValue: { values: pbAttributes(v.kvlistValue) } };
  return v as PbAnyValue;
}

function pbAttributes(list: FuzzKeyValue[]): PbKeyValue[] {
  return list.map((kv) => ({ key: kv.key, value: pbValue(kv.value) }));
}

/**
 * protobufjs refuses to encode messages nested deeper than util.recursionLimit (100). The fuzz
 * target must send deeper ones (the decoder has to refuse them cleanly), so encoding lifts it.
 */
export function encodeProtobuf(r: FuzzRequest): Buffer {
  const limit = protobuf.util.recursionLimit;
  protobuf.util.recursionLimit = 100_000;
  try {
    return encodeProtobufUnbounded(r);
  } finally {
    protobuf.util.recursionLimit = limit;
  }
}

function encodeProtobufUnbounded(r: FuzzRequest): Buffer {
  const resources = r.resources.map((res) => ({
    resource: { attributes: pbAttributes(res.attributes) },
    scopes: res.scopes.map((s) => ({ scope: { name: s.name, version: s.version }, s })),
  }));
  if (r.signal === 'traces') {
    const resourceSpans = resources.map((res) => ({
      resource: res.resource,
      scopeSpans: res.scopes.map(({ scope, s }) => ({
        scope,
        spans: s.spans.map((sp) => ({
          ...sp,
          startTimeUnixNano: u64(sp.startTimeUnixNano),
          endTimeUnixNano: u64(sp.endTimeUnixNano),
          attributes: pbAttributes(sp.attributes),
          events: sp.events.map((e) => ({
            name: e.name,
            timeUnixNano: u64(e.timeUnixNano),
            attributes: pbAttributes(e.attributes),
          })),
        })),
      })),
    }));
    return Buffer.from(ExportTraceServiceRequest.encode({ resourceSpans }).finish());
  }
  const resourceLogs = resources.map((res) => ({
    resource: res.resource,
    scopeLogs: res.scopes.map(({ scope, s }) => ({
      scope,
      logRecords: s.logs.map((l) => ({
        ...l,
        timeUnixNano: u64(l.timeUnixNano),
        observedTimeUnixNano: u64(l.observedTimeUnixNano),
        body: l.body && pbValue(l.body),
        attributes: pbAttributes(l.attributes),
      })),
    })),
  }));
  return Buffer.from(ExportLogsServiceRequest.encode({ resourceLogs }).finish());
}

// ---- OTLP/JSON ----

const SPAN_KIND_NAMES = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
];

export function encodeJson(r: FuzzRequest, env: Pick<Envelope, 'int64AsNumber' | 'enumNames'>): Buffer {
  // Proto3 JSON: (u)int64 as decimal strings; many SDKs send numbers, which lose precision.
  const int = (v: bigint) => (env.int64AsNumber ? Number(v) : v.toString());
  const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
  const value = (v: FuzzValue): unknown => {
    if ('intValue' in v) return { intValue: int(v.intValue) };
    if ('doubleValue' in v)
      return { doubleValue: Number.isFinite(v.doubleValue) ? v.doubleValue : String(v.doubleValue) };
    if ('bytesValue' in v) return { bytesValue: Buffer.from(v.bytesValue).toString('base64') };
    if ('arrayValue' in v) return { arrayValue: { values: v.arrayValue.map(value) } };
    if ('kvlistValue' in v) return { kvlistValue: { values: attrs(v.kvlistValue) } };
    return v;
  };
  const attrs = (list: FuzzKeyValue[]) => list.map((kv) => ({ key: kv.key, value: value(kv.value) }));
  const scope = (s: FuzzScope) => ({ name: s.name, version: s.version });
  const spans = (s: FuzzScope) =>
    s.spans.map((sp) => ({
      traceId: hex(sp.traceId),
      spanId: hex(sp.spanId),
      parentSpanId: hex(sp.parentSpanId),
      name: sp.name,
      kind: env.enumNames ? (SPAN_KIND_NAMES[sp.kind] ?? sp.kind) : sp.kind,
      startTimeUnixNano: int(sp.startTimeUnixNano),
      endTimeUnixNano: int(sp.endTimeUnixNano),
      attributes: attrs(sp.attributes),
      events: sp.events.map((e) => ({
        name: e.name,
        timeUnixNano: int(e.timeUnixNano),
        attributes: attrs(e.attributes),
      })),
      status: sp.status,
    }));
  const logs = (s: FuzzScope) =>
    s.logs.map((l) => ({
      timeUnixNano: int(l.timeUnixNano),
      observedTimeUnixNano: int(l.observedTimeUnixNano),
      severityNumber: l.severityNumber,
      severityText: l.severityText,
      ...(l.body ? { body: value(l.body) } : {}),
      attributes: attrs(l.attributes),
      eventName: l.eventName,
      traceId: hex(l.traceId),
      spanId: hex(l.spanId),
    }));
  const root =
    r.signal === 'traces'
      ? {
          resourceSpans: r.resources.map((res) => ({
            resource: { attributes: attrs(res.attributes) },
            scopeSpans: res.scopes.map((s) => ({ scope: scope(s), spans: spans(s) })),
          })),
        }
      : {
          resourceLogs: r.resources.map((res) => ({
            resource: { attributes: attrs(res.attributes) },
            scopeLogs: res.scopes.map((s) => ({ scope: scope(s), logRecords: logs(s) })),
          })),
        };
  // JSON.stringify writes a lone surrogate as the escape "\ud800", as browsers' JSON does.
  return Buffer.from(JSON.stringify(root), 'utf8');
}
