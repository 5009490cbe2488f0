/**
 * Interop with the official OpenTelemetry JS exporters' serializers (@opentelemetry/otlp-transformer):
 * what a real SDK sends decodes identically from protobuf and JSON, and our responses parse there.
 */
import { SpanKind, SpanStatusCode, type Link } from '@opentelemetry/api';
import { SeverityNumber } from '@opentelemetry/api-logs';
import {
  JsonLogsSerializer,
  JsonTraceSerializer,
  ProtobufLogsSerializer,
  ProtobufTraceSerializer,
} from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { decodeOtlp, encodeExportResponse } from './index';

const resource = resourceFromAttributes({
  'service.name': 'shop-web',
  'deployment.environment.name': 'test',
});
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const START_MS = 1_700_000_000_123.456; // sub-millisecond part exercises nanosecond conversion

function sdkSpans() {
  const exporter = new InMemorySpanExporter();
  let n = 0;
  const provider = new BasicTracerProvider({
    resource,
    spanProcessors: [new SimpleSpanProcessor(exporter)],
    idGenerator: {
      generateTraceId: () => TRACE_ID,
      generateSpanId: () => (++n).toString(16).padStart(16, '0'),
    },
  });
  const tracer = provider.getTracer('@opentelemetry/instrumentation-fetch', '0.200.0');
  const link: Link = {
    context: { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: 1 },
    attributes: { why: 'follows' },
  };
  const span = tracer.startSpan('GET', { kind: SpanKind.CLIENT, startTime: START_MS, links: [link] });
  span.setAttributes({
    'http.request.method': 'GET',
    'http.response.status_code': 503,
    'http.duration.ratio': 0.25,
    'network.connected': true,
    'tags.list': ['a', 'b'],
    'codes.list': [1, 2],
  });
  span.addEvent('retry', { attempt: 2 }, START_MS + 5);
  span.setStatus({ code: SpanStatusCode.ERROR, message: 'upstream unavailable' });
  span.end(START_MS + 120);
  return exporter.getFinishedSpans();
}

function sdkLogs() {
  const exporter = new InMemoryLogRecordExporter();
  const provider = new LoggerProvider({ resource, processors: [new SimpleLogRecordProcessor({ exporter })] });
  const logger = provider.getLogger('pulsetrace-sdk', '1.0.0');
  logger.emit({
    eventName: 'browser.web_vital',
    timestamp: START_MS,
    severityNumber: SeverityNumber.INFO,
    severityText: 'INFO',
    body: { name: 'LCP', value: 1234.5 },
    attributes: { 'page.url': '/cart', 'vital.rating': 'good' },
  });
  logger.emit({ body: 'plain message', timestamp: START_MS });
  return exporter.getFinishedLogRecords();
}

describe('interop with @opentelemetry/otlp-transformer', () => {
  it('decodes SDK traces the same from protobuf and JSON', () => {
    const spans = sdkSpans();
    const fromPb = decodeOtlp(
      'traces',
      Buffer.from(ProtobufTraceSerializer.serializeRequest(spans)!),
      'protobuf',
    );
    const fromJson = decodeOtlp('traces', Buffer.from(JsonTraceSerializer.serializeRequest(spans)!), 'json');
    expect(fromJson).toEqual(fromPb);
    expect(fromPb.resources[0].attributes).toMatchObject({ 'service.name': 'shop-web' });
    const scope = fromPb.resources[0].scopes[0];
    expect(scope).toMatchObject({ name: '@opentelemetry/instrumentation-fetch', version: '0.200.0' });
    const span = scope.spans[0];
    expect(span).toMatchObject({
      traceId: TRACE_ID,
      spanId: '0000000000000001',
      parentSpanId: '',
      name: 'GET',
      kind: 3,
      status: { code: 2, message: 'upstream unavailable' },
      attributes: {
        'http.request.method': 'GET',
        'http.response.status_code': 503,
        'http.duration.ratio': 0.25,
        'network.connected': true,
        'tags.list': ['a', 'b'],
        'codes.list': [1, 2],
      },
      events: [{ name: 'retry', attributes: { attempt: 2 } }],
    });
    expect(span.endTimeUnixNano - span.startTimeUnixNano).toBe(120_000_000n);
    // START_MS as the SDK represents it ([seconds, nanos] from a float) stays within a microsecond.
    const delta = span.startTimeUnixNano - 1_700_000_000_123_456_000n;
    expect(delta < 1000n && delta > -1000n).toBe(true);
  });

  it('decodes SDK logs (event_name, structured and plain bodies) the same from protobuf and JSON', () => {
    const records = sdkLogs();
    const fromPb = decodeOtlp(
      'logs',
      Buffer.from(ProtobufLogsSerializer.serializeRequest(records)!),
      'protobuf',
    );
    const fromJson = decodeOtlp('logs', Buffer.from(JsonLogsSerializer.serializeRequest(records)!), 'json');
    expect(fromJson).toEqual(fromPb);
    const [vital, plain] = fromPb.resources[0].scopes[0].logs;
    expect(vital).toMatchObject({
      eventName: 'browser.web_vital',
      severityNumber: 9,
      severityText: 'INFO',
      body: { name: 'LCP', value: 1234.5 },
      attributes: { 'page.url': '/cart', 'vital.rating': 'good' },
    });
    expect(plain).toMatchObject({ eventName: '', body: 'plain message', severityNumber: 0 });
  });

  it.each([
    ['protobuf', ProtobufTraceSerializer, ProtobufLogsSerializer],
    ['json', JsonTraceSerializer, JsonLogsSerializer],
  ] as const)('the SDK parses our %s export responses', (encoding, traceSerializer, logsSerializer) => {
    const partial = { rejected: 3, message: 'dropped 3' };
    const traces = traceSerializer.deserializeResponse(encodeExportResponse('traces', encoding, partial));
    expect(Number(traces.partialSuccess?.rejectedSpans)).toBe(3);
    expect(traces.partialSuccess?.errorMessage).toBe('dropped 3');
    const logs = logsSerializer.deserializeResponse(encodeExportResponse('logs', encoding, partial));
    expect(Number(logs.partialSuccess?.rejectedLogRecords)).toBe(3);
    expect(
      traceSerializer.deserializeResponse(encodeExportResponse('traces', encoding)).partialSuccess,
    ).toBeFalsy();
  });
});
