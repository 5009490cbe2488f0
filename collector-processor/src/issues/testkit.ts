/**
 * Test helpers shared by test/issue-lifecycle.test.ts and test/issues-api.test.ts: OTLP error
 * payloads as the PulseTrace SDK sends them, a small client for the issue and release API, and
 * a second instance's ingest path. Not used by the processor itself.
 */
import { ApiTokenStore } from '../http/api-tokens';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../http/app';
import { RecentBatches } from '../ingest/batch-ids';
import { RateLimiter } from '../ingest/rate-limiter';
import { createMetrics } from '../observability/metrics';
import { startPipeline } from '../pipeline/registry';
import type { RunningProcessor } from '../processor';
import { ProjectStore } from '../projects/project-store';
import { clickhouseInserter } from '../store/insert';
import { BatchWriter, type BatchWriterHooks } from '../wal/batch-writer';
import { Wal } from '../wal/wal';

export interface ErrorBatch {
  /** Becomes the SDK's explicit fingerprint (`pulsetrace.exception.fingerprint`) and the message. */
  group: string;
  /** service.version; omitted when ''. */
  release: string;
  count?: number;
  /** user.id per event (index → id); none when omitted. */
  user?: (i: number) => string;
  session?: (i: number) => string;
  type?: string;
}

let sequence = 0;

const str = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** An OTLP/JSON logs request with `count` exception events of one group. */
export function exceptionLogs(b: ErrorBatch): string {
  const base = BigInt(Date.now()) * 1_000_000n;
  const logRecords = Array.from({ length: b.count ?? 1 }, (_, i) => {
    // Distinct times: the event id hashes the time and the record's position in the request.
    const time = (base + BigInt(++sequence) * 1000n).toString();
    const attributes = [
      str('exception.type', b.type ?? 'TypeError'),
      str('exception.message', `${b.group} failed`),
      str(
        'exception.stacktrace',
        `${b.type ?? 'TypeError'}: ${b.group} failed\n    at run (https://shop.example/app.js:1:10)`,
      ),
      str('pulsetrace.exception.fingerprint', b.group),
    ];
    const user = b.user?.(i);
    if (user) attributes.push(str('user.id', user));
    const session = b.session?.(i);
    if (session) attributes.push(str('session.id', session));
    return {
      timeUnixNano: time,
      observedTimeUnixNano: time,
      eventName: 'exception',
      severityNumber: 17,
      attributes,
    };
  });
  const resource = [str('service.name', 'shop')];
  if (b.release) resource.push(str('service.version', b.release));
  return JSON.stringify({
    resourceLogs: [
      { resource: { attributes: resource }, scopeLogs: [{ scope: { name: 'pulsetrace-test' }, logRecords }] },
    ],
  });
}

export async function postErrors(url: string, ingestKey: string, b: ErrorBatch): Promise<void> {
  const res = await fetch(`${url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pulsetrace-key': ingestKey },
    body: exceptionLogs(b),
  });
  if (res.status !== 200) throw new Error(`ingest: ${res.status} ${await res.text()}`);
}

export interface ApiAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
}

/** Calls /api/v1 with a bearer token; `actor` becomes X-Grafana-User, as Grafana's proxy sends it. */
export async function api<T = Record<string, unknown>>(
  url: string,
  token: string | undefined,
  method: string,
  path: string,
  body?: unknown,
  actor?: string,
): Promise<ApiAnswer<T>> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (actor) headers['x-grafana-user'] = actor;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${url}/api/v1${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as T };
}

/**
 * A second processor instance's ingest path on the first one's ClickHouse: its own HTTP server,
 * OTLP decoding, pipeline stages, project cache, WAL and batch writer. It shares only the
 * database, which is all instances share in production (CLICKHOUSE_URL). Two startProcessor()s
 * cannot share one embedded engine (one chDB per data path and process), so this is how two
 * independent writers meet in a test.
 */
export async function startSecondIngestPath(
  first: RunningProcessor,
  adminToken: string,
  hooks: BatchWriterHooks = {},
) {
  const { client } = first.store;
  const projects = new ProjectStore(client, { rateLimitPerSecond: 1_000_000 });
  await projects.refresh();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-second-'));
  const wal = Wal.open(path.join(dir, 'wal'), { segmentBytes: 1 << 20, maxBytes: 64 << 20 });
  const writer = new BatchWriter(
    wal,
    clickhouseInserter(first.store),
    { minRows: 1, maxRows: 10_000, maxWaitMs: 20 },
    first.log,
    hooks,
  );
  writer.start();
  const pipeline = await startPipeline({ client, log: first.log, symbolicator: first.symbolicator });
  const app = createApp({
    ingest: {
      projects,
      wal,
      limiter: new RateLimiter(),
      metrics: createMetrics(),
      maxBodyBytes: 1 << 20,
      batches: new RecentBatches({ windowMs: 86_400_000, maxEntries: 1000 }),
      pipeline,
    },
    client,
    tokens: { admin: adminToken, projects },
    apiTokens: new ApiTokenStore(client),
    symbolicator: first.symbolicator,
    log: first.log,
    isReady: () => true,
  });
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    async drained(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      while (!writer.isDrained()) {
        if (Date.now() > deadline) throw new Error(`second ingest path not drained after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await writer.stop({ drain: true });
      await pipeline.close();
      await wal.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
