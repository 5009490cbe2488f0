/**
 * Issue #12: concurrent large bodies grew the heap without bound (128 × 4.5 MB took RSS to
 * 2.9 GB, with no 429/503). Ingest now admits requests within an in-flight bound on body bytes
 * and on request count, and refuses the rest with 503 + Retry-After before reading their bodies.
 * Here a real processor with small bounds is held at them by clients that declare large bodies
 * and hold them back; RSS under real load is in bench/ingest (--memory) and docs/benchmarks.md.
 */
import http from 'node:http';
import type { RunningProcessor } from '../../src/processor';
import { encodeTraces, TracePayloads } from '../helpers/otlp-payloads';
import { createProject, startTestProcessor, until } from '../helpers/processor';

jest.setTimeout(120_000);

const KiB = 1024;
const MAX_BODY = 256 * KiB;
const MAX_IN_FLIGHT = 600 * KiB;
const MAX_CONCURRENT = 4;

let processor: RunningProcessor;
let key: string;
let projectId: string;
const payloads = new TracePayloads({ 'service.name': 'memory-bound' });

beforeAll(async () => {
  processor = await startTestProcessor({
    PULSETRACE_MAX_BODY_BYTES: String(MAX_BODY),
    PULSETRACE_INGEST_MAX_INFLIGHT_BYTES: String(MAX_IN_FLIGHT),
    PULSETRACE_INGEST_MAX_CONCURRENT: String(MAX_CONCURRENT),
  });
  ({ ingestKey: key, id: projectId } = await createProject(processor.url));
});
afterAll(() => processor.stop());

/** A valid OTLP/JSON export of `spans` fetch spans, padded with JSON whitespace to `size` bytes. */
function exportOf(spans: number, size?: number): Buffer {
  const body = encodeTraces(payloads.fetchSpans(spans).spans, 'json').body;
  if (size === undefined) return body;
  if (body.length > size) throw new Error(`export of ${body.length} bytes does not fit ${size}`);
  return Buffer.concat([body, Buffer.alloc(size - body.length, 0x20)]);
}

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * A POST whose headers go out at once and whose body the client holds: `sent` bytes now, the
 * rest on finish(). `answer` resolves as soon as the server responds, body read or not.
 */
function heldPost(body: Buffer, sent: number, { chunked = false } = {}) {
  const req = http.request(`${processor.url}/v1/traces`, {
    method: 'POST',
    agent: false,
    headers: {
      'content-type': 'application/json',
      'x-pulsetrace-key': key,
      ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(body.length) }),
    },
  });
  req.on('error', () => {
    /* the server may close after refusing; the answer is what matters */
  });
  const answer = new Promise<Answer>((resolve) => {
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: text }));
    });
  });
  req.flushHeaders();
  if (sent > 0) req.write(body.subarray(0, sent));
  let answered = false;
  void answer.then(() => (answered = true));
  return {
    answer,
    answeredYet: () => answered,
    /** Sends `bytes` more of the body (for chunked: as one chunk). */
    send: (from: number, to: number) =>
      new Promise<void>((r) => req.write(body.subarray(from, to), () => r())),
    finish: () => req.end(body.subarray(sent)),
  };
}

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${processor.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').pop()) : 0;
}

async function storedRows(): Promise<number> {
  const result = await processor.store.client.query({
    query: 'SELECT count() AS n FROM http_requests WHERE project_id = {p:String}',
    query_params: { p: projectId },
    format: 'JSONEachRow',
  });
  return Number(((await result.json()) as Array<{ n: string }>)[0]!.n);
}

const expectRefused = (a: Answer, reason: RegExp) => {
  expect(a.status).toBe(503);
  expect(a.headers['retry-after']).toBe('1');
  expect(a.headers.connection).toBe('close');
  expect(JSON.parse(a.body).message).toMatch(reason);
};

