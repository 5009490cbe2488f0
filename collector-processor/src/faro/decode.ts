/**
 * Faro native payload → the transport-neutral DecodedRequest, in exactly the record shapes Faro's
 * own OTLP transport (@grafana/faro-transport-otlp-http, payload/transform/transform.ts) gives the
 * same items: one log record per item under the `@grafana/faro-web-sdk` scope, meta as resource
 * and common attributes. So both transports go through the same mappers (pipeline/map/) and store
 * the same rows. Deliberate differences: every value of a custom measurement becomes a record and
 * a web vital keeps its other values as attribution (the OTLP transport keeps only the first
 * value), and `traces` keep their span scopes under a resource that meta completes.
 */
import { OtlpDecodeError } from '../otlp';
import { parseJsonObject } from '../otlp/errors';
import { decodeJson } from '../otlp/json';
import type {
  AttrValue,
  Attributes,
  DecodedLogRecord,
  DecodedRequest,
  DecodedResource,
} from '../pipeline/types';
import { FARO_SCOPE } from '../pipeline/map/faro';
import { FARO_PAYLOAD_KEYS, faroPayload, type FaroMeta, type FaroPayload } from './payload';

export { FARO_SCOPE };

/** Faro log levels → OTLP severity, as Faro's OTLP transport maps them. */
const SEVERITY: Record<string, [number, string]> = {
  trace: [1, 'TRACE'],
  debug: [5, 'DEBUG'],
  info: [9, 'INFO'],
  log: [10, 'INFO2'],
  warn: [13, 'WARN'],
  warning: [13, 'WARN'],
  error: [17, 'ERROR'],
};

const HEX_TRACE_ID = /^[0-9a-f]{32}$/i;
const HEX_SPAN_ID = /^[0-9a-f]{16}$/i;

function toAttr(v: unknown, depth = 0): AttrValue | undefined {
  if (v === undefined) return undefined;
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (depth > 8) return JSON.stringify(v) ?? null;
  if (Array.isArray(v)) return v.map((x) => toAttr(x, depth + 1) ?? null);
  if (typeof v === 'object') {
    const out: { [key: string]: AttrValue } = {};
    for (const [k, x] of Object.entries(v)) {
      const a = toAttr(x, depth + 1);
      if (a !== undefined) out[k] = a;
    }
    return out;
  }
  return String(v);
}

/** Sets the attributes that have a value (as the OTLP transport's `.filter(isAttribute)`). */
function attrs(entries: Array<[string, unknown]>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of entries) {
    if (value === undefined || value === null || value === '') continue;
    if (typeof value === 'object' && Object.keys(value).length === 0) continue;
    const a = toAttr(value);
    if (a !== undefined) out[key] = a;
  }
  return out;
}

function resourceAttributes(meta: FaroMeta): Attributes {
  const { browser, sdk, app } = meta;
  return attrs([
    ['browser.mobile', browser?.mobile],
    ['user_agent.original', browser?.userAgent],
    ['browser.language', browser?.language],
    ['browser.brands', browser?.brands],
    ['browser.platform', browser?.os],
    ['browser.name', browser?.name],
    ['browser.version', browser?.version],
    ['browser.screen_width', browser?.viewportWidth],
    ['browser.screen_height', browser?.viewportHeight],
    ['telemetry.sdk.name', sdk?.name],
    ['telemetry.sdk.version', sdk?.version],
    ['telemetry.sdk.language', sdk ? 'webjs' : undefined],
    ['service.name', app?.name],
    ['service.version', app?.version ?? app?.release],
    ['service.namespace', app?.namespace],
    ['deployment.environment.name', app?.environment],
  ]);
}

/** The page, session and user every item carries (getCommonLogAttributes in the OTLP transport). */
function commonAttributes(meta: FaroMeta): Array<[string, unknown]> {
  const { view, page, session, user } = meta;
  return [
    ['view.name', view?.name],
    ['url.full', page?.url],
    ['page.id', page?.id],
    ['page.attributes', page?.attributes],
    ['session.id', session?.id],
    ['session.attributes', session?.attributes],
    ['user.id', user?.id],
    ['user.name', user?.username],
    ['user.email', user?.email],
    ['user.full_name', user?.fullName],
    ['user.roles', user?.roles],
    ['user.hash', user?.hash],
    ['user.attributes', user?.attributes],
  ];
}

