import { SpanKind, SpanStatusCode, type Attributes } from '@opentelemetry/api';
import { JsonTraceSerializer, ProtobufTraceSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
  type ReadableSpan,
} from '@opentelemetry/sdk-trace-base';
import zlib from 'node:zlib';

/**
 * Builds OTLP trace payloads with the real OpenTelemetry JS SDK and its real serializers, shaped
 * like what the stock web instrumentations emit (fetch client spans, document load, exceptions).
 * Span ids come from a counter so tests can ask ClickHouse for each one by id.
 */
export class TracePayloads {
  private nextSpan: bigint;
  private readonly exporter = new InMemorySpanExporter();
  private readonly provider: BasicTracerProvider;

  constructor(resource: Attributes, firstSpanId = 1n) {
    this.nextSpan = firstSpanId;
    this.provider = new BasicTracerProvider({
      resource: resourceFromAttributes(resource),
      spanProcessors: [new SimpleSpanProcessor(this.exporter)],
      idGenerator: {
        generateTraceId: () => (this.nextSpan + 1n).toString(16).padStart(32, '0'),
        generateSpanId: () => (this.nextSpan++).toString(16).padStart(16, '0'),
      },
    });
  }

  /** `count` fetch client spans (old and stable HTTP attribute names alternate). Returns their span ids. */
  fetchSpans(
    count: number,
    startMs = Date.now(),
    extra: Attributes = {},
  ): { spans: ReadableSpan[]; spanIds: string[] } {
    const tracer = this.provider.getTracer('@opentelemetry/instrumentation-fetch', '0.200.0');
    for (let i = 0; i < count; i++) {
      const stable = i % 2 === 0;
      const url = `https://api.shop.example/v1/orders/${1000 + i}?page=2`;
      const span = tracer.startSpan('GET', { kind: SpanKind.CLIENT, startTime: startMs + i });
      span.setAttributes(
        stable
          ? {
              'http.request.method': 'GET',
              'url.full': url,
              'http.response.status_code': i % 10 === 0 ? 500 : 200,
              'server.address': 'api.shop.example',
            }
          : {
              'http.method': 'GET',
              'http.url': url,
              'http.status_code': 200,
              'http.host': 'api.shop.example',
              component: 'fetch',
            },
      );
      span.setAttribute('session.id', `session-${i % 7}`);
      span.setAttributes(extra);
      span.end(startMs + i + 120);
    }
    return this.drain();
  }

  /** One page load: a documentLoad span with navigation-timing events, plus an exception. */
  pageLoad(pageUrl: string, startMs = Date.now()): { spans: ReadableSpan[]; spanIds: string[] } {
    const tracer = this.provider.getTracer('@opentelemetry/instrumentation-document-load', '0.50.0');
    const span = tracer.startSpan('documentLoad', { startTime: startMs });
    span.setAttributes({
      'http.url': pageUrl,
      'http.user_agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0.0.0',
      'session.id': 'session-page',
    });
    const marks = [
      'fetchStart',
      'domainLookupStart',
      'domainLookupEnd',
      'connectStart',
      'secureConnectionStart',
      'connectEnd',
      'requestStart',
      'responseStart',
      'responseEnd',
      'domInteractive',
      'domContentLoadedEventStart',
      'domContentLoadedEventEnd',
      'domComplete',
      'loadEventStart',
      'loadEventEnd',
    ];
    marks.forEach((mark, i) => span.addEvent(mark, startMs + i * 15));
    span.recordException(
      Object.assign(new TypeError("Cannot read properties of undefined (reading 'id')"), {
        stack:
          "TypeError: Cannot read properties of undefined (reading 'id')\n    at renderCart (https://shop.example/assets/app-3f2a.js:1:2048)\n    at onClick (https://shop.example/assets/app-3f2a.js:1:977)",
      }),
    );
    span.setStatus({ code: SpanStatusCode.ERROR });
    span.end(startMs + 300);
    return this.drain();
  }

  private drain(): { spans: ReadableSpan[]; spanIds: string[] } {
    const spans = this.exporter.getFinishedSpans().slice();
    this.exporter.reset();
    return { spans, spanIds: spans.map((s) => s.spanContext().spanId) };
  }
}

export type Encoding = 'json' | 'protobuf';

export function encodeTraces(
  spans: ReadableSpan[],
  encoding: Encoding,
  gzip = false,
): { body: Buffer; headers: Record<string, string> } {
  const serializer = encoding === 'json' ? JsonTraceSerializer : ProtobufTraceSerializer;
  const raw = Buffer.from(serializer.serializeRequest(spans) as Uint8Array);
  const headers: Record<string, string> = {
    'content-type': encoding === 'json' ? 'application/json' : 'application/x-protobuf',
  };
  if (gzip) headers['content-encoding'] = 'gzip';
  return { body: gzip ? zlib.gzipSync(raw) : raw, headers };
}
