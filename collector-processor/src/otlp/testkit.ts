/** Shared builders for the OTLP decoder tests: fixed ids, 64-bit values, encoded requests. */
import {
  ExportLogsServiceRequest,
  ExportTraceServiceRequest,
  Long,
  type PbExportLogsServiceRequest,
  type PbExportTraceServiceRequest,
} from './proto';

export const TRACE_ID = Buffer.from('5b8efff798038103d269b633813fc60c', 'hex');
export const SPAN_ID = Buffer.from('eee19b7ec3c1b174', 'hex');
export const PARENT_ID = Buffer.from('eee19b7ec3c1b173', 'hex');
export const u64 = (n: bigint | number | string) => Long.fromString(String(n), true);
export const i64 = (n: bigint | number | string) => Long.fromString(String(n), false);

export function traces(req: PbExportTraceServiceRequest): Buffer {
  return Buffer.from(ExportTraceServiceRequest.encode(req).finish());
}

export function logs(req: PbExportLogsServiceRequest): Buffer {
  return Buffer.from(ExportLogsServiceRequest.encode(req).finish());
}
