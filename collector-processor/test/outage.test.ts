import { sendLoad } from './helpers/load';
import { createProject, startTestProcessor, until } from './helpers/processor';

describe('ClickHouse outage', () => {
  jest.setTimeout(120_000);

  it('keeps acknowledging into the WAL with group commit, then drains with nothing lost or doubled', async () => {
    const processor = await startTestProcessor();
    try {
      const { ingestKey } = await createProject(processor.url);
      processor.failpoint.fail('failpoint: every insert fails');
      const syncsBefore = processor.wal.syncCount;
      const result = await sendLoad({
        url: () => processor.url,
        key: ingestKey,
        workers: 16,
        spansPerRequest: 25,
        maxRequestsPerWorker: 25,
      });
      expect(result.statuses.get(200)).toBe(400);
      const syncs = processor.wal.syncCount - syncsBefore;
      expect(processor.wal.pendingRowCount()).toBe(10_000);
      expect(syncs).toBeLessThan(400); // group commit: concurrent requests share fsyncs
      await until(
        async () => {
          const text = await (await fetch(`${processor.url}/metrics`)).text();
          return /pulsetrace_insert_failures_total [1-9]/.test(text);
        },
        20_000,
        'failed inserts to be counted',
      );
      const stored = await processor.store.client.query({
        query: 'SELECT count() AS n FROM http_requests',
        format: 'JSONEachRow',
      });
      expect(Number((await stored.json<{ n: string }>())[0].n)).toBe(0);

      processor.failpoint.lift();
      await processor.drained(60_000);
      const rows = await processor.store.client.query({
        query: 'SELECT span_id, count() AS n FROM http_requests GROUP BY span_id',
        format: 'JSONEachRow',
      });
      const counts = new Map(
        (await rows.json<{ span_id: string; n: string }>()).map((r) => [r.span_id, Number(r.n)]),
      );
      expect(counts.size).toBe(10_000);
      expect(result.ackedSpanIds.every((id) => counts.get(id) === 1)).toBe(true);
    } finally {
      await processor.stop();
    }
  });
});
