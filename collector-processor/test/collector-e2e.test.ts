/**
 * End to end through the real OpenTelemetry Collector (otelcol-pulsetrace built from our builder
 * manifest, running our config.yaml) into the processor and embedded ClickHouse, plus telemetrygen
 * as an independent OTLP client.
 */
import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import { decodeOtlp } from '../src/otlp';
import { mapResource } from '../src/pipeline/map';
import type { RunningProcessor } from '../src/processor';
import { SIGNAL_TABLES, type SignalTable } from '../src/store/rows';
import { fixtureBody, loadFixtures } from './helpers/fixtures';
import { metricSamples } from './helpers/metrics';
import { ensureOtelcolBinary, startOtelcol, type RunningOtelcol } from './helpers/otelcol';
import { encodeTraces, TracePayloads } from './helpers/otlp-payloads';
import { createProject, startTestProcessor, until } from './helpers/processor';

jest.setTimeout(20 * 60_000);

let processor: RunningProcessor;
let collector: RunningOtelcol;

beforeAll(async () => {
  processor = await startTestProcessor();
  collector = await startOtelcol({
    processorUrl: processor.url,
    set: { 'processors.batch.timeout': '100ms' },
  });
});
afterAll(async () => {
  await collector?.stop();
  await processor?.stop();
});

async function rowCounts(projectId: string): Promise<Record<SignalTable, number>> {
  const out = {} as Record<SignalTable, number>;
  for (const table of SIGNAL_TABLES) {
    const r = await processor.store.client.query({
      query: `SELECT count() AS n FROM ${table} WHERE project_id = {p:String}`,
      query_params: { p: projectId },
      format: 'JSONEachRow',
    });
    out[table] = Number((await r.json<{ n: string }>())[0].n);
  }
  return out;
}

async function storedSpanIds(projectId: string, ids: string[]): Promise<string[]> {
  const r = await processor.store.client.query({
    query:
      'SELECT span_id FROM http_requests WHERE project_id = {p:String} AND span_id IN {ids:Array(String)} ORDER BY span_id',
    query_params: { p: projectId, ids },
    format: 'JSONEachRow',
  });
  return (await r.json<{ span_id: string }>()).map((x) => x.span_id);
}

async function receivedRecords(signal: 'traces' | 'logs'): Promise<number> {
  const text = await (await fetch(`${processor.url}/metrics`)).text();
  const m = new RegExp(`pulsetrace_ingest_records_received_total\\{signal="${signal}"\\} (\\d+)`).exec(text);
  return m ? Number(m[1]) : 0;
}

