import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { decodeOtlp, encodeExportResponse, encodeStatus, OtlpDecodeError } from '../otlp';
import { mapResource } from '../pipeline/map';
import { runStages } from '../pipeline/stages';
import type { DecodedRequest, DecodedResource, Signal } from '../pipeline/types';
import { originAllowed, type Project, type ProjectStore } from '../projects/project-store';
import { emptyRumRows, SIGNAL_TABLES, type RumRows } from '../store/rows';
import type { Metrics } from '../observability/metrics';
import { encodePayload } from '../wal/batch-writer';
import { WalFullError, type Wal } from '../wal/wal';
import type { RateLimiter } from './rate-limiter';

const gunzipAsync = promisify(zlib.gunzip);

/**
 * Browser batches are a few KB: inflating them inline costs microseconds, while a trip through
 * libuv's thread pool can wait behind ClickHouse inserts and fsyncs that share it. Large bodies
 * still inflate off the event loop.
 */
const INLINE_GUNZIP_MAX_BYTES = 64 * 1024;

function gunzip(body: Buffer, maxOutputLength: number): Promise<Buffer> {
  if (body.length > INLINE_GUNZIP_MAX_BYTES) return gunzipAsync(body, { maxOutputLength });
  try {
    return Promise.resolve(zlib.gunzipSync(body, { maxOutputLength }));
  } catch (err) {
    return Promise.reject(err);
  }
}

/** Resource attribute that carries the ingest key through a collector hop. */
export const PROJECT_KEY_ATTRIBUTE = 'pulsetrace.project.key';

export interface IngestRequest {
  signal: Signal;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  body: Buffer;
  /** From the `x-pulsetrace-key` header or the `key` query parameter. */
  key: string | undefined;
  origin: string | undefined;
}

export interface IngestResponse {
  status: number;
  contentType: string;
  body: Buffer;
  headers: Record<string, string>;
}

export interface IngestDeps {
  projects: ProjectStore;
  wal: Wal;
  limiter: RateLimiter;
  metrics: Metrics;
  maxBodyBytes: number;
}

type Encoding = 'protobuf' | 'json';

// google.rpc.Code values used in Status bodies.
const RPC = {
  INVALID_ARGUMENT: 3,
  PERMISSION_DENIED: 7,
  RESOURCE_EXHAUSTED: 8,
  UNAVAILABLE: 14,
  UNAUTHENTICATED: 16,
};