it('refuses bodies past the in-flight bounds before reading them; what it admits is stored', async () => {
  // Two admitted requests declare 250 KiB each (500 of 600 KiB) and hold their bodies back.
  const bigSpans = 200;
  const big = [exportOf(bigSpans, 250 * KiB), exportOf(bigSpans, 250 * KiB)];
  const holders = big.map((body) => heldPost(body, 1000));
  await until(
    async () => (await metric('pulsetrace_ingest_inflight_bytes')) === 500 * KiB,
    10_000,
    'both admitted',
  );

  // A third large body would pass 600 KiB: answered while its client still holds every byte.
  const third = heldPost(exportOf(bigSpans, 200 * KiB), 0);
  expectRefused(await third.answer, /bytes of bodies/);

  // A chunked body declares nothing: refused once the bytes it streams cross the bound.
  const chunkedBody = exportOf(bigSpans, 200 * KiB);
  const chunked = heldPost(chunkedBody, 0, { chunked: true });
  for (let at = 0; at < chunkedBody.length && !chunked.answeredYet(); at += 16 * KiB) {
    await chunked.send(at, at + 16 * KiB);
    await new Promise((r) => setTimeout(r, 5));
  }
  expectRefused(await chunked.answer, /bytes of bodies/);
  expect(chunked.answeredYet()).toBe(true);

  // Within the bounds, a normal small request is admitted and stored meanwhile.
  const small = await fetch(`${processor.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pulsetrace-key': key },
    body: exportOf(3),
  });
  expect(small.status).toBe(200);

  // Fill the request slots with two more held (small) requests: the next one is refused.
  const smallHolders = [exportOf(2, 4 * KiB), exportOf(2, 4 * KiB)].map((b) => heldPost(b, 10));
  await until(
    async () => (await metric('pulsetrace_ingest_inflight_requests')) === 4,
    10_000,
    'four in flight',
  );
  const fifth = heldPost(exportOf(2, 4 * KiB), 0);
  expectRefused(await fifth.answer, /4 requests in flight/);
  expect(holders.some((h) => h.answeredYet())).toBe(false);

  // The held requests complete and are stored: nothing admitted is lost.
  for (const h of [...holders, ...smallHolders]) h.finish();
  for (const h of [...holders, ...smallHolders]) expect((await h.answer).status).toBe(200);
  await processor.drained();
  expect(await storedRows()).toBe(2 * bigSpans + 3 + 2 * 2);

  // Everything is released, and the refusals are counted by reason.
  await until(async () => (await metric('pulsetrace_ingest_inflight_bytes')) === 0, 10_000, 'bytes released');
  expect(await metric('pulsetrace_ingest_inflight_requests')).toBe(0);
  expect(await metric('pulsetrace_ingest_rejected_total{reason="in_flight_bytes"}')).toBe(2);
  expect(await metric('pulsetrace_ingest_rejected_total{reason="in_flight_requests"}')).toBe(1);
});

it('counts a gzip body’s decompressed size against the bound while it is inflated and processed', async () => {
  // One request holding 500 KiB; a gzip body that is small on the wire but inflates to 200 KiB.
  const holder = heldPost(exportOf(200, 250 * KiB), 100);
  const other = heldPost(exportOf(200, 250 * KiB), 100);
  await until(
    async () => (await metric('pulsetrace_ingest_inflight_bytes')) === 500 * KiB,
    10_000,
    'admitted',
  );
  const zlib = await import('node:zlib');
  const gz = zlib.gzipSync(exportOf(20, 200 * KiB));
  const res = await fetch(`${processor.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-pulsetrace-key': key },
    body: gz,
  });
  expect(gz.length).toBeLessThan(20 * KiB);
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('1');
  holder.finish();
  other.finish();
  expect((await holder.answer).status).toBe(200);
  expect((await other.answer).status).toBe(200);
  // Alone, the same gzip body is admitted.
  const again = await fetch(`${processor.url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', 'x-pulsetrace-key': key },
    body: gz,
  });
  expect(again.status).toBe(200);
});
