import { ExportTraceServiceResponse, Status } from '../src/otlp/proto';
import type { RunningProcessor } from '../src/processor';
import { SIGNAL_TABLES } from '../src/store/rows';
import { fixtureBody, loadFixtures } from './helpers/fixtures';
import { encodeTraces, TracePayloads } from './helpers/otlp-payloads';
import { createProject, startTestProcessor } from './helpers/processor';

// The browser SDK resends a batch (keepalive on hide, two tabs, a lost answer) with the same
// x-pulsetrace-batch id: it is stored once per project. The kill -9 cases are in durability.test.ts.
let processor: RunningProcessor;
let nextSpan = 1_000_000n;

beforeAll(async () => {
  processor = await startTestProcessor();
});
afterAll(() => processor.stop());

const json = { 'content-type': 'application/json' };

function post(signal: 'traces' | 'logs', body: Buffer, headers: Record<string, string>, query = '') {
  return fetch(`${processor.url}/v1/${signal}${query}`, { method: 'POST', body, headers });
}

function traces(count: number, resource: Record<string, string> = { 'service.name': 'shop' }) {
  const payloads = new TracePayloads(resource, nextSpan);
  nextSpan += 1000n;
  return payloads.fetchSpans(count).spans;
}

/** Rows of a project across every signal table, once the WAL is drained. */
async function storedRows(projectId: string): Promise<number> {
  await processor.drained();
  const union = SIGNAL_TABLES.map((t) => `SELECT count() AS n FROM ${t} WHERE project_id = {p:String}`);
  const result = await processor.store.client.query({
    query: `SELECT sum(n) AS n FROM (${union.join(' UNION ALL ')})`,
    query_params: { p: projectId },
    format: 'JSONEachRow',
  });
  return Number((await result.json<{ n: string }>())[0].n);
}

async function batchRows(batchId: string): Promise<string[]> {
  await processor.drained();
  const result = await processor.store.client.query({
    query: 'SELECT project_id FROM ingest_batches WHERE batch_id = {b:String} ORDER BY project_id',
    query_params: { b: batchId },
    format: 'JSONEachRow',
  });
  return (await result.json<{ project_id: string }>()).map((r) => r.project_id);
}

async function duplicates(signal: string): Promise<number> {
  const text = await (await fetch(`${processor.url}/metrics`)).text();
  const match = new RegExp(`pulsetrace_ingest_duplicate_batches_total\\{signal="${signal}"\\} (\\d+)`).exec(
    text,
  );
  return match ? Number(match[1]) : 0;
}

