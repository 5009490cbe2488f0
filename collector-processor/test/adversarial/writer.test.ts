/**
 * Issue #12, defence in depth: rows that reach the WAL and that ClickHouse then rejects (ingest's
 * sanitising is bypassed here by appending the record directly) must not stop storage. The real
 * processor sets them aside in `dead_letters`, stores project B's next request within seconds,
 * stays ready, counts them on /metrics and lists them to admins; a writer that cannot store
 * anything shows on /readyz with a reason.
 */
import type { RunningProcessor } from '../../src/processor';
import { rowToJsonLine } from '../../src/store/row-json';
import { WAL_TABLES } from '../../src/store/rows';
import { toDateTime64, UNIX_TIME_OUTPUT } from '../../src/store/time';
import { ADMIN_TOKEN, createProject, startTestProcessor, until } from '../helpers/processor';
import { customEvent } from '../helpers/rows';

jest.setTimeout(120_000);

let processor: RunningProcessor;
let projectA: { id: string; ingestKey: string };
let projectB: { id: string; ingestKey: string };

beforeAll(async () => {
  // A short stall bound, so the stuck-writer check is seen within the test.
  processor = await startTestProcessor({ PULSETRACE_WRITER_STALL_MS: '1000' });
  projectA = await createProject(processor.url);
  projectB = await createProject(processor.url);
});
afterAll(() => processor.stop());

/** A normal OTLP/JSON custom event from project B, marked by its service name. */
async function sendNormal(key: string, marker: string): Promise<void> {
  const body = {
    resourceLogs: [
      {
        resource: { attributes: [{ key: 'service.name', value: { stringValue: marker } }] },
        scopeLogs: [
          {
            scope: { name: 'pulsetrace-browser', version: '0.1.0' },
            logRecords: [{ timeUnixNano: `${BigInt(Date.now()) * 1_000_000n}`, eventName: 'signup' }],
          },
        ],
      },
    ],
  };
  const res = await fetch(`${processor.url}/v1/logs`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pulsetrace-key': key },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

/** A WAL record of raw custom_events lines, as if ingest had accepted (and not fixed) them. */
async function appendRaw(lines: string[]): Promise<void> {
  const text = Buffer.from(lines.map((l) => l + '\n').join(''));
  const header = Buffer.alloc(9);
  header.writeUInt8(WAL_TABLES.indexOf('custom_events'), 0);
  header.writeUInt32LE(lines.length, 1);
  header.writeUInt32LE(text.length, 5);
  await processor.wal.append(Buffer.concat([header, text]), lines.length);
}

async function count(query: string, params: Record<string, unknown>): Promise<number> {
  const result = await processor.store.client.query({
    query,
    query_params: params,
    format: 'JSONEachRow',
    clickhouse_settings: UNIX_TIME_OUTPUT,
  });
  return Number((await result.json<{ n: string }>())[0].n);
}

const storedFor = (project: string, marker: string) =>
  count(
    'SELECT count() AS n FROM custom_events WHERE project_id = {p:String} AND service_name = {m:String}',
    {
      p: project,
      m: marker,
    },
  );

async function readyz(): Promise<{ status: number; body: { status: string; reason?: string } }> {
  const res = await fetch(`${processor.url}/readyz`);
  return { status: res.status, body: (await res.json()) as { status: string; reason?: string } };
}

async function deadLetterApi(query: string, token = ADMIN_TOKEN) {
  const res = await fetch(`${processor.url}/api/v1/dead-letters${query}`, {
    headers: { authorization: `Bearer ${token}` },
  });
  return { status: res.status, body: (await res.json()) as { deadLetters: Record<string, unknown>[] } };
}

const WEEK_MS = 7 * 86_400_000;

describe('rows ClickHouse rejects after they were acknowledged', () => {
  it("are set aside for project A while project B's next request is stored within seconds", async () => {
    const row = (id: string, overrides: object = {}) =>
      rowToJsonLine(
        customEvent(`writer-${id}`, {
          project_id: projectA.id,
          retention_days: 3650,
          service_name: 'poisoned',
          ...overrides,
        }),
      );
    const bad = [
      row('exponent', { retention_days: 1e30 }),
      row('surrogate', { name: '\ud800' }),
      row('timestamp', { timestamp: 'not a time' }),
    ];
    const weeks = Array.from({ length: 101 }, (_, i) =>
      row(`week-${i}`, { timestamp: toDateTime64(Date.now() - i * WEEK_MS) }),
    );
    await appendRaw([bad[0], ...weeks.slice(0, 50), bad[1], ...weeks.slice(50), bad[2]]);
    await sendNormal(projectB.ingestKey, 'normal-b');

    await until(async () => (await storedFor(projectB.id, 'normal-b')) === 1, 10_000, "B's row stored");
    await until(
      async () => (await storedFor(projectA.id, 'poisoned')) === 101,
      10_000,
      "A's good rows stored",
    );
    await processor.drained(10_000);
    expect((await readyz()).status).toBe(200);

    const listed = await deadLetterApi(`?project=${projectA.id}`);
    expect(listed.status).toBe(200);
    expect(listed.body.deadLetters.map((d) => d.row).sort()).toEqual([...bad].sort());
    for (const d of listed.body.deadLetters) {
      expect(d).toMatchObject({ projectId: projectA.id, table: 'custom_events' });
      expect(d.error).toMatch(/^Code: \d+\. DB::Exception/);
      expect(Date.parse(d.failedAt as string)).toBeGreaterThan(Date.now() - 60_000);
    }
    expect(new Set(listed.body.deadLetters.map((d) => d.errorCode))).toEqual(new Set([25, 27, 41]));
    // Project B has none; the route is for admins only.
    expect((await deadLetterApi(`?project=${projectB.id}`)).body.deadLetters).toEqual([]);
    expect((await deadLetterApi('', 'not-a-token')).status).toBe(401);
    expect((await deadLetterApi('?limit=0')).status).toBe(400);

    const metrics = await (await fetch(`${processor.url}/metrics`)).text();
    expect(metrics).toMatch(/^pulsetrace_dead_letter_rows_total\{table="custom_events"\} 3$/m);
    expect(metrics).toMatch(/^pulsetrace_writer_splits_total\{table="custom_events"\} [1-9]/m);
  });

  it('/readyz answers 503 with a reason while inserts keep failing, and recovers when they succeed', async () => {
    expect((await readyz()).body).toEqual({ status: 'ready' });
    processor.failpoint.fail('failpoint: ClickHouse unavailable');
    try {
      await sendNormal(projectB.ingestKey, 'during-outage');
      await until(async () => (await readyz()).status === 503, 15_000, '/readyz to report the stuck writer');
      const stuck = await readyz();
      expect(stuck.body).toMatchObject({
        status: 'not ready',
        reason: expect.stringMatching(/^writer stuck: /),
      });
    } finally {
      processor.failpoint.lift();
    }
    await until(async () => (await readyz()).status === 200, 15_000, '/readyz to recover');
    expect(await storedFor(projectB.id, 'during-outage')).toBe(1);
    // An outage sets nothing aside.
    expect(
      await count('SELECT count() AS n FROM dead_letters WHERE project_id = {p:String}', { p: projectB.id }),
    ).toBe(0);
  });
});
