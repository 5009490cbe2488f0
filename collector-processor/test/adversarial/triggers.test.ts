/**
 * Issue #12: requests that were answered 200 and whose rows ClickHouse then rejected stalled the
 * batch writer for every project. Each trigger goes to a real processor (embedded chDB) from
 * project A; a normal request from project B must then be stored within seconds, and A's rows,
 * made valid for their columns, must be stored too (accepted data is never lost).
 */
import type { RunningProcessor } from '../../src/processor';
import { UNIX_TIME_OUTPUT } from '../../src/store/time';
import { createProject, startTestProcessor, until } from '../helpers/processor';

jest.setTimeout(120_000);

type Value = string | number | { [key: string]: Value } | Value[];

/** OTLP/JSON AnyValue: integers as intValue, other numbers as doubleValue (what SDKs send). */
function anyValue(v: Value): object {
  if (typeof v === 'string') return { stringValue: v };
  if (typeof v === 'number')
    return Number.isInteger(v) && Math.abs(v) < 2 ** 53 ? { intValue: v } : { doubleValue: v };
  if (Array.isArray(v)) return { arrayValue: { values: v.map(anyValue) } };
  return { kvlistValue: { values: kvs(v) } };
}
const kvs = (a: Record<string, Value>) => Object.entries(a).map(([key, v]) => ({ key, value: anyValue(v) }));

interface Log {
  timeUnixNano: string;
  eventName: string;
  attributes: Record<string, Value>;
}

const nowNanos = (offsetMs = 0) => `${BigInt(Date.now() + offsetMs) * 1_000_000n}`;

function logsBody(logs: Log[], resource: Record<string, Value> = {}): string {
  const resourceAttrs = {
    'service.name': 'adversarial',
    'telemetry.sdk.name': 'pulsetrace-browser',
    ...resource,
  };
  return JSON.stringify({
    resourceLogs: [
      {
        resource: { attributes: kvs(resourceAttrs) },
        scopeLogs: [
          {
            scope: { name: 'pulsetrace-browser', version: '0.1.0' },
            logRecords: logs.map((l) => ({ ...l, attributes: kvs(l.attributes) })),
          },
        ],
      },
    ],
  });
}

let processor: RunningProcessor;
let projectA: { id: string; ingestKey: string };
let projectB: { id: string; ingestKey: string };

beforeAll(async () => {
  processor = await startTestProcessor();
  projectA = await createProject(processor.url);
  projectB = await createProject(processor.url);
});
afterAll(() => processor.stop());