describe('idempotent batches (x-pulsetrace-batch / ?batch=)', () => {
  const logsFixture = loadFixtures().find((f) => f.file === 'pulsetrace/conventions-00-logs.json')!;
  it.each([
    ['traces, JSON', 'traces', () => encodeTraces(traces(4), 'json')],
    ['traces, protobuf + gzip', 'traces', () => encodeTraces(traces(4), 'protobuf', true)],
    [
      'logs, JSON',
      'logs',
      () => ({
        body: fixtureBody(logsFixture),
        headers: { 'content-type': logsFixture.request.contentType },
      }),
    ],
  ] as const)(
    '%s: sent twice, stored once; both answers are 200 with an empty response',
    async (_n, signal, make) => {
      const { id, ingestKey } = await createProject(processor.url);
      const { body, headers } = make();
      const before = await duplicates(signal);
      const send = () =>
        post(signal, body, { ...headers, 'x-pulsetrace-key': ingestKey, 'x-pulsetrace-batch': `seq-${id}` });
      const first = await send();
      expect(first.status).toBe(200);
      const firstBody = Buffer.from(await first.arrayBuffer());
      const once = await storedRows(id);
      expect(once).toBeGreaterThan(0);
      const second = await send();
      expect(second.status).toBe(200);
      expect(second.headers.get('content-type')).toBe(first.headers.get('content-type'));
      expect(Buffer.from(await second.arrayBuffer())).toEqual(firstBody);
      expect(await storedRows(id)).toBe(once);
      expect(await batchRows(`seq-${id}`)).toEqual([id]);
      expect(await duplicates(signal)).toBe(before + 1);
    },
  );

  it('five concurrent copies are stored once', async () => {
    const { id, ingestKey } = await createProject(processor.url);
    const { body, headers } = encodeTraces(traces(6), 'json');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        post('traces', body, {
          ...headers,
          'x-pulsetrace-key': ingestKey,
          'x-pulsetrace-batch': 'concurrent-1',
        }),
      ),
    );
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect(await Promise.all(answers.map((r) => r.json()))).toEqual([{}, {}, {}, {}, {}]);
    expect(await storedRows(id)).toBe(6);
    expect(await batchRows('concurrent-1')).toEqual([id]);
  });

  it('?batch= (sendBeacon, which cannot set headers) and the header name the same batch', async () => {
    const { id, ingestKey } = await createProject(processor.url);
    const { body } = encodeTraces(traces(3), 'json');
    const beacon = await post('traces', body, json, `?key=${ingestKey}&batch=beacon-1`);
    expect(beacon.status).toBe(200);
    const retry = await post('traces', body, {
      ...json,
      'x-pulsetrace-key': ingestKey,
      'x-pulsetrace-batch': 'beacon-1',
    });
    expect(retry.status).toBe(200);
    const again = await post('traces', body, json, `?key=${ingestKey}&batch=beacon-1`);
    expect(again.status).toBe(200);
    expect(await storedRows(id)).toBe(3);
  });

  it('the same id in another project is another batch', async () => {
    const a = await createProject(processor.url);
    const b = await createProject(processor.url);
    const { body } = encodeTraces(traces(2), 'json');
    for (const p of [a, b, a, b]) {
      const res = await post('traces', body, {
        ...json,
        'x-pulsetrace-key': p.ingestKey,
        'x-pulsetrace-batch': 'shared-id',
      });
      expect(res.status).toBe(200);
    }
    expect([await storedRows(a.id), await storedRows(b.id)]).toEqual([2, 2]);
  });

  it('resource-attribute keys: a batch spanning two projects is marked, and stored once, for each', async () => {
    const a = await createProject(processor.url);
    const b = await createProject(processor.url);
    const part = (key: string) =>
      JSON.parse(
        encodeTraces(
          traces(2, { 'service.name': 'shop', 'pulsetrace.project.key': key }),
          'json',
        ).body.toString(),
      ).resourceSpans as unknown[];
    const body = Buffer.from(JSON.stringify({ resourceSpans: [...part(a.ingestKey), ...part(b.ingestKey)] }));
    for (let i = 0; i < 2; i++) {
      const res = await post('traces', body, { ...json, 'x-pulsetrace-batch': 'two-projects' });
      expect(res.status).toBe(200);
    }
    expect([await storedRows(a.id), await storedRows(b.id)]).toEqual([2, 2]);
    expect(await batchRows('two-projects')).toEqual([a.id, b.id].sort());
  });

  it.each([
    ['65 characters', { 'x-pulsetrace-batch': 'x'.repeat(65) }, ''],
    ['a space', { 'x-pulsetrace-batch': 'abc def' }, ''],
    ['an empty header', { 'x-pulsetrace-batch': '' }, ''],
    ['a dot in ?batch=', {}, '?batch=abc.def'],
    ['a repeated ?batch=', {}, '?batch=a&batch=b'],
  ])('an invalid batch id (%s) → 400 with a google.rpc.Status, nothing stored', async (_n, extra, query) => {
    const { id, ingestKey } = await createProject(processor.url);
    const { body, headers } = encodeTraces(traces(2), 'protobuf');
    const res = await post('traces', body, { ...headers, 'x-pulsetrace-key': ingestKey, ...extra }, query);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
    const status = Status.decode(new Uint8Array(await res.arrayBuffer()));
    expect(status.code).toBe(3);
    expect(status.message).toMatch(/^invalid batch id .*1-64 characters of A-Z, a-z, 0-9/);
    expect(await storedRows(id)).toBe(0);
  });

  it('without a batch id nothing changes: the same body twice is stored twice', async () => {
    const { id, ingestKey } = await createProject(processor.url);
    const { body, headers } = encodeTraces(traces(3), 'protobuf');
    for (let i = 0; i < 2; i++) {
      const res = await post('traces', body, { ...headers, 'x-pulsetrace-key': ingestKey });
      expect(res.status).toBe(200);
      expect(
        ExportTraceServiceResponse.decode(new Uint8Array(await res.arrayBuffer())).partialSuccess,
      ).toBeFalsy();
    }
    expect(await storedRows(id)).toBe(6);
  });

  it('a refused request (429) does not mark the batch; its retry is stored, and a duplicate costs no rate', async () => {
    const { id, ingestKey } = await createProject(processor.url, { name: 'limited', rateLimitPerSecond: 10 });
    const filler = encodeTraces(traces(15), 'json').body;
    expect((await post('traces', filler, { ...json, 'x-pulsetrace-key': ingestKey })).status).toBe(200);
    const { body } = encodeTraces(traces(15), 'json');
    const send = () =>
      post('traces', body, { ...json, 'x-pulsetrace-key': ingestKey, 'x-pulsetrace-batch': 'limited-1' });
    const refused = await send();
    expect(refused.status).toBe(429);
    await new Promise((r) => setTimeout(r, Number(refused.headers.get('retry-after')) * 1000 + 100));
    expect((await send()).status).toBe(200);
    // The bucket is empty now: only a request that stores nothing can still get a 200.
    expect((await send()).status).toBe(200);
    expect(await storedRows(id)).toBe(30);
  });

  it('CORS: a preflight allows the x-pulsetrace-batch header', async () => {
    await createProject(processor.url);
    const res = await fetch(`${processor.url}/v1/traces`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:3000',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, x-pulsetrace-key, x-pulsetrace-batch',
      },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/\bx-pulsetrace-batch\b/);
  });
});
