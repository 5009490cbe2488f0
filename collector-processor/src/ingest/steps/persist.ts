import type { Metrics } from '../../observability/metrics';
import { countRows, SIGNAL_TABLES, type RumRows } from '../../store/rows';
import { sanitizeRows } from '../../store/sanitize';
import { encodePayload } from '../../wal/batch-writer';
import { WalFullError, type Wal } from '../../wal/wal';
import { batchIdRows } from '../batch-ids';
import { failure, RPC, type Encoding } from '../ingest-responses';
import type { IngestRequest } from '../types';
import { Refusal } from './refusal';

/**
 * Step 8: make every value valid for its ClickHouse column, then append the rows (and the batch
 * ids) to the WAL as one record. Once `append` resolves the rows are durable: the batch writer
 * moves them to ClickHouse, and the request may be acknowledged. `count` is the rows appended.
 */
export async function persist(
  req: IngestRequest,
  rows: RumRows,
  projectIds: string[],
  receivedAtMs: number,
  encoding: Encoding,
  deps: { wal: Wal; metrics: Pick<Metrics, 'valuesSanitized' | 'accepted'> },
): Promise<{ count: number } | Refusal> {
  // After every stage, before the WAL: a value ClickHouse would refuse must never be acknowledged.
  const sanitized = sanitizeRows(rows);
  for (const table in sanitized)
    deps.metrics.valuesSanitized.inc({ table }, sanitized[table as keyof typeof sanitized]);

  const count = countRows(rows);
  if (count === 0) return { count };
  const batches = req.batchId === undefined ? [] : batchIdRows(projectIds, req.batchId, receivedAtMs);
  try {
    const { payload, count: walRows } = encodePayload(rows, batches);
    await deps.wal.append(payload, walRows);
  } catch (err) {
    if (err instanceof WalFullError) {
      return new Refusal(
        'wal_full',
        failure(encoding, 503, RPC.UNAVAILABLE, 'ingest is overloaded: retry later', { 'Retry-After': '5' }),
      );
    }
    return new Refusal(
      'wal_error',
      failure(encoding, 503, RPC.UNAVAILABLE, 'could not persist the request: retry later', {
        'Retry-After': '5',
      }),
    );
  }
  for (const table of SIGNAL_TABLES)
    if (rows[table].length) deps.metrics.accepted.inc({ table }, rows[table].length);
  return { count };
}