async function send(key: string, body: string): Promise<void> {
  const res = await fetch(`${processor.url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pulsetrace-key': key },
    body,
  });
  expect(res.status).toBe(200);
}

async function select<T>(query: string, params: Record<string, unknown>): Promise<T[]> {
  const result = await processor.store.client.query({
    query,
    query_params: params,
    format: 'JSONEachRow',
    clickhouse_settings: UNIX_TIME_OUTPUT,
  });
  return result.json<T>();
}

async function countWhere(table: string, projectId: string, marker: string): Promise<number> {
  const [row] = await select<{ n: string }>(
    `SELECT count() AS n FROM ${table} WHERE project_id = {p:String} AND service_name = {m:String}`,
    { p: projectId, m: marker },
  );
  return Number(row.n);
}

/** A counter's value on /metrics (0 when the series does not exist yet). */
async function counter(name: string, label: string): Promise<number> {
  const text = await (await fetch(`${processor.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{${label}}`));
  return line ? Number(line.split(' ').pop()) : 0;
}

let sequence = 0;

/**
 * Sends the trigger from A, then a normal custom event from B; B's row must be queryable within
 * 10 s (the writer flushes every 100 ms here), then A's `expected` rows in `table`. Returns A's
 * rows for further checks.
 */
async function survives(
  table: string,
  trigger: (marker: string) => string,
  expected: number,
): Promise<Record<string, unknown>[]> {
  const markerA = `trigger-${++sequence}`;
  const markerB = `normal-${sequence}`;
  await send(projectA.ingestKey, trigger(markerA));
  await send(
    projectB.ingestKey,
    logsBody([{ timeUnixNano: nowNanos(), eventName: 'signup', attributes: {} }], {
      'service.name': markerB,
    }),
  );
  await until(
    async () => (await countWhere('custom_events', projectB.id, markerB)) === 1,
    10_000,
    "B's row stored",
  );
  await until(
    async () => (await countWhere(table, projectA.id, markerA)) === expected,
    10_000,
    "A's rows stored",
  );
  return select<Record<string, unknown>>(
    `SELECT * FROM ${table} WHERE project_id = {p:String} AND service_name = {m:String} ORDER BY timestamp`,
    { p: projectA.id, m: markerA },
  );
}

const DAY_MS = 86_400_000;

describe('a request ClickHouse would reject cannot stop storage for other projects', () => {
  it('101 events in 101 different weeks', async () => {
    const weeks = Array.from({ length: 101 }, (_, i) => ({
      timeUnixNano: nowNanos(-i * 7 * DAY_MS),
      eventName: `week-${i}`,
      attributes: {},
    }));
    const rows = await survives('custom_events', (m) => logsBody(weeks, { 'service.name': m }), 101);
    const adjusted = rows.filter(
      (r) => (r.attributes as Record<string, string>)['pulsetrace.original_timestamp'],
    );
    // Weeks 0–4 are inside the 30-day window and keep their time; the other 96 are moved.
    expect(adjusted).toHaveLength(96);
    const partitions = new Set(rows.map((r) => Math.floor(Number(r.timestamp) / (7 * 86_400))));
    expect(partitions.size).toBeLessThanOrEqual(7);
  });

  it.each([
    ['seconds', () => `${Math.floor(Date.now() / 1000)}`],
    ['milliseconds', () => `${Date.now()}`],
    ['microseconds', () => `${BigInt(Date.now()) * 1000n}`],
  ])('timeUnixNano in %s is rescaled and the original kept', async (unit, time) => {
    const label = `reason="unit_${unit}"`;
    const before = await counter('pulsetrace_ingest_timestamps_adjusted_total', label);
    const original = time();
    const body = (m: string) =>
      logsBody([{ timeUnixNano: original, eventName: 'unit-bug', attributes: {} }], { 'service.name': m });
    const [row] = await survives('custom_events', body, 1);
    expect(Math.abs(Number(row.timestamp) * 1000 - Date.now())).toBeLessThan(60_000);
    expect((row.attributes as Record<string, string>)['pulsetrace.original_timestamp']).toBe(original);
    expect(row.attributes).toMatchObject({ 'pulsetrace.timestamp_adjusted': `unit_${unit}` });
    expect(await counter('pulsetrace_ingest_timestamps_adjusted_total', label)).toBe(before + 1);
  });

  it.each([
    ['below 1e9', '5'],
    ['at uint64 max', '18446744073709551615'],
  ])('timeUnixNano %s is replaced by the receive time', async (_name, original) => {
    const body = (m: string) =>
      logsBody([{ timeUnixNano: original, eventName: 'bad-time', attributes: {} }], { 'service.name': m });
    const [row] = await survives('custom_events', body, 1);
    expect(Math.abs(Number(row.timestamp) * 1000 - Date.now())).toBeLessThan(60_000);
    expect((row.attributes as Record<string, string>)['pulsetrace.original_timestamp']).toBe(original);
  });

  it('a lone UTF-16 surrogate in names, attribute keys and values', async () => {
    const body = (m: string) =>
      logsBody(
        [{ timeUnixNano: nowNanos(), eventName: 'lone\ud800', attributes: { 'key\udc00': 'value\ud800' } }],
        { 'service.name': m, 'service.version': '1.0\udfff' },
      );
    const [row] = await survives('custom_events', body, 1);
    expect(row.name).toBe('lone\ufffd');
    expect(row.release).toBe('1.0\ufffd');
    expect(row.attributes).toMatchObject({ 'key\ufffd': 'value\ufffd' });
  });

  it('a non-integer or negative frame line number (Faro lineno 1.5, colno -7)', async () => {
    const frames = [
      { filename: 'https://shop.example.com/app.js', function: 'pay', lineno: 1.5, colno: -7 },
      { filename: 'https://shop.example.com/app.js', function: 'buy', lineno: -7, colno: 1e30 },
    ];
    const body = (m: string) =>
      logsBody(
        [
          {
            timeUnixNano: nowNanos(),
            eventName: '',
            attributes: {
              'exception.type': 'Error',
              'exception.message': 'Payment declined',
              'faro.error.stacktrace': { frames },
            },
          },
        ],
        { 'service.name': m },
      );
    const [row] = await survives('errors', body, 1);
    expect(row['frames.lineno']).toEqual([2, 0]);
    expect(row['frames.colno']).toEqual([0, 4294967295]);
  });

  it('a double such as 1e30 for an integer column', async () => {
    const body = (m: string) =>
      logsBody(
        [
          {
            timeUnixNano: nowNanos(),
            eventName: 'browser.resource_timing',
            attributes: {
              'url.full': 'https://shop.example.com/app.js',
              'browser.resource_timing.transfer_size': 1e30,
              'browser.resource_timing.encoded_body_size': 1.5,
              'browser.resource_timing.duration': 1e30,
            },
          },
        ],
        { 'service.name': m },
      );
    const sanitizedBefore = await counter('pulsetrace_ingest_values_sanitized_total', 'table="resources"');
    const [row] = await survives('resources', body, 1);
    expect(await counter('pulsetrace_ingest_values_sanitized_total', 'table="resources"')).toBe(
      sanitizedBefore + 1, // transfer_size; the mapper already rounds sizes
    );
    // UInt64 may come back as a JSON string or number depending on the client's settings.
    expect(Number(row.transfer_size)).toBe(Number.MAX_SAFE_INTEGER);
    expect(Number(row.encoded_body_size)).toBe(2);
    expect(row.duration_ms).toBe(1e30);
  });
});