function record(
  item: { timestamp: string; trace?: { trace_id?: string; span_id?: string } },
  attributes: Attributes,
  fields: Partial<Pick<DecodedLogRecord, 'body' | 'severityNumber' | 'severityText'>> = {},
): DecodedLogRecord {
  const time = BigInt(Date.parse(item.timestamp)) * 1_000_000n;
  const traceId = item.trace?.trace_id ?? '';
  const spanId = item.trace?.span_id ?? '';
  return {
    timeUnixNano: time,
    observedTimeUnixNano: time,
    severityNumber: fields.severityNumber ?? 0,
    severityText: fields.severityText ?? '',
    body: fields.body ?? null,
    attributes,
    eventName: '',
    traceId: HEX_TRACE_ID.test(traceId) ? traceId.toLowerCase() : '',
    spanId: HEX_SPAN_ID.test(spanId) ? spanId.toLowerCase() : '',
  };
}

type Measurement = NonNullable<FaroPayload['measurements']>[number];

/**
 * A measurement's values, one record each, except a web vital: its first value is the vital, the
 * rest (`delta`, attribution timings, faro-web-sdk webVitalsWithAttribution.ts) its attribution.
 */
function measurementValues(m: Measurement): Array<[string, number, Measurement['context']]> {
  const values = Object.entries(m.values);
  if (m.type !== 'web-vitals' || values.length < 2) return values.map(([n, v]) => [n, v, m.context]);
  const [[name, value], ...rest] = values;
  return [[name, value, { ...Object.fromEntries(rest), ...m.context }]];
}

function logRecords(p: FaroPayload, meta: FaroMeta): DecodedLogRecord[] {
  const common = commonAttributes(meta);
  const out: DecodedLogRecord[] = [];
  for (const log of p.logs ?? []) {
    const [severityNumber, severityText] = SEVERITY[(log.level ?? '').toLowerCase()] ?? [0, ''];
    const a = attrs([...common, ['faro.log.context', log.context]]);
    out.push(record(log, a, { body: log.message ?? '', severityNumber, severityText }));
  }
  for (const e of p.exceptions ?? []) {
    const a = attrs([
      ...common,
      ['exception.type', e.type],
      ['exception.message', e.value],
      ['faro.error.stacktrace', e.stacktrace?.frames?.length ? e.stacktrace : undefined],
      ['faro.error.context', e.context],
    ]);
    out.push(record(e, a));
  }
  for (const e of p.events ?? []) {
    const a = attrs([
      ...common,
      ['event.name', e.name],
      ['event.domain', e.domain],
      ['event.attributes', e.attributes],
    ]);
    out.push(record(e, a, { body: e.name }));
  }
  for (const m of p.measurements ?? []) {
    for (const [name, value, context] of measurementValues(m)) {
      const a = attrs([
        ...common,
        ['measurement.type', m.type],
        ['measurement.name', name],
        ['measurement.value', value],
        ['faro.measurement.context', context],
      ]);
      out.push(record(m, a));
    }
  }
  return out;
}

/** `traces` through the OTLP/JSON decoder; their resource completed by meta (meta wins). */
function traceResources(p: FaroPayload, resource: Attributes): DecodedResource[] {
  if (!p.traces?.resourceSpans?.length) return [];
  let decoded: DecodedRequest;
  try {
    decoded = decodeJson('traces', Buffer.from(JSON.stringify(p.traces)));
  } catch (err) {
    if (err instanceof OtlpDecodeError) throw new OtlpDecodeError(`traces: ${err.message}`, { cause: err });
    throw err;
  }
  return decoded.resources.map((r) => ({ attributes: { ...r.attributes, ...resource }, scopes: r.scopes }));
}

function zodProblem(error: { issues: Array<{ path: PropertyKey[]; message: string }> }): string {
  const issue = error.issues[0];
  const path = issue.path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`))
    .join('');
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problems)` : '';
  return `Faro payload: ${path || 'body'}: ${issue.message}${more}`;
}

/**
 * Parses and validates a Faro native body. Throws OtlpDecodeError (→ 400 with its message) for
 * invalid JSON, a wrong field type, or an object with none of the payload's keys.
 */
export function decodeFaro(body: Uint8Array): DecodedRequest {
  const parsed = parseJsonObject(body, 'Faro payload');
  if (!FARO_PAYLOAD_KEYS.some((k) => k in parsed))
    throw new OtlpDecodeError(
      `not a Faro payload: expected at least one of ${FARO_PAYLOAD_KEYS.join(', ')} (OTLP goes to /v1/traces or /v1/logs)`,
    );
  const result = faroPayload.safeParse(parsed);
  if (!result.success) throw new OtlpDecodeError(zodProblem(result.error));
  const payload = result.data;
  const meta = payload.meta ?? {};
  const resource = resourceAttributes(meta);
  const logs = logRecords(payload, meta);
  const resources: DecodedResource[] = [];
  if (logs.length)
    resources.push({
      attributes: resource,
      scopes: [{ name: FARO_SCOPE, version: meta.sdk?.version ?? '', attributes: {}, spans: [], logs }],
    });
  resources.push(...traceResources(payload, resource));
  return { signal: 'logs', resources };
}
