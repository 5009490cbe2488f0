import zlib from 'node:zlib';
import { promisify } from 'node:util';
import { decodeOtlp, OtlpDecodeError } from '../../otlp';
import type { DecodedRequest, DecodedResource } from '../../pipeline/types';
import { failure, RPC, type Encoding } from '../ingest-responses';
import type { IngestRequest } from '../types';
import { Refusal } from './refusal';

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

/** Spans plus log records: what `pulsetrace_ingest_records_received_total` and partial success count. */
export function countRecords(request: DecodedRequest | DecodedResource[]): number {
  const resources = Array.isArray(request) ? request : request.resources;
  let n = 0;
  for (const r of resources) for (const s of r.scopes) n += s.spans.length + s.logs.length;
  return n;
}

/**
 * Step 3: inflate (gzip, bounded by maxBodyBytes, so a zip bomb stops at the bound), check the
 * size, and decode OTLP (or the request's own decoder: Faro's native payload) into the
 * transport-neutral model of pipeline/types.ts.
 */
export async function decode(
  req: IngestRequest,
  encoding: Encoding,
  maxBodyBytes: number,
): Promise<DecodedRequest | Refusal> {
  let body = req.body;
  const contentEncoding = (req.contentEncoding ?? 'identity').trim().toLowerCase();
  if (contentEncoding === 'gzip') {
    try {
      body = await gunzip(req.body, maxBodyBytes);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) {
        return new Refusal(
          'too_large',
          failure(encoding, 413, RPC.INVALID_ARGUMENT, `decompressed body exceeds ${maxBodyBytes} bytes`),
        );
      }
      return new Refusal('bad_gzip', failure(encoding, 400, RPC.INVALID_ARGUMENT, 'body is not valid gzip'));
    }
  } else if (contentEncoding !== 'identity') {
    return new Refusal(
      'unsupported_encoding',
      failure(
        encoding,
        415,
        RPC.INVALID_ARGUMENT,
        `unsupported content encoding "${contentEncoding}": use gzip or none`,
      ),
    );
  }
  if (body.length > maxBodyBytes) {
    return new Refusal(
      'too_large',
      failure(encoding, 413, RPC.INVALID_ARGUMENT, `body exceeds ${maxBodyBytes} bytes`),
    );
  }
  try {
    return req.decode ? req.decode(body) : decodeOtlp(req.signal, body, encoding);
  } catch (err) {
    if (err instanceof OtlpDecodeError)
      return new Refusal('malformed', failure(encoding, 400, RPC.INVALID_ARGUMENT, err.message));
    throw err;
  }
}
