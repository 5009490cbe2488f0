/**
 * Typed entry point to the generated OTLP protobuf code (./generated/otlp.js + otlp.d.ts, made by
 * scripts/gen-otlp.mjs). Everything else imports OTLP message classes from here, never from
 * ./generated directly, so a regeneration only has to keep these aliases valid.
 */
import Long from 'long';
import { google, opentelemetry } from './generated/otlp';

export { Long };

export const common = opentelemetry.proto.common.v1;
export const resource = opentelemetry.proto.resource.v1;
export const trace = opentelemetry.proto.trace.v1;
export const logs = opentelemetry.proto.logs.v1;
export const traceService = opentelemetry.proto.collector.trace.v1;
export const logsService = opentelemetry.proto.collector.logs.v1;
export const rpc = google.rpc;

export const ExportTraceServiceRequest = traceService.ExportTraceServiceRequest;
export const ExportTraceServiceResponse = traceService.ExportTraceServiceResponse;
export const ExportLogsServiceRequest = logsService.ExportLogsServiceRequest;
export const ExportLogsServiceResponse = logsService.ExportLogsServiceResponse;
export const Status = rpc.Status;

/* Plain-object ("properties") shapes, as accepted by encode() and returned by decode(). */
export type PbAnyValue = opentelemetry.proto.common.v1.AnyValue.$Properties;
export type PbKeyValue = opentelemetry.proto.common.v1.KeyValue.$Properties;
export type PbInstrumentationScope = opentelemetry.proto.common.v1.InstrumentationScope.$Properties;
export type PbResource = opentelemetry.proto.resource.v1.Resource.$Properties;
export type PbSpan = opentelemetry.proto.trace.v1.Span.$Properties;
export type PbSpanEvent = opentelemetry.proto.trace.v1.Span.Event.$Properties;
export type PbLogRecord = opentelemetry.proto.logs.v1.LogRecord.$Properties;
export type PbExportTraceServiceRequest =
  opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.$Properties;
export type PbExportLogsServiceRequest =
  opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest.$Properties;
