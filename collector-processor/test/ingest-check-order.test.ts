/**
 * The order of ingest's checks is part of its contract (ingest/ingest-service.ts): each request
 * here fails two checks and must get the answer of the earlier one. Content type → batch id →
 * WAL room → key → origin → gzip → size → decode; a resent batch is answered before the rate
 * limit. Real processor with a tiny WAL on embedded ClickHouse.
 */
import zlib from 'node:zlib';
import { encodeTraces, TracePayloads } from './helpers/otlp-payloads';
import { createProject, startTestProcessor } from './helpers/processor';
import type { RunningProcessor } from '../src/processor';

jest.setTimeout(60_000);

const MAX_BODY = 100_000;
const json = { 'content-type': 'application/json' };
const ORIGIN = 'http://localhost:3000';

let p: RunningProcessor;
let key: string;
beforeAll(async () => {
  p = await startTestProcessor({
    PULSETRACE_WAL_MAX_BYTES: '20000',
    PULSETRACE_MAX_BODY_BYTES: String(MAX_BODY),
  });
  key = (
    await createProject(p.url, { name: 'order', allowedOrigins: [ORIGIN], rateLimitPerSecond: 1_000_000 })
  ).ingestKey;
});
afterAll(() => p?.stop());

const spans = (n = 3) =>
  encodeTraces(new TracePayloads({ 'service.name': 'shop' }).fetchSpans(n).spans, 'json').body;

async function post(headers: Record<string, string>, body: Buffer | string, query = '') {
  const res = await fetch(`${p.url}/v1/traces${query}`, { method: 'POST', headers, body });
  return { status: res.status, text: await res.text() };
}

describe('with room in the WAL', () => {
  it.each<[string, Record<string, string>, Buffer | string, number, RegExp]>([
    [
      'content type before key',
      { 'content-type': 'text/plain', 'x-pulsetrace-key': 'nope' },
      '{}',
      415,
      /content type/,
    ],
    [
      'batch id before key',
      { ...json, 'x-pulsetrace-key': 'nope', 'x-pulsetrace-batch': 'not ok!' },
      '{}',
      400,
      /batch id/,
    ],
    [
      'key before gzip',
      { ...json, 'x-pulsetrace-key': 'nope', 'content-encoding': 'gzip' },
      'not gzip',
      401,
      /ingest key/,
    ],
    ['key before decode', { ...json, 'x-pulsetrace-key': 'nope' }, '{"resourceSpans": 7}', 401, /ingest key/],
  ])('%s', async (_, headers, body, status, message) => {
    const res = await post(headers, body);
    expect(res.status).toBe(status);
    expect(res.text).toMatch(message);
  });

  it('origin before gzip', async () => {
    const headers = {
      ...json,
      'x-pulsetrace-key': key,
      origin: 'https://evil.example',
      'content-encoding': 'gzip',
    };
    const res = await post(headers, 'not gzip');
    expect(res.status).toBe(403);
  });

  it('size before decode: an inflated body over the bound is 413, not malformed', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(MAX_BODY + 1, 'x'));
    const res = await post({ ...json, 'x-pulsetrace-key': key, 'content-encoding': 'gzip' }, bomb);
    expect(res.status).toBe(413);
  });

  it('a resent batch is answered as stored before the rate limit charges it', async () => {
    const limited = await createProject(p.url, { name: 'limited', rateLimitPerSecond: 1 });
    const headers = { ...json, 'x-pulsetrace-key': limited.ingestKey };
    const batch = { ...headers, 'x-pulsetrace-batch': 'order-batch-1' };
    expect((await post(batch, spans(10))).status).toBe(200);
    // The bucket (2 records of burst) is empty now: a new batch waits, the resent one does not.
    expect((await post(headers, spans(10))).status).toBe(429);
    expect((await post(batch, spans(10))).status).toBe(200);
  });
});

describe('with the WAL full', () => {
  beforeAll(async () => {
    p.failpoint.fail();
    for (let i = 0; i < 50; i++) {
      const res = await post({ ...json, 'x-pulsetrace-key': key }, spans(10));
      if (res.status === 503) return;
      expect(res.status).toBe(200);
    }
    throw new Error('the WAL did not fill');
  });
  afterAll(async () => {
    p.failpoint.lift();
    await p.drained();
  });

  it.each<[string, Record<string, string>, string, number]>([
    ['content type before WAL room', { 'content-type': 'text/plain' }, '{}', 415],
    ['batch id before WAL room', { ...json, 'x-pulsetrace-batch': 'not ok!' }, '{}', 400],
    ['WAL room before key', { ...json, 'x-pulsetrace-key': 'nope' }, '{}', 503],
    ['WAL room before decode', { ...json }, '{"resourceSpans": 7}', 503],
  ])('%s', async (_, headers, body, status) => {
    expect((await post(headers, body)).status).toBe(status);
  });
});
