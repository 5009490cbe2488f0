/**
 * A real PulseTrace processor for the Go backend's tests (pkg/plugin/processor_test.go), on a free
 * loopback port with an embedded ClickHouse in a temporary data dir. It makes one project, a read,
 * a write and an admin token, sends a small shop's signals through the real OTLP ingest (page
 * views, web vitals, errors, custom events as OTLP/JSON logs; fetch spans as OTLP/JSON traces)
 * from two releases, waits until they are stored, then prints one JSON line (url, tokens, ids) and
 * runs until it gets SIGTERM or its parent exits, removing its data dir on the way out.
 *
 * Run from the repository root: node --import tsx scripts/start-test-processor.ts
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startTestProcessor, ADMIN_TOKEN, until } from '../collector-processor/test/helpers/processor';
import { encodeTraces, TracePayloads } from '../collector-processor/test/helpers/otlp-payloads';

const MINUTE = 60_000;
const RELEASES = ['1.0.0', '1.1.0'];
const ROUTES = ['/', '/products', '/checkout'];

type AttrValue = string | number | boolean;
const attrs = (o: Record<string, AttrValue>) =>
  Object.entries(o).map(([key, v]) => ({
    key,
    value:
      typeof v === 'number'
        ? Number.isInteger(v)
          ? { intValue: v }
          : { doubleValue: v }
        : typeof v === 'boolean'
          ? { boolValue: v }
          : { stringValue: v },
  }));
const nanos = (ms: number) => String(BigInt(Math.round(ms)) * 1_000_000n);

async function api<T>(url: string, method: string, token: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) {
    throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  }
  return (await res.json()) as T;
}

/** One release's browsers over the last hour: page views, vitals, errors and custom events. */
function logsOf(release: string, now: number): string {
  const logRecords = [];
  for (let i = 0; i < 12; i++) {
    const at = now - (55 - i * 4) * MINUTE - (release === RELEASES[0] ? 30_000 : 0);
    const route = ROUTES[i % ROUTES.length];
    const page = {
      'browser.document.url.full': `https://shop.example${route}`,
      'session.id': `session-${release}-${i % 4}`,
      'enduser.pseudo.id': `visitor-${i % 5}`,
      'browser.name': i % 2 ? 'Firefox' : 'Chrome',
    };
    const record = (eventName: string, extra: Record<string, AttrValue>, body?: unknown) => ({
      timeUnixNano: nanos(at),
      eventName,
      attributes: attrs({ ...page, ...extra }),
      ...(body ? { body } : {}),
    });
    logRecords.push(record('browser.navigation', { 'browser.navigation.type': 'navigate' }));
    logRecords.push(
      record('browser.web_vital', {
        'browser.web_vital.name': 'lcp',
        'browser.web_vital.value': 1800 + i * 150 + (release === RELEASES[1] ? 400 : 0),
        'browser.web_vital.rating': i > 8 ? 'needs-improvement' : 'good',
      }),
    );
    logRecords.push(
      record('browser.web_vital', {
        'browser.web_vital.name': 'cls',
        'browser.web_vital.value': 0.02 * (i % 6),
        'browser.web_vital.rating': 'good',
      }),
    );
    if (i % 3 === 0) {
      logRecords.push(
        record('exception', {
          'exception.type': i % 2 ? 'TypeError' : 'RangeError',
          'exception.message':
            i % 2 ? "Cannot read properties of undefined (reading 'id')" : 'Invalid array length',
          'exception.stacktrace': `Error\n    at renderCart (https://shop.example/assets/app.js:1:${200 + (i % 2)})`,
        }),
      );
    }
    logRecords.push(
      record(
        'checkout_started',
        {},
        {
          kvlistValue: { values: [{ key: 'plan', value: { stringValue: i % 2 ? 'pro' : 'free' } }] },
        },
      ),
    );
  }
  return JSON.stringify({
    resourceLogs: [
      {
        resource: {
          attributes: attrs({
            'service.name': 'shop',
            'service.version': release,
            'deployment.environment.name': 'prod',
          }),
        },
        scopeLogs: [{ scope: { name: 'grafana-backend-test' }, logRecords }],
      },
    ],
  });
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-grafana-backend-'));

async function main() {
  const p = await startTestProcessor({ PULSETRACE_DATA_DIR: dataDir });
  let stopped = false;
  const stop = async () => {
    if (stopped) {
      return;
    }
    stopped = true;
    await p.stop().catch(() => undefined);
    fs.rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // Stdin stays /dev/null (chDB reads a piped stdin as insert data): a test that dies without
  // killing us leaves us orphaned, reparented, so we stop then.
  const parent = process.ppid;
  setInterval(() => process.ppid !== parent && void stop(), 1000).unref();

  const project = await api<{ id: string; ingestKey: string }>(
    `${p.url}/api/v1/projects`,
    'POST',
    ADMIN_TOKEN,
    {
      name: 'grafana-backend',
      allowedOrigins: ['*'],
      rateLimitPerSecond: 1_000_000,
    },
  );
  const token = async (scope: string) =>
    (
      await api<{ token: string }>(`${p.url}/api/v1/tokens`, 'POST', ADMIN_TOKEN, {
        name: `grafana-${scope}`,
        scope,
        projects: [project.id],
      })
    ).token;
  const tokens = { read: await token('read'), write: await token('write'), admin: await token('admin') };

  const now = Date.now();
  // A browser's User-Agent: node's own ("node") is a bot's, and bots are left out of answers.
  const key = {
    'x-pulsetrace-key': project.ingestKey,
    'user-agent':
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36',
  };
  let spanId = 1n;
  for (const release of RELEASES) {
    const logs = await fetch(`${p.url}/v1/logs`, {
      method: 'POST',
      headers: { ...key, 'content-type': 'application/json' },
      body: logsOf(release, now),
    });
    const spans = new TracePayloads(
      { 'service.name': 'shop', 'service.version': release },
      spanId,
    ).fetchSpans(20, now - 30 * MINUTE).spans;
    spanId += 1000n;
    const { body, headers } = encodeTraces(spans, 'json');
    const traces = await fetch(`${p.url}/v1/traces`, {
      method: 'POST',
      headers: { ...key, ...headers },
      body,
    });
    if (logs.status !== 200 || traces.status !== 200) {
      throw new Error(`ingest answered ${logs.status} / ${traces.status}`);
    }
  }
  // Acknowledged means in the WAL: wait until the batch writer has stored every table we sent to.
  const tables = ['page_views', 'web_vitals', 'errors', 'custom_events', 'http_requests'];
  await until(
    async () => {
      const result = await p.store.client.query({
        query: `SELECT ${tables.map((t) => `(SELECT count() FROM ${t} WHERE project_id = {p:String}) AS ${t}`).join(', ')}`,
        query_params: { p: project.id },
        format: 'JSONEachRow',
      });
      const [counts] = await result.json<Record<string, string>>();
      return tables.every((t) => Number(counts[t]) > 0);
    },
    60_000,
    'seeded rows stored',
  );
  const issues = await api<{
    results: Record<
      string,
      { frames: Array<{ schema: { fields: Array<{ name: string }> }; data: { values: unknown[][] } }> }
    >;
  }>(`${p.url}/api/v1/query`, 'POST', tokens.read, {
    refId: 'I',
    type: 'issues',
    project: project.id,
    from: now - 2 * 3_600_000,
    to: Date.now() + MINUTE,
  });
  const frame = issues.results.I.frames[0];
  const idColumn = frame.schema.fields.findIndex((f) => f.name === 'id');
  const issueId = String(frame.data.values[idColumn]?.[0] ?? '');
  process.stdout.write(
    `${JSON.stringify({ url: p.url, project: project.id, tokens, issueId, sessionId: `session-${RELEASES[1]}-1`, releases: RELEASES, now: Date.now() })}\n`,
  );
}

main().catch((err) => {
  process.stderr.write(`start-test-processor: ${err instanceof Error ? err.stack : String(err)}\n`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  process.exit(1);
});
