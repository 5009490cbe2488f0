import type { ClickHouseClient } from '@clickhouse/client';
import type { IngestBatchRow } from '../store/rows';
import { fromDateTime64 } from '../store/time';
import { decodePayload } from '../wal/batch-writer';
import { comparePositions } from '../wal/segments';
import type { Wal } from '../wal/wal';
import type { RecentBatches } from './batch-ids';

/** Bytes of WAL read at a time while scanning for batch ids. */
const SCAN_BYTES = 4 * 1024 * 1024;

/**
 * Fills the index of stored batch ids before the server accepts traffic and before the batch
 * writer starts (it would move records from the WAL to ClickHouse between the two reads):
 * `ingest_batches` rows of the window from ClickHouse, then those still only in the WAL (written
 * and acknowledged, not yet checkpointed; the interrupted batch a crash left is among them).
 */
export async function loadRecentBatches(
  index: RecentBatches,
  client: ClickHouseClient,
  wal: Wal,
): Promise<{ fromStore: number; fromWal: number }> {
  const { windowMs, maxEntries } = index.options;
  const result = await client.query({
    query: `SELECT project_id, batch_id, toUnixTimestamp64Milli(received_at) AS at
      FROM ingest_batches
      WHERE received_at > fromUnixTimestamp64Milli({since:Int64})
      ORDER BY received_at DESC
      LIMIT {limit:UInt64}`,
    query_params: { since: Date.now() - windowMs, limit: maxEntries },
    format: 'JSONEachRow',
  });
  const stored = await result.json<{ project_id: string; batch_id: string; at: string | number }>();
  for (let i = stored.length - 1; i >= 0; i--) {
    index.add(stored[i].project_id, stored[i].batch_id, Number(stored[i].at));
  }

  let fromWal = 0;
  const end = wal.durableEnd();
  let pos = wal.checkpointPosition();
  while (comparePositions(pos, end) < 0) {
    const { records, next } = wal.read(pos, Infinity, undefined, SCAN_BYTES);
    if (records.length === 0) break;
    for (const record of records) {
      for (const chunk of decodePayload(record.payload)) {
        if (chunk.table !== 'ingest_batches') continue;
        for (const line of chunk.ndjson.toString('utf8').split('\n')) {
          if (!line) continue;
          const row = JSON.parse(line) as IngestBatchRow;
          index.add(row.project_id, row.batch_id, fromDateTime64(row.received_at));
          fromWal++;
        }
      }
    }
    pos = next;
  }
  return { fromStore: stored.length, fromWal };
}
