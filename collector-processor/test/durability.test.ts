import { openStore } from '../src/store/clickhouse';
import { sendLoad } from './helpers/load';
import {
  createProject,
  freePort,
  spawnProcessor,
  tempDataDir,
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
