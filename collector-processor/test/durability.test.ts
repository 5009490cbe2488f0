import { openStore } from '../src/store/clickhouse';
import { sendLoad } from './helpers/load';
import { encodeTraces, TracePayloads } from './helpers/otlp-payloads';
import {
  createProject,
  freePort,
  spawnProcessor,
  tempDataDir,
  until,
  type SpawnedProcessor,
} from './helpers/processor';

async function spanCounts(dataDir: string): Promise<Map<string, number>> {
  const store = await openStore({ database: 'pulsetrace', dataDir });
  try {
    const result = await store.client.query({
      query: 'SELECT span_id, count() AS n FROM http_requests GROUP BY span_id',
      format: 'JSONEachRow',
    });
    return new Map(
      (await result.json<{ span_id: string; n: string }>()).map((r) => [r.span_id, Number(r.n)]),
    );
  } finally {
    await store.close();
  }
}

describe('durability', () => {
  jest.setTimeout(180_000);

  it('after kill -9 under load and a restart, every acknowledged span is stored exactly once', async () => {
    const dataDir = tempDataDir();
    const port = await freePort();
    let proc: SpawnedProcessor = await spawnProcessor(dataDir, port, { PULSETRACE_BATCH_MAX_WAIT_MS: '200' });
    const { ingestKey } = await createProject(proc.url);

    let stop = false;
    const load = sendLoad({
      url: () => proc.url,
      key: ingestKey,
      workers: 6,
      spansPerRequest: 20,
      maxRequestsPerWorker: 100_000,
      shouldStop: () => stop,
    });
    await new Promise((r) => setTimeout(r, 2500));
    proc.child.kill('SIGKILL');
    await proc.exited;
    proc = await spawnProcessor(dataDir, port);
    await new Promise((r) => setTimeout(r, 1500));
    stop = true;
    const result = await load;

    proc.child.kill('SIGTERM');
    expect(await proc.exited).toBe(0);
    const counts = await spanCounts(dataDir);
    const acked = new Set(result.ackedSpanIds);
    const missing = [...acked].filter((id) => counts.get(id) !== 1);
    const duplicated = [...counts.entries()].filter(([, n]) => n > 1);
    // The kill must have hit mid-load: requests before and after it were acknowledged, some failed.
    expect(result.statuses.get(200)).toBeGreaterThan(20);
    expect(result.requests).toBeGreaterThan(result.statuses.get(200)!);
    expect(acked.size).toBe(result.ackedSpanIds.length);
    expect(missing).toEqual([]);
    expect(duplicated).toEqual([]);
  });
});

async function batchIdRows(dataDir: string, batchId: string): Promise<number> {
  const store = await openStore({ database: 'pulsetrace', dataDir });
  try {
    const result = await store.client.query({
      query: 'SELECT count() AS n FROM ingest_batches WHERE batch_id = {b:String}',
      query_params: { b: batchId },
      format: 'JSONEachRow',
    });
    return Number((await result.json<{ n: string }>())[0].n);
  } finally {
    await store.close();
  }
}

async function metric(url: string, pattern: RegExp): Promise<number | undefined> {
  const match = pattern.exec(await (await fetch(`${url}/metrics`)).text());
  return match ? Number(match[1]) : undefined;
}

describe('idempotent batches across kill -9', () => {
  jest.setTimeout(180_000);

  // Before the writer ran the id is only in the WAL; after it, only ClickHouse has it.
  it.each([
    [
      'the batch was already in ClickHouse',
      { PULSETRACE_BATCH_MAX_WAIT_MS: '50' },
      { fromStore: 1, fromWal: 0 },
    ],
    [
      'the batch was still only in the WAL',
      { PULSETRACE_BATCH_MAX_WAIT_MS: '600000', PULSETRACE_BATCH_MIN_ROWS: '1000000' },
      { fromStore: 0, fromWal: 1 },
    ],
  ])('acknowledged, killed, restarted, resent: stored once (%s)', async (_name, env, loaded) => {
    const dataDir = tempDataDir();
    const port = await freePort();
    const debug = { ...env, PULSETRACE_LOG_LEVEL: 'debug' };
    let proc = await spawnProcessor(dataDir, port, debug);
    const { ingestKey } = await createProject(proc.url);
    const { spans, spanIds } = new TracePayloads({ 'service.name': 'shop' }, 5_000_000n).fetchSpans(8);
    const { body, headers } = encodeTraces(spans, 'protobuf', true);
    const send = (url: string) =>
      fetch(`${url}/v1/traces`, {
        method: 'POST',
        body,
        headers: { ...headers, 'x-pulsetrace-key': ingestKey, 'x-pulsetrace-batch': 'crash-batch-1' },
      });
    expect((await send(proc.url)).status).toBe(200);
    if (loaded.fromStore > 0) {
      await until(async () => (await metric(proc.url, /^pulsetrace_queue_depth_rows (\d+)/m)) === 0);
    }
    proc.child.kill('SIGKILL');
    await proc.exited;

    proc = await spawnProcessor(dataDir, port, debug);
    expect(proc.output()).toMatch(
      new RegExp(`"fromStore":${loaded.fromStore},"fromWal":${loaded.fromWal},"msg":"batch ids loaded"`),
    );
    const again = await send(proc.url);
    expect(again.status).toBe(200);
    expect(await metric(proc.url, /pulsetrace_ingest_duplicate_batches_total\{signal="traces"\} (\d+)/)).toBe(
      1,
    );
    proc.child.kill('SIGTERM'); // drains the WAL
    // A clean drain exits 0; anything else (once: a signal, in CI) fails with the processor's log.
    const code = await proc.exited;
    if (code !== 0)
      throw new Error(`processor exited with ${code} on SIGTERM:\n${proc.output().slice(-6000)}`);

    const counts = await spanCounts(dataDir);
    expect(spanIds.map((id) => counts.get(id))).toEqual(spanIds.map(() => 1));
    expect(await batchIdRows(dataDir, 'crash-batch-1')).toBe(1);
  });
});
