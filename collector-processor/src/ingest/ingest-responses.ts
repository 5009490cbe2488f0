import { encodeExportResponse, encodeStatus } from '../otlp';
import type { Signal } from '../pipeline/types';

export interface IngestResponse {
  status: number;
  contentType: string;
  body: Buffer;
  headers: Record<string, string>;
}

export type Encoding = 'protobuf' | 'json';

// google.rpc.Code values used in Status bodies.
export const RPC = {
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

/** An error answer: a google.rpc.Status in the request's encoding. */
export function failure(
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

/** 200 with an Export*ServiceResponse, carrying partial_success when records were rejected. */
export function ok(
  signal: Signal,
  encoding: Encoding,
  partial?: { rejected: number; message: string },
): IngestResponse {
  const body = encodeExportResponse(signal, encoding, partial);
  return { status: 200, contentType: contentTypeOf(encoding), body, headers: {} };
}
