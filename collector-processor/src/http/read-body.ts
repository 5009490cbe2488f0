import type { Request } from 'express';
import { encodingOf, failure, RPC, type IngestResponse } from '../ingest/ingest-responses';
import { gzipDeclaredSize, type IngestAdmission, type Refusal, type RefusalReason } from './ingest-admission';

export class BodyTooLargeError extends Error {}

/** A chunked body that would take the in-flight bytes past their bound. */
export class InFlightLimitError extends Error {
  constructor(readonly refusal: Refusal) {
    super(refusal.message);
  }
}

/** Seconds a client refused for load should wait: requests in flight finish in about that long. */
export const ADMISSION_RETRY_AFTER_SECONDS = 1;

/**
 * Reads the raw request body, refusing more than `limit` bytes on the wire (the decompressed
 * size is checked again after gunzip). Content-Length is checked first so an honest oversize
 * request is refused before any byte is buffered. `reserve`, when given, is asked for every
 * chunk's bytes as it arrives (a chunked body's share of the in-flight bound).
 */
export function readRawBody(
  req: Request,
  limit: number,
  reserve?: (bytes: number) => Refusal | undefined,
): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    return Promise.reject(new BodyTooLargeError(`body exceeds ${limit} bytes`));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    const fail = (err: Error) => {
      failed = true;
      chunks.length = 0;
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) return fail(new BodyTooLargeError(`body exceeds ${limit} bytes`));
      const refusal = reserve?.(chunk.length);
      if (refusal) return fail(new InFlightLimitError(refusal));
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (err) => {
      if (!failed) fail(err);
    });
    // A client gone mid-body (or cut off by the request timeout) must not leave this pending.
    req.on('close', () => {
      if (!failed && !req.complete) fail(new Error('request closed before its body was complete'));
    });
  });
}

export type AdmittedBody =
  { body: Buffer; release(): void } | { refused: IngestResponse; reason?: RefusalReason };

function refusedFor(req: Request, refusal: Refusal): AdmittedBody {
  const encoding = encodingOf(req.headers['content-type']) ?? 'json';
  return {
    reason: refusal.reason,
    refused: failure(encoding, 503, RPC.UNAVAILABLE, refusal.message, {
      'Retry-After': String(ADMISSION_RETRY_AFTER_SECONDS),
    }),
  };
}

/**
 * Admits an ingest request and reads its body within the in-flight bounds. A refusal (503 with
 * Retry-After, or 413 for a body over the limit) comes before the body is read when the length is
 * declared; the caller answers with `refused` and closes the connection. When a body is returned,
 * the caller must `release()` once the response is done.
 */
export async function readAdmittedBody(
  req: Request,
  admission: IngestAdmission,
  maxBodyBytes: number,
): Promise<AdmittedBody> {
  const declared = Number(req.headers['content-length']);
  const known = Number.isFinite(declared) && declared >= 0;
  const admitted = admission.admit(known ? Math.min(declared, maxBodyBytes) : 0);
  if ('refusal' in admitted) {
    // Discard whatever the client still sends, unbuffered, so it reads the answer rather than a reset.
    req.resume();
    return refusedFor(req, admitted.refusal);
  }
  const { ticket } = admitted;
  try {
    const body = await readRawBody(req, maxBodyBytes, known ? undefined : (bytes) => ticket.reserve(bytes));
    if (/^\s*gzip\s*$/i.test(req.headers['content-encoding'] ?? '')) {
      // Inflation holds up to the body limit more; count it while this request is in flight.
      const inflated = Math.min(gzipDeclaredSize(body) ?? 0, maxBodyBytes);
      const refusal = ticket.reserve(inflated);
      if (refusal) {
        ticket.release();
        return refusedFor(req, refusal);
      }
    }
    return { body, release: ticket.release };
  } catch (err) {
    ticket.release();
    if (err instanceof InFlightLimitError) {
      req.resume();
      return refusedFor(req, err.refusal);
    }
    if (err instanceof BodyTooLargeError) {
      const encoding = encodingOf(req.headers['content-type']) ?? 'json';
      return { refused: failure(encoding, 413, RPC.INVALID_ARGUMENT, err.message) };
    }
    throw err;
  }
}
