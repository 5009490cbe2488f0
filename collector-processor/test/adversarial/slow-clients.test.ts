/**
 * Issue #12: the HTTP server had Node's defaults (60 s for headers, 300 s per request, no
 * connection cap), so slow clients (slowloris) could hold sockets and admitted ingest slots for
 * minutes. With small configured limits, a real processor cuts them off on time and keeps serving.
 */
import net from 'node:net';
import type { RunningProcessor } from '../../src/processor';
import { createProject, startTestProcessor, until } from '../helpers/processor';

jest.setTimeout(60_000);

const HEADERS_TIMEOUT_MS = 600;
const REQUEST_TIMEOUT_MS = 1500;
const KEEPALIVE_TIMEOUT_MS = 400;
const MAX_CONNECTIONS = 8;

let p: RunningProcessor;
let key: string;
let port: number;

beforeAll(async () => {
  p = await startTestProcessor({
    PULSETRACE_HEADERS_TIMEOUT_MS: String(HEADERS_TIMEOUT_MS),
    PULSETRACE_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS),
    PULSETRACE_KEEPALIVE_TIMEOUT_MS: String(KEEPALIVE_TIMEOUT_MS),
    PULSETRACE_MAX_CONNECTIONS: String(MAX_CONNECTIONS),
  });
  port = p.port;
  key = (await createProject(p.url)).ingestKey;
});
afterAll(() => p.stop());

/** A raw TCP client: what it received, and when the server closed it (ms after connecting). */
function rawClient() {
  const socket = net.connect(port, '127.0.0.1');
  const opened = Date.now();
  let received = '';
  socket.setEncoding('utf8');
  socket.on('data', (d) => (received += d));
  socket.on('error', () => {
    /* a reset counts as closed */
  });
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - opened)));
  let isClosed = false;
  void closed.then(() => (isClosed = true));
  const connected = new Promise<void>((resolve) => socket.once('connect', () => resolve()));
  return {
    socket,
    connected,
    closed,
    isClosed: () => isClosed,
    received: () => received,
    /** Writes `text` one byte every `everyMs` until done or the server closes the socket. */
    async drip(text: string, everyMs: number) {
      for (const ch of text) {
        if (isClosed || socket.destroyed) return;
        socket.write(ch);
        await new Promise((r) => setTimeout(r, everyMs));
      }
    },
  };
}

const healthy = async () => (await fetch(`${p.url}/healthz`)).status === 200;

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${p.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(name));
  return line ? Number(line.split(' ').pop()) : 0;
}

it('cuts off a client that sends its headers byte by byte once the headers timeout passes', async () => {
  const client = rawClient();
  const headers = `POST /v1/traces HTTP/1.1\r\nHost: x\r\nX-Pulsetrace-Key: ${key}\r\n${'X-Slow: y\r\n'.repeat(200)}\r\n`;
  void client.drip(headers, 20); // ~4000 bytes at 50/s: about 80 s if never cut off
  expect(await healthy()).toBe(true);
  const after = await client.closed;
  expect(after).toBeGreaterThanOrEqual(HEADERS_TIMEOUT_MS - 50);
  expect(after).toBeLessThan(HEADERS_TIMEOUT_MS * 4);
  expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
  expect(await healthy()).toBe(true);
});

it('cuts off an ingest body sent byte by byte at the request timeout, releasing its admission', async () => {
  const client = rawClient();
  await client.connected;
  const body = JSON.stringify({ resourceSpans: [] }).padEnd(2000, ' ');
  client.socket.write(
    `POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nX-Pulsetrace-Key: ${key}\r\nContent-Length: ${body.length}\r\n\r\n`,
  );
  void client.drip(body, 20); // 40 s if never cut off
  await until(async () => (await metric('pulsetrace_ingest_inflight_requests')) === 1, 5000, 'admitted');
  const after = await client.closed;
  expect(after).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
  expect(after).toBeLessThan(REQUEST_TIMEOUT_MS * 3);
  await until(
    async () => (await metric('pulsetrace_ingest_inflight_requests')) === 0,
    5000,
    'admission released',
  );
  expect(await metric('pulsetrace_ingest_inflight_bytes')).toBe(0);
});

it('closes an idle keep-alive connection after the keep-alive timeout', async () => {
  const client = rawClient();
  await client.connected;
  client.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  const after = await client.closed;
  expect(client.received()).toMatch(/^HTTP\/1\.1 200/);
  expect(after).toBeGreaterThanOrEqual(KEEPALIVE_TIMEOUT_MS - 50);
  expect(after).toBeLessThan(KEEPALIVE_TIMEOUT_MS + 2000);
});

it('caps connections: past the cap a new connection is closed at once, and accepted again later', async () => {
  // Let earlier tests' keep-alive sockets (fetch's pool) close first: they count too.
  await new Promise((r) => setTimeout(r, KEEPALIVE_TIMEOUT_MS + 200));
  const holders = Array.from({ length: MAX_CONNECTIONS }, () => rawClient());
  await Promise.all(holders.map((h) => h.connected));
  // Each holder keeps its socket busy with a slow request so none is idle.
  for (const h of holders) void h.drip('GET /healthz HTTP/1.1\r\nHost: x\r\n', 40);
  await new Promise((r) => setTimeout(r, 100));
  const extra = rawClient();
  extra.socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
  const after = await extra.closed;
  expect(after).toBeLessThan(HEADERS_TIMEOUT_MS);
  expect(extra.received()).toBe('');
  expect(holders.every((h) => !h.isClosed())).toBe(true);
  for (const h of holders) h.socket.destroy();
  await until(healthy, 5000, 'accepting again');
});
