import type { Logger } from 'pino';
import { classifyInsertError } from '../store/insert-errors';
import { WAL_TABLES, type WalTable } from '../store/rows';
import { DEAD_LETTER_TABLE, deadLetterRows, deadLetterToken } from './dead-letters';
import { insertIsolatingBadRows, type InsertFn } from './isolate-bad-rows';
import { decodePayload } from './payload';
import type { Position, Wal, WalRecord } from './wal';

export type { InsertFn } from './isolate-bad-rows';

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
  /**
   * Resolves when ClickHouse answers (e.g. SELECT 1). An insert error whose code the writer does
   * not know is blamed on the rows only when it keeps failing while the probe answers; without a
   * probe such errors are always retried.
   */
  probe?: () => Promise<void>;
}

/** Failed attempts of a batch with an unknown error code before the probe may blame the rows. */
const UNKNOWN_ERROR_ATTEMPTS = 3;

export interface BatchWriterHooks {
  onBatch?(rows: number, seconds: number): void;
  onInsertError?(err: unknown): void;
  /** A part of a table's batch was rejected for its data and is being split. */
  onSplit?(table: string): void;
  /** Rows set aside in the dead-letter table, counted once their batch is checkpointed. */
  onDeadLetter?(table: string, rows: number): void;
  /**
   * A batch is stored and checkpointed: each table's JSONEachRow text as inserted (the alert
   * ruler reads the error rows for new issues). Called again for a batch replayed after a crash.
   */
  onStored?(tables: ReadonlyArray<{ table: WalTable; ndjson: Buffer }>): void;
}

interface InflightBatch {
  start: Position;
  end: Position;
  /** Tokens of the parts split so far: a replay splits the same way, so tokens repeat. */
  split?: string[];
}

const INFLIGHT = 'inflight.json';

// The payload format moved to payload.ts; re-exported for the modules that import it from here.
export { decodePayload, encodePayload, type TableChunk } from './payload';

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
  private failingSince: number | undefined;

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

  /**
   * When the current batch's inserts began failing (epoch ms), or undefined while they succeed:
   * the rows waiting in the WAL have waited at least this long.
   */
  stalledSince(): number | undefined {
    return this.failingSince;
  }

  private async run(): Promise<void> {
    try {
      const inflight = this.wal.readMarker<InflightBatch>(INFLIGHT);
      if (inflight) await this.writeBatch(inflight.start, inflight.end, undefined, inflight.split);
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

  private async writeBatch(
    start: Position,
    end: Position,
    records?: WalRecord[],
    split?: string[],
  ): Promise<void> {
    const batch = records ?? this.wal.read(start, Infinity, end).records;
    const inflight: InflightBatch = { start, end, ...(split?.length ? { split } : {}) };
    this.wal.writeMarker(INFLIGHT, inflight);
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
    // Tables stored by an earlier attempt of this batch, with the rows they set aside: a retry
    // sends only the rest. Their tokens would make a resend harmless where the table deduplicates,
    // but a resend costs an insert, and a table without a deduplication window would count it twice.
    const storedTables = new Map<WalTable, number>();
    for (;;) {
      try {
        for (const t of tables) {
          if (storedTables.has(t.table)) continue;
          storedTables.set(t.table, await this.storeTable(t, batchId, inflight));
        }
        break;
      } catch (err) {
        this.failures++;
        this.failingSince ??= Date.now();
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
    this.failingSince = undefined;
    this.wal.commit(end, rowCount);
    this.wal.clearMarker(INFLIGHT);
    this.position = end;
    for (const [table, rows] of storedTables) if (rows > 0) this.hooks.onDeadLetter?.(table, rows);
    this.hooks.onBatch?.(rowCount, Number(process.hrtime.bigint() - began) / 1e9);
    this.hooks.onStored?.(tables);
  }

  /**
   * Inserts one table's rows of a batch. Rows ClickHouse rejects for their data are isolated by
   * splitting and inserted into the dead-letter table (before the checkpoint, with a token, so a
   * replay sets them aside once); the rest is stored. Returns how many rows were set aside.
   */
  private async storeTable(
    chunk: { table: WalTable; rows: number; ndjson: Buffer },
    batchId: string,
    inflight: InflightBatch,
  ): Promise<number> {
    const token = `${batchId}:${chunk.table}`;
    const bad = await insertIsolatingBadRows(chunk.table, chunk.ndjson, chunk.rows, token, {
      insert: this.insert,
      isDataError: (err) => this.isDataError(err),
      wasSplit: (part) => inflight.split?.includes(part) ?? false,
      recordSplit: (part) => {
        inflight.split = [...(inflight.split ?? []), part];
        this.wal.writeMarker(INFLIGHT, inflight);
        this.hooks.onSplit?.(chunk.table);
      },
    });
    if (bad.length === 0) return 0;
    await this.insert(
      DEAD_LETTER_TABLE,
      deadLetterRows(chunk.table, batchId, bad),
      bad.length,
      deadLetterToken(token, bad),
    );
    this.log.warn(
      { table: chunk.table, rows: bad.length, batch: batchId, err: bad[0].error },
      'ClickHouse rejected rows for their data; they are in the dead_letters table',
    );
    return bad.length;
  }

  /**
   * Whether an insert failed because of its rows. Known parse and conversion errors are; outages,
   * full disks and missing tables are not. An unknown error code counts as the rows' fault only
   * when the batch keeps failing while ClickHouse answers the probe: then retrying would block
   * every project forever, and the rows stay recoverable in the dead-letter table.
   */
  private async isDataError(err: unknown): Promise<boolean> {
    const kind = classifyInsertError(err);
    if (kind !== 'unknown') return kind === 'data';
    // `failures` counts this batch's earlier failed attempts; this one is not counted yet.
    if (!this.options.probe || this.failures + 1 < UNKNOWN_ERROR_ATTEMPTS) return false;
    try {
      await this.options.probe();
      return true;
    } catch {
      return false;
    }
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
