import { rowToJsonLine } from '../store/row-json';
import { WAL_TABLES, type IngestBatchRow, type RumRows, type WalTable } from '../store/rows';

/**
 * WAL payload: for each non-empty table, [u8 table index][u32 rows][u32 bytes][JSONEachRow text],
 * the index into WAL_TABLES (signal tables first, then `ingest_batches`: records written before
 * that table existed decode unchanged). Rows are serialised once, at ingest; the batch writer
 * concatenates the text per table and never parses it again. A request's batch ids travel in the
 * same record as its rows, so they reach ClickHouse (and survive a crash) together.
 */
export function encodePayload(
  rows: RumRows,
  batches: readonly IngestBatchRow[] = [],
): { payload: Buffer; count: number } {
  const parts: Buffer[] = [];
  let count = 0;
  WAL_TABLES.forEach((table, index) => {
    const list: readonly object[] = table === 'ingest_batches' ? batches : rows[table];
    if (list.length === 0) return;
    let text = '';
    for (const row of list) text += rowToJsonLine(row) + '\n';
    const body = Buffer.from(text);
    const header = Buffer.allocUnsafe(9);
    header.writeUInt8(index, 0);
    header.writeUInt32LE(list.length, 1);
    header.writeUInt32LE(body.length, 5);
    parts.push(header, body);
    count += list.length;
  });
  return { payload: Buffer.concat(parts), count };
}

export interface TableChunk {
  table: WalTable;
  rows: number;
  ndjson: Buffer;
}

export function decodePayload(payload: Buffer): TableChunk[] {
  const chunks: TableChunk[] = [];
  for (let pos = 0; pos < payload.length;) {
    if (pos + 9 > payload.length) throw new Error(`WAL payload is corrupt at byte ${pos}`);
    const table = WAL_TABLES[payload.readUInt8(pos)];
    const rows = payload.readUInt32LE(pos + 1);
    const bytes = payload.readUInt32LE(pos + 5);
    if (!table || pos + 9 + bytes > payload.length) throw new Error(`WAL payload is corrupt at byte ${pos}`);
    chunks.push({ table, rows, ndjson: payload.subarray(pos + 9, pos + 9 + bytes) });
    pos += 9 + bytes;
  }
  return chunks;
}
