/**
 * OTLP/HTTP response bodies: Export*ServiceResponse (with optional partial_success) on success,
 * google.rpc.Status on errors. JSON forms follow the OTLP/JSON rules (int64 as decimal string).
 */
import type { Signal } from '../pipeline/types';
import { ExportLogsServiceResponse, ExportTraceServiceResponse, Long, Status } from './proto';

export type OtlpEncoding = 'protobuf' | 'json';

export interface PartialSuccess {
  /** Spans (traces) or log records (logs) the server dropped. */
  rejected: number;
  /** Why they were rejected, or a warning when `rejected` is 0. */
  message: string;
}

function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * Body of a successful export response. Without `partial` the response is empty (`{}` in JSON),
 * which OTLP clients read as "everything accepted".
 */
export function encodeExportResponse(
  signal: Signal,
  encoding: OtlpEncoding,
  partial?: PartialSuccess,
): Buffer {
  if (partial && (!Number.isSafeInteger(partial.rejected) || partial.rejected < 0)) {
    throw new RangeError(`partial.rejected must be a non-negative integer, got ${partial.rejected}`);
  }
  const countField = signal === 'traces' ? 'rejectedSpans' : 'rejectedLogRecords';
  if (encoding === 'json') {
    const body = partial
      ? { partialSuccess: { [countField]: String(partial.rejected), errorMessage: partial.message } }
      : {};
    return Buffer.from(JSON.stringify(body), 'utf8');
  }
  if (signal === 'traces') {
    const partialSuccess = partial
      ? { rejectedSpans: Long.fromNumber(partial.rejected), errorMessage: partial.message }
      : null;
    return toBuffer(ExportTraceServiceResponse.encode({ partialSuccess }).finish());
  }
  const partialSuccess = partial
    ? { rejectedLogRecords: Long.fromNumber(partial.rejected), errorMessage: partial.message }
    : null;
  return toBuffer(ExportLogsServiceResponse.encode({ partialSuccess }).finish());
}

/** Body of an error response: google.rpc.Status with a gRPC code (e.g. 3 INVALID_ARGUMENT). */
export function encodeStatus(encoding: OtlpEncoding, code: number, message: string): Buffer {
  if (encoding === 'json') return Buffer.from(JSON.stringify({ code, message }), 'utf8');
  return toBuffer(Status.encode({ code, message }).finish());
}
