/**
 * Nothing dropped silently (issue #13 §4), against the real processor and embedded ClickHouse:
 * JSON that is not OTLP is refused; records that become no row are counted on /metrics by reason
 * and reported in the OTLP response's partial_success; the exporter's own posts are not stored.
 */
import { SpanKind, type Attributes } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { ExportTraceServiceResponse } from '../src/otlp/proto';
import type { RunningProcessor } from '../src/processor';
import { metricSamples } from './helpers/metrics';
import { encodeTraces } from './helpers/otlp-payloads';
import { createProject, startTestProcessor } from './helpers/processor';

jest.setTimeout(120_000);

let processor: RunningProcessor;

beforeAll(async () => {
  processor = await startTestProcessor();
});
afterAll(() => processor?.stop());

function post(path: string, key: string, body: Buffer | string, contentType = 'application/json') {
  return fetch(`${processor.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': contentType, 'x-pulsetrace-key': key },
    body,
  });
}

async function rows(table: string, projectId: string, column: string): Promise<string[]> {
  await processor.drained();
  const r = await processor.store.client.query({
    query: `SELECT ${column} AS v FROM ${table} WHERE project_id = {p:String} ORDER BY v`,
    query_params: { p: projectId },
    format: 'JSONEachRow',
  });
  return (await r.json<{ v: string }>()).map((x) => x.v);
}

const unmapped = () => metricSamples(processor.url, 'pulsetrace_ingest_records_unmapped_total');

const now = () => String(BigInt(Date.now()) * 1_000_000n);
const str = (key: string, value: string) => ({ key, value: { stringValue: value } });
const logsBody = (...records: object[]) =>
  JSON.stringify({
    resourceLogs: [
      { resource: { attributes: [str('service.name', 'shop')] }, scopeLogs: [{ logRecords: records }] },
    ],
  });
const customEvent = (name: string) => ({
  timeUnixNano: now(),
  eventName: name,
  attributes: [str('session.id', 's-1')],
});

describe('a JSON body that is not OTLP', () => {
  it('is refused with 400 and a message naming the expected field', async () => {
    const project = await createProject(processor.url, { name: 'not-otlp' });
    const res = await post('/v1/logs', project.ingestKey, '{"foo":1}');
    expect(res.status).toBe(400);
    const status = (await res.json()) as { code: number; message: string };
    expect(status.code).toBe(3);
    expect(status.message).toBe(
      'JSON body is not an OTLP logs export request: expected a "resourceLogs" array, found "foo"',
    );
  });

  it('while an empty request and OTLP with unknown extra fields are still accepted', async () => {
    const project = await createProject(processor.url, { name: 'otlp-extra-fields' });
    const empty = await post('/v1/logs', project.ingestKey, '{}');
    expect([empty.status, await empty.text()]).toEqual([200, '{}']);
    const emptyList = await post('/v1/traces', project.ingestKey, '{"resourceSpans":[]}');
    expect(emptyList.status).toBe(200);

    const withExtra = JSON.stringify({
      ...JSON.parse(logsBody(customEvent('signup'))),
      futureField: { x: 1 },
    });
    const res = await post('/v1/logs', project.ingestKey, withExtra);
    expect([res.status, await res.text()]).toEqual([200, '{}']);
    expect(await rows('custom_events', project.id, 'name')).toEqual(['signup']);
  });
});

/** Spans as the stock OTel web instrumentations make them, built and serialised by the real SDK. */
function traceSpans() {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ 'service.name': 'shop' }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const start = Date.now();
  const fetchSpan = (method: string, url: string) => {
    const tracer = provider.getTracer('@opentelemetry/instrumentation-fetch', '0.200.0');
    const attrs: Attributes = {
      'http.request.method': method,
      'url.full': url,
      'http.response.status_code': 200,
    };
    tracer
      .startSpan(`HTTP ${method}`, { kind: SpanKind.CLIENT, startTime: start, attributes: attrs })
      .end(start + 40);
  };
  provider
    .getTracer('app')
    .startSpan('checkout.submit', { startTime: start })
    .end(start + 5);
  fetchSpan('POST', 'https://otel-collector.example/v1/traces');
  fetchSpan('POST', 'https://faro-collector.example/collect/app-key');
  fetchSpan('GET', 'https://shop.example/api/cart');
  return exporter.getFinishedSpans();
}

describe('records that map to nothing', () => {
  it.each(['json', 'protobuf'] as const)(
    '%s: traces answer partial_success with rejectedSpans and the reasons; counted; exports not stored',
    async (encoding) => {
      const project = await createProject(processor.url, { name: `unmapped-${encoding}` });
      const before = await unmapped();
      const { body, headers } = encodeTraces(traceSpans(), encoding);
      const res = await post('/v1/traces', project.ingestKey, body, headers['content-type']);
      expect(res.status).toBe(200);
      let partial: { rejectedSpans: string; errorMessage: string };
      if (encoding === 'json') {
        partial = ((await res.json()) as { partialSuccess: typeof partial }).partialSuccess;
      } else {
        const decoded = ExportTraceServiceResponse.decode(new Uint8Array(await res.arrayBuffer()));
        partial = {
          rejectedSpans: String(decoded.partialSuccess!.rejectedSpans),
          errorMessage: decoded.partialSuccess!.errorMessage ?? '',
        };
      }
      expect(partial.rejectedSpans).toBe('3');
      expect(partial.errorMessage).toContain('1 span not stored: no RUM mapping for the span');
      expect(partial.errorMessage).toContain("2 spans not stored: the exporter's own request");
      expect(partial.errorMessage).toMatch(/\[unknown_span\].*\[self_telemetry\]/);

      const after = await unmapped();
      const delta = (labels: string) => (after[labels] ?? 0) - (before[labels] ?? 0);
      expect(delta('reason=unknown_span,signal=traces')).toBe(1);
      expect(delta('reason=self_telemetry,signal=traces')).toBe(2);
      expect(await rows('http_requests', project.id, 'http_url')).toEqual(['https://shop.example/api/cart']);
    },
  );

  it('logs: plain logs, console output and export resource timings are counted and reported', async () => {
    const project = await createProject(processor.url, { name: 'unmapped-logs' });
    const before = await unmapped();
    const body = logsBody(
      { timeUnixNano: now(), body: { stringValue: 'plain text log' } },
      { ...customEvent('browser.console'), attributes: [str('console.level', 'log')] },
      {
        ...customEvent('browser.resource_timing'),
        attributes: [str('url.full', 'http://localhost:4318/v1/logs'), str('session.id', 's-1')],
      },
      {
        ...customEvent('browser.resource_timing'),
        attributes: [str('url.full', 'https://cdn.example/app.js'), str('session.id', 's-1')],
      },
      customEvent('add_to_cart'),
    );
    const res = await post('/v1/logs', project.ingestKey, body);
    expect(res.status).toBe(200);
    const { partialSuccess } = (await res.json()) as {
      partialSuccess: { rejectedLogRecords: string; errorMessage: string };
    };
    expect(partialSuccess.rejectedLogRecords).toBe('3');
    for (const reason of ['[plain_log]', '[ignored_event]', '[self_telemetry]'])
      expect(partialSuccess.errorMessage).toContain(reason);
    const after = await unmapped();
    for (const reason of ['plain_log', 'ignored_event', 'self_telemetry'])
      expect(
        (after[`reason=${reason},signal=logs`] ?? 0) - (before[`reason=${reason},signal=logs`] ?? 0),
      ).toBe(1);
    expect(await rows('resources', project.id, 'resource_url')).toEqual(['https://cdn.example/app.js']);
    expect(await rows('custom_events', project.id, 'name')).toEqual(['add_to_cart']);
  });

  it('a request whose every record is stored answers without partial_success', async () => {
    const project = await createProject(processor.url, { name: 'all-mapped' });
    const res = await post('/v1/logs', project.ingestKey, logsBody(customEvent('checkout')));
    expect([res.status, await res.text()]).toEqual([200, '{}']);
  });
});
