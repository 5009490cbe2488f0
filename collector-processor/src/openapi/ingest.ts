/**
 * Ingest (otlp-routes.ts, faro-routes.ts): OTLP/HTTP traces and logs, protobuf or JSON, and
 * Grafana Faro's /collect. Authenticated by a project's ingest key, not a bearer token.
 */
import { faroPayload } from '../faro/payload';
import { jsonSchema, pathParam, PUBLIC, type Area, type Json } from './common';

/** google.rpc.Status, in the request's encoding (OTLP/HTTP's error body). */
const RpcStatus = {
  type: 'object',
  description: 'google.rpc.Status: code is a google.rpc.Code, message says what to fix',
  properties: {
    code: { type: 'integer' },
    message: { type: 'string' },
    details: { type: 'array', items: { type: 'object' } },
  },
};

const INGEST_ERRORS: Record<string, string> = {
  '400': 'The body cannot be decoded (or a batch id is malformed); nothing was stored',
  '401': 'No ingest key, or an unknown or expired one',
  '403': 'The key is valid but the Origin is not allowed for its project',
  '413': 'The body is over PULSETRACE_MAX_BODY_BYTES',
  '415': 'Content type or encoding this route does not read',
  '429': 'The project’s rate limit: retry after Retry-After seconds',
  '503': 'Overloaded or not ready: retry after Retry-After seconds',
};

const encoded = (schema: Json) => ({
  'application/x-protobuf': { schema: { type: 'string', contentMediaType: 'application/x-protobuf' } },
  'application/json': { schema },
});

function ingestErrors(): Record<string, Json> {
  return Object.fromEntries(
    Object.entries(INGEST_ERRORS).map(([code, description]) => [
      code,
      { description, content: encoded({ $ref: '#/components/schemas/RpcStatus' }) },
    ]),
  );
}

const gzip = {
  name: 'Content-Encoding',
  in: 'header',
  required: false,
  description: 'gzip, or none',
  schema: { type: 'string', enum: ['gzip'] },
};

/** The CORS preflight a browser sends before posting; answered only for allowed origins. */
function preflight(operationId: string, extra: Json[] = []): Json {
  return {
    operationId,
    tags: ['ingest'],
    summary: 'CORS preflight (no key needed: checked against the projects’ allowed origins)',
    security: PUBLIC,
    parameters: [{ name: 'Origin', in: 'header', required: true, schema: { type: 'string' } }, ...extra],
    responses: {
      '204': { description: 'The origin may post: Access-Control-Allow-* headers set' },
      '403': { description: 'No project allows this origin' },
    },
  };
}

function otlp(signal: 'traces' | 'logs'): Record<string, unknown> {
  const message = signal === 'traces' ? 'ExportTraceServiceRequest' : 'ExportLogsServiceRequest';
  const list = signal === 'traces' ? 'resourceSpans' : 'resourceLogs';
  const rejected = signal === 'traces' ? 'rejectedSpans' : 'rejectedLogRecords';
  const keyParam = {
    name: 'key',
    in: 'query',
    required: false,
    description: 'The ingest key, for a preflight before a `?key=` POST',
    schema: { type: 'string' },
  };
  return {
    post: {
      operationId: signal === 'traces' ? 'ingestTraces' : 'ingestLogs',
      tags: ['ingest'],
      summary: `OTLP/HTTP ${signal}: an ${message}, protobuf or JSON`,
      description:
        'The ingest key goes in `x-pulsetrace-key` or, where headers cannot be set (sendBeacon), `?key=`. A batch id (`x-pulsetrace-batch` or `?batch=`) makes a retried request stored once.',
      security: [{ ingestKey: [] }, { ingestKeyQuery: [] }],
      parameters: [
        gzip,
        {
          name: 'x-pulsetrace-batch',
          in: 'header',
          required: false,
          description: 'Batch id: a retry with the same id is stored once',
          schema: { type: 'string' },
        },
        {
          name: 'batch',
          in: 'query',
          required: false,
          description: 'The batch id where headers cannot be set',
          schema: { type: 'string' },
        },
      ],
      requestBody: {
        required: true,
        description: `An opentelemetry-proto ${message}: binary protobuf, or its OTLP/JSON encoding`,
        content: encoded({
          type: 'object',
          description: `OTLP/JSON ${message}`,
          properties: { [list]: { type: 'array', items: { type: 'object' } } },
        }),
      },
      responses: {
        '200': {
          description: `Stored (or de-duplicated); partialSuccess counts the ${signal} refused and why`,
          content: encoded({
            type: 'object',
            properties: {
              partialSuccess: {
                type: 'object',
                properties: { [rejected]: { type: 'string' }, errorMessage: { type: 'string' } },
              },
            },
          }),
        },
        ...ingestErrors(),
      },
    },
    options: preflight(signal === 'traces' ? 'preflightTraces' : 'preflightLogs', [keyParam]),
  };
}

function faro(withPathKey: boolean): Record<string, unknown> {
  const parameters: Json[] = [
    gzip,
    {
      name: 'Idempotency-Key',
      in: 'header',
      required: false,
      description: 'Faro’s retry key, used as the batch id (ignored when it is not a valid one)',
      schema: { type: 'string' },
    },
  ];
  if (withPathKey) parameters.unshift(pathParam('ingestKey', 'The project’s ingest key'));
  return {
    post: {
      operationId: withPathKey ? 'faroCollectWithKey' : 'faroCollect',
      tags: ['ingest'],
      summary: withPathKey
        ? 'Grafana Faro payload, key in the path (Alloy faro.receiver’s URL shape)'
        : 'Grafana Faro payload, key in x-api-key (Faro’s apiKey option)',
      security: withPathKey ? PUBLIC : [{ faroApiKey: [] }],
      parameters,
      requestBody: {
        required: true,
        content: { 'application/json': { schema: jsonSchema(faroPayload) } },
      },
      responses: {
        '202': {
          description: 'Stored (or de-duplicated), as Alloy answers',
          content: { 'application/json': { schema: { type: 'object' } } },
        },
        ...ingestErrors(),
      },
    },
    options: preflight(
      withPathKey ? 'preflightFaroWithKey' : 'preflightFaro',
      withPathKey ? [pathParam('ingestKey', 'The project’s ingest key')] : [],
    ),
  };
}

export function ingestArea(): Area {
  return {
    tags: [
      {
        name: 'ingest',
        description: 'Telemetry from browsers and collectors, authenticated by a project’s ingest key',
      },
    ],
    schemas: { RpcStatus },
    paths: {
      '/v1/traces': otlp('traces'),
      '/v1/logs': otlp('logs'),
      '/collect/{ingestKey}': faro(true),
      '/collect': faro(false),
    },
  };
}

/** Security schemes of the ingest routes. */
export const INGEST_SECURITY = {
  ingestKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-pulsetrace-key',
    description: 'A project’s ingest key',
  },
  ingestKeyQuery: { type: 'apiKey', in: 'query', name: 'key', description: 'The ingest key, for sendBeacon' },
  faroApiKey: {
    type: 'apiKey',
    in: 'header',
    name: 'x-api-key',
    description: 'The ingest key (Faro apiKey)',
  },
};