describe('browser → otelcol-pulsetrace → processor → ClickHouse', () => {
  it.each([
    ['JSON', 'json', false],
    ['protobuf + gzip', 'protobuf', true],
  ] as const)('%s with the key header lands as rows, each once', async (_name, encoding, gzip) => {
    const project = await createProject(processor.url, { name: `e2e-${encoding}` });
    const { spans, spanIds } = new TracePayloads(
      { 'service.name': 'shop' },
      encoding === 'json' ? 10_000n : 20_000n,
    ).fetchSpans(40);
    const { body, headers } = encodeTraces(spans, encoding, gzip);
    const res = await fetch(`${collector.url}/v1/traces`, {
      method: 'POST',
      headers: { ...headers, 'x-pulsetrace-key': project.ingestKey, origin: 'http://localhost:3000' },
      body,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    await until(
      async () => (await storedSpanIds(project.id, spanIds)).length === 40,
      30_000,
      'spans in ClickHouse',
    );
    await processor.drained();
    expect(await storedSpanIds(project.id, spanIds)).toEqual([...spanIds].sort());
  });

  it("answers the browser's preflight for every header @pulsetrace/web sends", async () => {
    // sdk/src/transport/sender.ts: content-type and the key always, the batch id, gzip when it can.
    const requested = ['content-type', 'content-encoding', 'x-pulsetrace-key', 'x-pulsetrace-batch'];
    // node:http, as fetch() may not send the Access-Control-Request-* headers a browser sends.
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(`${collector.url}/v1/traces`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:3000',
          'access-control-request-method': 'POST',
          // As browsers send it: lower-case, sorted, no spaces (the collector's CORS insists).
          'access-control-request-headers': [...requested].sort().join(','),
        },
      });
      req
        .on('response', (r) => (r.resume(), resolve(r)))
        .on('error', reject)
        .end();
    });
    expect(res.statusCode).toBeLessThan(300);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:3000');
    const allowed = String(res.headers['access-control-allow-headers'] ?? '')
      .toLowerCase()
      .split(/\s*,\s*/);
    expect(allowed).toEqual(expect.arrayContaining(requested));
  });

  it('routes by the pulsetrace.project.key resource attribute when no header is sent', async () => {
    const project = await createProject(processor.url, { name: 'e2e-resource-key' });
    const { spans, spanIds } = new TracePayloads(
      { 'service.name': 'shop', 'pulsetrace.project.key': project.ingestKey },
      30_000n,
    ).fetchSpans(5);
    const { body, headers } = encodeTraces(spans, 'protobuf');
    expect((await fetch(`${collector.url}/v1/traces`, { method: 'POST', headers, body })).status).toBe(200);
    await until(
      async () => (await storedSpanIds(project.id, spanIds)).length === 5,
      30_000,
      'spans in ClickHouse',
    );
    const attrs = await processor.store.client.query({
      query:
        "SELECT countIf(mapContains(attributes, 'pulsetrace.project.key')) AS leaked FROM http_requests WHERE project_id = {p:String}",
      query_params: { p: project.id },
      format: 'JSONEachRow',
    });
    expect(Number((await attrs.json<{ leaked: string }>())[0].leaked)).toBe(0);
  });

  it('maps every captured foreign-SDK payload the same through the collector as directly', async () => {
    const fixtures = loadFixtures();
    // Retention long enough that the captured timestamps are never dropped by TTL.
    const project = await createProject(processor.url, { name: 'e2e-fixtures', retentionDays: 3650 });
    const expected = Object.fromEntries(SIGNAL_TABLES.map((t) => [t, 0])) as Record<SignalTable, number>;
    for (const fixture of fixtures) {
      for (const resource of decodeOtlp(fixture.signal, fixtureBody(fixture), fixture.request.encoding)
        .resources) {
        const mapped = mapResource(resource, {
          projectId: project.id,
          retentionDays: 3650,
          receivedAtMs: Date.now(),
        });
        for (const t of SIGNAL_TABLES) expected[t] += mapped.rows[t].length;
      }
      const res = await fetch(`${collector.url}/v1/${fixture.signal}`, {
        method: 'POST',
        headers: { 'content-type': fixture.request.contentType, 'x-pulsetrace-key': project.ingestKey },
        body: fixtureBody(fixture),
      });
      expect([fixture.file, res.status]).toEqual([fixture.file, 200]);
    }
    const total = Object.values(expected).reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(50);
    await until(
      async () => Object.values(await rowCounts(project.id)).reduce((a, b) => a + b, 0) >= total,
      60_000,
      'fixture rows',
    );
    await processor.drained();
    expect(await rowCounts(project.id)).toEqual(expected);
  });
});

describe('telemetrygen as an independent OTLP client', () => {
  let telemetrygen: string;
  beforeAll(async () => {
    telemetrygen = await ensureOtelcolBinary('telemetrygen');
  });

  // Asynchronous on purpose: the processor under test runs in this process's event loop.
  async function run(args: string[]) {
    await promisify(execFile)(telemetrygen, args, { timeout: 120_000 }).catch(
      (err: Error & { stderr?: string }) => {
        throw new Error(`telemetrygen ${args.join(' ')} failed: ${err.message}\n${err.stderr ?? ''}`);
      },
    );
  }

  const unmapped = () => metricSamples(processor.url, 'pulsetrace_ingest_records_unmapped_total');

  // Its spans and plain logs have no RUM meaning: the processor answers partial_success with them
  // all rejected, which telemetrygen takes for a failed export (the collector takes it as a success
  // and logs it), hence --allow-export-failures directly; the unmapped counts below show they came.
  it.each([
    ['directly to the processor', () => processor.url, ['--allow-export-failures']],
    ['through the collector', () => collector.url, []],
  ])('traces and logs %s are accepted and counted', async (how, target, flags) => {
    const { ingestKey } = await createProject(processor.url, { name: `telemetrygen ${how}` });
    const endpoint = target().replace('http://', '');
    const before = { traces: await receivedRecords('traces'), logs: await receivedRecords('logs') };
    const unmappedBefore = await unmapped();
    const common = [
      ...flags,
      '--otlp-http',
      '--otlp-endpoint',
      endpoint,
      '--otlp-insecure',
      '--rate',
      '0',
      '--otlp-header',
      `x-pulsetrace-key="${ingestKey}"`,
    ];
    await run(['traces', ...common, '--traces', '50']);
    await run(['logs', ...common, '--logs', '30']);
    // telemetrygen's spans come in pairs (parent + child); its logs one each.
    await until(
      async () => (await receivedRecords('traces')) - before.traces >= 100,
      30_000,
      'telemetrygen spans',
    );
    await until(async () => (await receivedRecords('logs')) - before.logs >= 30, 30_000, 'telemetrygen logs');
    const delta = async (labels: string) => ((await unmapped())[labels] ?? 0) - (unmappedBefore[labels] ?? 0);
    await until(
      async () => (await delta('reason=unknown_span,signal=traces')) === 100,
      30_000,
      'spans counted',
    );
    await until(async () => (await delta('reason=plain_log,signal=logs')) === 30, 30_000, 'logs counted');
  });
});
