import zlib from 'node:zlib';
import { Status } from '../src/otlp/proto';
import type { RunningProcessor } from '../src/processor';
import { encodeTraces, TracePayloads } from './helpers/otlp-payloads';
import { createProject, startTestProcessor } from './helpers/processor';

let processor: RunningProcessor;
let key: string;
const MAX_BODY = 256 * 1024;

beforeAll(async () => {
  processor = await startTestProcessor({ PULSETRACE_MAX_BODY_BYTES: String(MAX_BODY) });
  ({ ingestKey: key } = await createProject(processor.url));
});
afterAll(() => processor.stop());

function post(path: string, body: Buffer | string, headers: Record<string, string>) {
  return fetch(`${processor.url}${path}`, { method: 'POST', body, headers });
}

const json = { 'content-type': 'application/json' };
const protobuf = { 'content-type': 'application/x-protobuf' };

async function jsonStatus(res: Response): Promise<{ code: number; message: string }> {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  return (await res.json()) as { code: number; message: string };
}

describe('bad input gets its documented status, and the process stays healthy', () => {
  const cases: {
    name: string;
    send: () => Promise<Response>;
    status: number;
    check?: (res: Response) => Promise<void>;
  }[] = [
    {
      name: 'malformed protobuf → 400 with a protobuf google.rpc.Status',
      send: () =>
        post('/v1/traces', Buffer.from([0x0a, 0xff, 0xff, 0xff, 0x0f, 0x01]), {
          ...protobuf,
          'x-pulsetrace-key': key,
        }),
      status: 400,
      check: async (res) => {
        expect(res.headers.get('content-type')).toMatch(/^application\/x-protobuf/);
        const status = Status.decode(new Uint8Array(await res.arrayBuffer()));
        expect(status.code).toBe(3);
        expect(status.message.length).toBeGreaterThan(10);
      },
    },
    {
      name: 'malformed JSON → 400 with a JSON Status',
      send: () => post('/v1/traces', '{"resourceSpans": [', { ...json, 'x-pulsetrace-key': key }),
      status: 400,
      check: async (res) => expect((await jsonStatus(res)).code).toBe(3),
    },
    {
      name: 'JSON of the wrong shape → 400',
      send: () =>
        post('/v1/logs', '{"resourceLogs": [{"scopeLogs": [{"logRecords": [{"traceId": "xyz"}]}]}]}', {
          ...json,
          'x-pulsetrace-key': key,
        }),
      status: 400,
    },
    {
      name: 'wrong content type → 415',
      send: () => post('/v1/traces', 'hello', { 'content-type': 'text/plain', 'x-pulsetrace-key': key }),
      status: 415,
      check: async (res) =>
        expect((await jsonStatus(res)).message).toMatch(/application\/x-protobuf or application\/json/),
    },
    {
      name: 'gzip bomb (64 MiB of zeros in ~64 KiB) → 413',
      send: () =>
        post('/v1/traces', zlib.gzipSync(Buffer.alloc(64 * 1024 * 1024)), {
          ...protobuf,
          'content-encoding': 'gzip',
          'x-pulsetrace-key': key,
        }),
      status: 413,
    },
    {
      name: 'corrupt gzip → 400',
      send: () =>
        post('/v1/traces', Buffer.from('not gzip at all'), {
          ...json,
          'content-encoding': 'gzip',
          'x-pulsetrace-key': key,
        }),
      status: 400,
    },
    {
      name: 'oversize body on the wire → 413',
      send: () => post('/v1/traces', Buffer.alloc(MAX_BODY + 1, 0x20), { ...json, 'x-pulsetrace-key': key }),
      status: 413,
    },
    {
      name: 'unknown key → 401',
      send: () =>
        post('/v1/traces', encodeTraces(new TracePayloads({}).fetchSpans(1).spans, 'json').body, {
          ...json,
          'x-pulsetrace-key': 'pt_nope',
        }),
      status: 401,
    },
    {
      name: 'no key anywhere → 401',
      send: () =>
        post('/v1/traces', encodeTraces(new TracePayloads({}).fetchSpans(1).spans, 'json').body, json),
      status: 401,
    },
    {
      name: 'origin not allowed → 403',
      send: () =>
        post('/v1/traces', encodeTraces(new TracePayloads({}).fetchSpans(1).spans, 'json').body, {
          ...json,
          'x-pulsetrace-key': key,
          origin: 'https://evil.example',
        }),
      status: 403,
    },
    {
      name: 'unsupported content encoding → 415',
      send: () =>
        post('/v1/traces', Buffer.from('x'), { ...json, 'content-encoding': 'br', 'x-pulsetrace-key': key }),
      status: 415,
    },
  ];

  it.each(cases)('$name', async ({ send, status, check }) => {
    const res = await send();
    expect(res.status).toBe(status);
    if (check) await check(res);
    else await res.arrayBuffer();
    expect((await fetch(`${processor.url}/healthz`)).status).toBe(200);
  });

  it('huge attribute values are truncated, recorded, and the rest of the request is stored', async () => {
    const payloads = new TracePayloads({ 'service.name': 'shop' }, 900_000n);
    const { spans, spanIds } = payloads.fetchSpans(3, Date.now(), { 'app.huge': 'h'.repeat(60_000) });
    const res = await post('/v1/traces', encodeTraces(spans, 'protobuf').body, {
      ...protobuf,
      'x-pulsetrace-key': key,
    });
    expect(res.status).toBe(200);
    await processor.drained();
    const rows = await processor.store.client.query({
      query:
        "SELECT span_id, truncated, length(attributes['app.huge']) AS huge FROM http_requests WHERE span_id IN {ids:Array(String)}",
      query_params: { ids: spanIds },
      format: 'JSONEachRow',
    });
    const found = await rows.json<{ span_id: string; truncated: number; huge: number }>();
    expect(found.map((r) => r.span_id).sort()).toEqual([...spanIds].sort());
    expect(found.every((r) => Number(r.truncated) > 0 && Number(r.huge) <= 4096)).toBe(true);
  });

  it('still accepts and stores valid data after all of the above', async () => {
    const { spans, spanIds } = new TracePayloads({ 'service.name': 'shop' }, 800_000n).fetchSpans(5);
    const res = await post('/v1/traces', encodeTraces(spans, 'json').body, {
      ...json,
      'x-pulsetrace-key': key,
    });
    expect(res.status).toBe(200);
    await processor.drained();
    const stored = await processor.store.client.query({
      query: 'SELECT count() AS n FROM http_requests WHERE span_id IN {ids:Array(String)}',
      query_params: { ids: spanIds },
      format: 'JSONEachRow',
    });
    expect(Number((await stored.json<{ n: string }>())[0].n)).toBe(5);
    const metrics = await (await fetch(`${processor.url}/metrics`)).text();
    for (const reason of [
      'malformed',
      'unsupported_media_type',
      'too_large',
      'unknown_key',
      'origin_not_allowed',
    ]) {
      expect(metrics).toMatch(new RegExp(`pulsetrace_ingest_rejected_total\\{reason="${reason}"\\} [1-9]`));
    }
  });

  it('answers 429 with Retry-After when a project exceeds its rate limit', async () => {
    const { ingestKey } = await createProject(processor.url, { name: 'limited', rateLimitPerSecond: 10 });
    const payload = encodeTraces(new TracePayloads({}, 700_000n).fetchSpans(15).spans, 'json').body;
    const first = await post('/v1/traces', payload, { ...json, 'x-pulsetrace-key': ingestKey });
    expect(first.status).toBe(200);
    const second = await post('/v1/traces', payload, { ...json, 'x-pulsetrace-key': ingestKey });
    expect(second.status).toBe(429);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });
});