export function encodingOf(contentType: string | undefined): Encoding | undefined {
  const type = contentType?.split(';')[0].trim().toLowerCase();
  if (type === 'application/x-protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  return undefined;
}

function contentTypeOf(encoding: Encoding): string {
  return encoding === 'protobuf' ? 'application/x-protobuf' : 'application/json';
}

function failure(
  encoding: Encoding,
  status: number,
  rpcCode: number,
  message: string,
  headers: Record<string, string> = {},
): IngestResponse {
  return {
    status,
    contentType: contentTypeOf(encoding),
    body: encodeStatus(encoding, rpcCode, message),
    headers,
  };
}

function countRecords(request: DecodedRequest | DecodedResource[]): number {
  const resources = Array.isArray(request) ? request : request.resources;
  let n = 0;
  for (const r of resources) for (const s of r.scopes) n += s.spans.length + s.logs.length;
  return n;
}

/** The whole OTLP ingest path, independent of Express: decode, map, stages, WAL. */
export async function ingest(req: IngestRequest, deps: IngestDeps): Promise<IngestResponse> {
  const { metrics } = deps;
  const encoding = encodingOf(req.contentType);
  const reject = (reason: string, response: IngestResponse) => {
    metrics.rejected.inc({ reason });
    return response;
  };
  if (!encoding) {
    return reject(
      'unsupported_media_type',
      failure(
        'json',
        415,
        RPC.INVALID_ARGUMENT,
        `unsupported content type "${req.contentType ?? ''}": send application/x-protobuf or application/json`,
      ),
    );
  }
  if (deps.wal.isFull()) {
    return reject(
      'wal_full',
      failure(encoding, 503, RPC.UNAVAILABLE, 'ingest is overloaded: retry later', { 'Retry-After': '5' }),
    );
  }

  let headerProject: Project | undefined;
  if (req.key) {
    headerProject = deps.projects.findByKey(req.key);
    if (!headerProject)
      return reject(
        'unknown_key',
        failure(encoding, 401, RPC.UNAUTHENTICATED, 'unknown or expired ingest key'),
      );
    if (req.origin && !originAllowed(headerProject, req.origin)) {
      return reject(
        'origin_not_allowed',
        failure(encoding, 403, RPC.PERMISSION_DENIED, `origin ${req.origin} is not allowed for this project`),
      );
    }
  }

  let body = req.body;
  const contentEncoding = (req.contentEncoding ?? 'identity').trim().toLowerCase();
  if (contentEncoding === 'gzip') {
    try {
      body = await gunzip(req.body, deps.maxBodyBytes);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        return reject(
          'too_large',
          failure(
            encoding,
            413,
            RPC.INVALID_ARGUMENT,
            `decompressed body exceeds ${deps.maxBodyBytes} bytes`,
          ),
        );
      }
      return reject('bad_gzip', failure(encoding, 400, RPC.INVALID_ARGUMENT, 'body is not valid gzip'));
    }
  } else if (contentEncoding !== 'identity') {
    return reject(
      'unsupported_encoding',
      failure(
        encoding,
        415,
        RPC.INVALID_ARGUMENT,
        `unsupported content encoding "${contentEncoding}": use gzip or none`,
      ),
    );
  }
  if (body.length > deps.maxBodyBytes) {
    return reject(
      'too_large',
      failure(encoding, 413, RPC.INVALID_ARGUMENT, `body exceeds ${deps.maxBodyBytes} bytes`),
    );
  }

  let decoded: DecodedRequest;
  try {
    decoded = decodeOtlp(req.signal, body, encoding);
  } catch (err) {
    if (err instanceof OtlpDecodeError)
      return reject('malformed', failure(encoding, 400, RPC.INVALID_ARGUMENT, err.message));
    throw err;
  }
  metrics.received.inc({ signal: req.signal }, countRecords(decoded));

  const receivedAtMs = Date.now();
  const perProject = new Map<Project, RumRows>();
  let rejected = 0;
  const reasons = new Set<string>();
  for (const resource of decoded.resources) {
    const project = headerProject ?? projectFromResource(resource, deps.projects);
    if (!project) {
      rejected += countRecords([resource]);
      reasons.add('no valid ingest key for this resource');
      continue;
    }
    const mapped = mapResource(withoutKey(resource), {
      projectId: project.id,
      retentionDays: project.retentionDays,
      receivedAtMs,
    });
    rejected += mapped.rejected;
    for (const reason of mapped.reasons) reasons.add(reason);
    let rows = perProject.get(project);
    if (!rows) perProject.set(project, (rows = emptyRumRows()));
    for (const table of SIGNAL_TABLES) (rows[table] as unknown[]).push(...mapped.rows[table]);
  }
  if (!headerProject && perProject.size === 0 && rejected > 0) {
    return reject(
      'unknown_key',
      failure(
        encoding,
        401,
        RPC.UNAUTHENTICATED,
        'no valid ingest key: send the x-pulsetrace-key header, ?key= or the pulsetrace.project.key resource attribute',
      ),
    );
  }

  const all = emptyRumRows();
  for (const [project, rows] of perProject) {
    const rowCount = SIGNAL_TABLES.reduce((n, t) => n + rows[t].length, 0);
    const wait = deps.limiter.take(project.id, project.rateLimitPerSecond, rowCount);
    if (wait > 0) {
      return reject(
        'rate_limited',
        failure(encoding, 429, RPC.RESOURCE_EXHAUSTED, `project ${project.id} is over its rate limit`, {
          'Retry-After': String(wait),
        }),
      );
    }
    const staged = runStages(rows, { project, receivedAtMs });
    for (const table of SIGNAL_TABLES) (all[table] as unknown[]).push(...staged[table]);
  }

  const { payload, count } = encodePayload(all);
  if (count > 0) {
    try {
      await deps.wal.append(payload, count);
    } catch (err) {
      if (err instanceof WalFullError) {
        return reject(
          'wal_full',
          failure(encoding, 503, RPC.UNAVAILABLE, 'ingest is overloaded: retry later', {
            'Retry-After': '5',
          }),
        );
      }
      return reject(
        'wal_error',
        failure(encoding, 503, RPC.UNAVAILABLE, 'could not persist the request: retry later', {
          'Retry-After': '5',
        }),
      );
    }
    for (const table of SIGNAL_TABLES)
      if (all[table].length) metrics.accepted.inc({ table }, all[table].length);
  }
  if (rejected > 0) metrics.rejected.inc({ reason: 'partial' }, rejected);
  const partial = rejected > 0 ? { rejected, message: [...reasons].slice(0, 5).join('; ') } : undefined;
  return {
    status: 200,
    contentType: contentTypeOf(encoding),
    body: encodeExportResponse(req.signal, encoding, partial),
    headers: {},
  };
}

/** The ingest key is a credential: it is read for routing and never stored with the data. */
function withoutKey(resource: DecodedResource): DecodedResource {
  if (!(PROJECT_KEY_ATTRIBUTE in resource.attributes)) return resource;
  const { [PROJECT_KEY_ATTRIBUTE]: _key, ...attributes } = resource.attributes;
  return { ...resource, attributes };
}

function projectFromResource(resource: DecodedResource, projects: ProjectStore): Project | undefined {
  const key = resource.attributes[PROJECT_KEY_ATTRIBUTE];
  return typeof key === 'string' ? projects.findByKey(key) : undefined;
}
