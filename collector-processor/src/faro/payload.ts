/**
 * Grafana Faro's native payload: the JSON its default FetchTransport posts, as Grafana Alloy's
 * `faro.receiver` reads it (internal/component/faro/receiver/internal/payload/payload.go):
 * `meta` plus lists of `logs`, `exceptions`, `measurements`, `events`, and `traces` (OTLP/JSON
 * `resourceSpans`). Validated with zod: unknown fields are ignored (newer SDKs add some), known
 * fields must have their type, and errors name the JSON path of the bad field.
 */
import { z } from 'zod';

const stringMap = z.record(z.string(), z.unknown());

const trace = z.object({ trace_id: z.string().optional(), span_id: z.string().optional() }).optional();

/** Faro's timestamps are ISO 8601 strings (new Date().toISOString()). */
const timestamp = z.string().refine((s) => Number.isFinite(Date.parse(s)), 'not an ISO 8601 timestamp');

const frame = z.object({
  filename: z.string().optional(),
  function: z.string().optional(),
  module: z.string().optional(),
  lineno: z.number().optional(),
  colno: z.number().optional(),
});

export const faroException = z.object({
  type: z.string().optional(),
  value: z.string().optional(),
  stacktrace: z.object({ frames: z.array(frame).optional() }).optional(),
  timestamp,
  trace,
  context: stringMap.optional(),
});

export const faroLog = z.object({
  message: z.string().optional(),
  level: z.string().optional(),
  context: stringMap.optional(),
  timestamp,
  trace,
});

export const faroMeasurement = z.object({
  type: z.string().optional(),
  values: z.record(z.string(), z.number()),
  timestamp,
  trace,
  context: stringMap.optional(),
});

export const faroEvent = z.object({
  name: z.string(),
  domain: z.string().optional(),
  attributes: stringMap.optional(),
  timestamp,
  trace,
});

const meta = z.object({
  sdk: z.object({ name: z.string().optional(), version: z.string().optional() }).optional(),
  app: z
    .object({
      name: z.string().optional(),
      namespace: z.string().optional(),
      release: z.string().optional(),
      version: z.string().optional(),
      environment: z.string().optional(),
    })
    .optional(),
  user: z
    .object({
      id: z.string().optional(),
      username: z.string().optional(),
      email: z.string().optional(),
      fullName: z.string().optional(),
      roles: z.string().optional(),
      hash: z.string().optional(),
      attributes: stringMap.optional(),
    })
    .optional(),
  session: z.object({ id: z.string().optional(), attributes: stringMap.optional() }).optional(),
  page: z
    .object({ id: z.string().optional(), url: z.string().optional(), attributes: stringMap.optional() })
    .optional(),
  browser: z
    .object({
      name: z.string().optional(),
      version: z.string().optional(),
      os: z.string().optional(),
      mobile: z.boolean().optional(),
      userAgent: z.string().optional(),
      language: z.string().optional(),
      brands: z.unknown().optional(),
      viewportWidth: z.union([z.string(), z.number()]).optional(),
      viewportHeight: z.union([z.string(), z.number()]).optional(),
    })
    .optional(),
  view: z.object({ name: z.string().optional() }).optional(),
});

export const faroPayload = z.object({
  meta: meta.optional(),
  logs: z.array(faroLog).optional(),
  exceptions: z.array(faroException).optional(),
  measurements: z.array(faroMeasurement).optional(),
  events: z.array(faroEvent).optional(),
  /** OTLP/JSON ExportTraceServiceRequest; decoded by the OTLP JSON decoder. */
  traces: z.object({ resourceSpans: z.array(z.unknown()).optional() }).optional(),
});

export type FaroPayload = z.infer<typeof faroPayload>;
export type FaroMeta = NonNullable<FaroPayload['meta']>;

export const FARO_PAYLOAD_KEYS = ['meta', 'logs', 'exceptions', 'measurements', 'events', 'traces'] as const;
