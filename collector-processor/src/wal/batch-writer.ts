import type { Logger } from 'pino';
import { rowToJsonLine } from '../store/row-json';
import { WAL_TABLES, type IngestBatchRow, type RumRows, type WalTable } from '../store/rows';
import type { Position, Wal, WalRecord } from './wal';

/**
 * What the batch writer needs from ClickHouse: one insert per table of newline-delimited JSON
 * rows (JSONEachRow), idempotent per token.
 */
export type InsertFn = (table: string, ndjson: Buffer, rowCount: number, dedupToken: string) => Promise<void>;

export interface BatchWriterOptions {
  minRows: number;
  maxRows: number;
  /**
   * Caps a batch's JSON text. ClickHouse's memory for an insert grows with the batch (20–30x
   * the text while parsing and writing the part), so this bounds the process RSS.
   */
  maxBytes?: number;
  maxWaitMs: number;
  /** Backoff after a failed insert: doubles from `retryBaseMs` up to `retryMaxMs`, with jitter. */
  retryBaseMs?: number;
  retryMaxMs?: number;
}

export interface BatchWriterHooks {
  onBatch?(rows: number, seconds: number): void;
  onInsertError?(err: unknown): void;
}

interface InflightBatch {
  start: Position;
  end: Position;
}

const INFLIGHT = 'inflight.json';

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

/**
 * Moves rows from the WAL into ClickHouse in large batches. Before inserting, the batch's WAL
 * range is recorded durably; each table's insert carries a deduplication token derived from that
 * range, so a batch re-sent after a crash or a failed attempt is stored exactly once.
 */
export class BatchWriter {
  private running = false;
  private stopped = false;
  private wake: (() => void) | undefined;
  private unsubscribe: () => void;
  private loop: Promise<void> | undefined;
  private firstPendingAt: number | undefined;
  private position: Position;
  private failures = 0;

  constructor(
    private readonly wal: Wal,
    private readonly insert: InsertFn,
    private readonly options: BatchWriterOptions,
    private readonly log: Logger,
    private readonly hooks: BatchWriterHooks = {},
  ) {
    this.position = wal.checkpointPosition();
    this.unsubscribe = wal.onAppend(() => {
      const wasIdle = this.firstPendingAt === undefined;
      this.firstPendingAt ??= Date.now();
      // Wake to start the max-wait clock, or at once when a full batch is waiting.
      if (wasIdle || this.wal.pendingRowCount() >= this.options.minRows) this.wake?.();
    });
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    if (this.wal.pendingRowCount() > 0) this.firstPendingAt = 0;
    this.loop = this.run();
  }

  /** Stops after the current batch; with `drain`, first writes everything already in the WAL. */
  async stop({ drain }: { drain: boolean }): Promise<void> {
    if (drain) {
      this.firstPendingAt = 0;
      this.wake?.();
      while (this.running && this.failures === 0 && this.wal.pendingRowCount() > 0) {
        await new Promise((r) => setTimeout(r, 10));
      }
    }
    this.stopped = true;
    this.wake?.();
    await this.loop;
    this.unsubscribe();
  }

  /** True when nothing is waiting in the WAL. */
  isDrained(): boolean {
    return this.wal.pendingRowCount() === 0;
  }

  private async run(): Promise<void> {
    try {
      const inflight = this.wal.readMarker<InflightBatch>(INFLIGHT);
      if (inflight) await this.writeBatch(inflight.start, inflight.end);
      while (!this.stopped) {
        if (!this.due()) {
          await this.sleep(this.timeToDue());
          continue;
        }
        const { records, next } = this.wal.read(
          this.position,
          this.options.maxRows,
          undefined,
          this.options.maxBytes,
        );
        if (records.length === 0) {
          this.firstPendingAt = undefined;
          if (this.wal.pendingRowCount() > 0 && this.position.segment === this.wal.durableEnd().segment) {
            // Counters can lag a checkpoint by a batch; nothing is readable, so nothing is pending.
            this.wal.commit(this.position, this.wal.pendingRowCount());
          }
          await this.sleep(this.options.maxWaitMs);
          continue;
        }
        await this.writeBatch(this.position, next, records);
        this.firstPendingAt = this.wal.pendingRowCount() > 0 ? Date.now() : undefined;
      }
    } finally {
      this.running = false;
    }
  }

  private due(): boolean {
    if (this.firstPendingAt === undefined) return false;
    if (this.wal.pendingRowCount() >= this.options.minRows) return true;
    return Date.now() - this.firstPendingAt >= this.options.maxWaitMs;
  }

  private timeToDue(): number {
    if (this.firstPendingAt === undefined) return this.options.maxWaitMs;
    return Math.max(1, this.options.maxWaitMs - (Date.now() - this.firstPendingAt));
  }

  private async writeBatch(start: Position, end: Position, records?: WalRecord[]): Promise<void> {
    const batch = records ?? this.wal.read(start, Infinity, end).records;
    this.wal.writeMarker(INFLIGHT, { start, end });
    const byTable = new Map<WalTable, { parts: Buffer[]; rows: number }>();
    let rowCount = 0;
    for (const record of batch) {
      for (const chunk of decodePayload(record.payload)) {
        let entry = byTable.get(chunk.table);
        if (!entry) byTable.set(chunk.table, (entry = { parts: [], rows: 0 }));
        entry.parts.push(chunk.ndjson);
        entry.rows += chunk.rows;
        rowCount += chunk.rows;
      }
    }
    // Signal tables first, batch ids last: ClickHouse never holds a batch id before its rows.
    const tables = [...byTable]
      .sort(([a], [b]) => WAL_TABLES.indexOf(a) - WAL_TABLES.indexOf(b))
      .map(([table, e]) => ({
        table,
        rows: e.rows,
        ndjson: Buffer.concat(e.parts),
      }));
    const began = process.hrtime.bigint();
    const batchId = `${this.wal.id}:${start.segment}:${start.offset}-${end.offset}`;
    for (;;) {
      try {
        for (const t of tables) await this.insert(t.table, t.ndjson, t.rows, `${batchId}:${t.table}`);
        break;
      } catch (err) {
        this.failures++;
        this.hooks.onInsertError?.(err);
        const delay = this.backoff();
        this.log.warn(
          { err, retryInMs: delay, rows: rowCount },
          'ClickHouse insert failed; rows stay in the WAL',
        );
        if (this.stopped) return;
        await this.sleep(delay);
        if (this.stopped) return;
      }
    }
    this.failures = 0;
    this.wal.commit(end, rowCount);
    this.wal.clearMarker(INFLIGHT);
    this.position = end;
    this.hooks.onBatch?.(rowCount, Number(process.hrtime.bigint() - began) / 1e9);
  }

  private backoff(): number {
    const base = this.options.retryBaseMs ?? 200;
    const max = this.options.retryMaxMs ?? 30_000;
    const exp = Math.min(max, base * 2 ** Math.min(this.failures - 1, 20));
    return Math.round(exp / 2 + Math.random() * (exp / 2));
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
  }
}
