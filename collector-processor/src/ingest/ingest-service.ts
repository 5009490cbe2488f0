import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { decodeOtlp, OtlpDecodeError } from '../otlp';
import { mapResource } from '../pipeline/map';
import type { UnmappedReason } from '../pipeline/map/unmapped';
import type { DecodedRequest, DecodedResource } from '../pipeline/types';
import { originAllowed, type Project, type ProjectStore } from '../projects/project-store';
import { emptyRumRows, SIGNAL_TABLES, type RumRows } from '../store/rows';
import { batchIdProblem } from './batch-ids';
import { encodingOf, failure, ok, RPC, type IngestResponse } from './ingest-responses';
import type { IngestDeps, IngestRequest } from './types';
import { writeRows } from './write-rows';

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

export type { IngestResponse } from './ingest-responses';

/** Resource attribute that carries the ingest key through a collector hop. */
export const PROJECT_KEY_ATTRIBUTE = 'pulsetrace.project.key';

export type { IngestDeps, IngestRequest } from './types';

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
  const batchProblem = req.batchId === undefined ? undefined : batchIdProblem(req.batchId);
  if (batchProblem) {
    return reject('bad_batch_id', failure(encoding, 400, RPC.INVALID_ARGUMENT, batchProblem));
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
    decoded = req.decode ? req.decode(body) : decodeOtlp(req.signal, body, encoding);
  } catch (err) {
    if (err instanceof OtlpDecodeError)
      return reject('malformed', failure(encoding, 400, RPC.INVALID_ARGUMENT, err.message));
    throw err;
  }
  metrics.received.inc({ signal: req.signal }, countRecords(decoded));

  const receivedAtMs = Date.now();
  const perProject = new Map<Project, RumRows>();
  let rejected = 0;
  let refusedForOrigin = 0;
  const reasons = new Set<string>();
  const unmapped = new Map<UnmappedReason, number>();
  for (const resource of decoded.resources) {
    const project = headerProject ?? projectFromResource(resource, deps.projects);
    if (!project) {
      rejected += countRecords([resource]);
      reasons.add('no valid ingest key for this resource');
      continue;
    }
    // The header key's project was checked above; a resource's key gets the same origin policy,
    // or a browser on any site could post with a key it only put in the resource.
    if (!headerProject && req.origin && !originAllowed(project, req.origin)) {
      const records = countRecords([resource]);
      rejected += records;
      refusedForOrigin += records;
      reasons.add(
        `origin ${req.origin} is not allowed for the project of a resource's ${PROJECT_KEY_ATTRIBUTE}`,
      );
      continue;
    }
    const mapped = mapResource(withoutKey(resource), {
      projectId: project.id,
      retentionDays: project.retentionDays,
      receivedAtMs,
    });
    rejected += mapped.rejected;
    for (const reason of mapped.reasons) reasons.add(reason);
    for (const [reason, n] of mapped.unmapped) unmapped.set(reason, (unmapped.get(reason) ?? 0) + n);
    for (const [reason, n] of mapped.timestampsAdjusted) metrics.timestampsAdjusted.inc({ reason }, n);
    let rows = perProject.get(project);
    if (!rows) perProject.set(project, (rows = emptyRumRows()));
    for (const table of SIGNAL_TABLES) (rows[table] as unknown[]).push(...mapped.rows[table]);
  }
  // Nothing admitted: answer as the header key would (403 when a valid key came from a refused
  // origin, else 401). With some resources admitted, the refused ones count in partial_success.
  if (!headerProject && perProject.size === 0 && refusedForOrigin > 0) {
    return reject(
      'origin_not_allowed',
      failure(
        encoding,
        403,
        RPC.PERMISSION_DENIED,
        `origin ${req.origin ?? ''} is not allowed for the project of the pulsetrace.project.key resource attribute`,
      ),
    );
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

  if (req.batchId === undefined) {
    return (await writeRows(req, encoding, perProject, { rejected, reasons, unmapped, receivedAtMs }, deps))
      .response;
  }
  // A resent batch: answer as the first time, store nothing (see batch-ids.ts).
  const claim = await deps.batches.claim(
    [...perProject.keys()].map((p) => p.id),
    req.batchId,
  );
  let stored = false;
  try {
    for (const project of [...perProject.keys()])
      if (!claim.fresh.includes(project.id)) perProject.delete(project);
    if (claim.stored.length > 0 && perProject.size === 0) {
      metrics.duplicateBatches.inc({ signal: req.signal });
      return ok(req.signal, encoding);
    }
    const result = await writeRows(
      req,
      encoding,
      perProject,
      { rejected, reasons, unmapped, receivedAtMs },
      deps,
    );
    stored = result.stored;
    return result.response;
  } finally {
    claim.settle(stored);
  }
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
