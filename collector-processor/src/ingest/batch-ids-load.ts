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

/** How long ingest waits for the shared lookup before storing the batch anyway. */
export const LOOKUP_TIMEOUT_MS = 2_000;
/** Lookups arriving within this long of each other share one query. */
export const LOOKUP_COALESCE_MS = 5;

interface Pending {
  projectIds: string[];
  batchId: string;
  resolve(found: Set<string>): void;
  reject(err: unknown): void;
}

/**
 * The shared half of batch-id de-duplication across replicas: which of `projectIds` have a row
 * for `batchId` in `ingest_batches` (written by any replica's batch writer) within the window.
 * Requests arriving within LOOKUP_COALESCE_MS share one query on the table's sort key (a replica
 * at 300 requests/s asks about 200 times a second, not 300). It sees what other replicas have
 * inserted, not what still waits in their WAL (docs/scaling.md "Shared state").
 */
export function storedBatchLookup(
  client: ClickHouseClient,
  windowMs: number,
  timeoutMs = LOOKUP_TIMEOUT_MS,
): (projectIds: string[], batchId: string) => Promise<Set<string>> {
  let queue: Pending[] = [];
  let timer: NodeJS.Timeout | undefined;
  const flush = async () => {
    const batch = queue;
    queue = [];
    timer = undefined;
    try {
      const result = await client.query({
        // A superset (every project × every batch id asked), narrowed to the asked pairs below.
        query: `SELECT DISTINCT project_id, batch_id FROM ingest_batches
          WHERE project_id IN {ids:Array(String)} AND batch_id IN {batches:Array(String)}
            AND received_at > fromUnixTimestamp64Milli({since:Int64})`,
        query_params: {
          ids: [...new Set(batch.flatMap((p) => p.projectIds))],
          batches: [...new Set(batch.map((p) => p.batchId))],
          since: Date.now() - windowMs,
        },
        format: 'JSONEachRow',
        abort_signal: AbortSignal.timeout(timeoutMs),
      });
      const stored = new Set(
        (await result.json<{ project_id: string; batch_id: string }>()).map(
          (r) => `${r.project_id}/${r.batch_id}`,
        ),
      );
      for (const p of batch)
        p.resolve(new Set(p.projectIds.filter((id) => stored.has(`${id}/${p.batchId}`))));
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  };
  return (projectIds, batchId) =>
    new Promise<Set<string>>((resolve, reject) => {
      queue.push({ projectIds, batchId, resolve, reject });
      timer ??= setTimeout(() => void flush(), LOOKUP_COALESCE_MS);
    });
}
