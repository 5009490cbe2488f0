import type { Logger } from 'pino';
import { SIGNAL_TABLES, type RumRows } from '../store/rows';
import type { Position, Wal, WalRecord } from './wal';

/** What the batch writer needs from ClickHouse: one insert per table, idempotent per token. */
export type InsertFn = (table: string, rows: unknown[], dedupToken: string) => Promise<void>;

export interface BatchWriterOptions {
  minRows: number;
  maxRows: number;
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

/** The WAL payload format: rows by table, only non-empty tables present. */
export interface WalPayload {
  v: 1;
  rows: Partial<RumRows>;
}

export function encodePayload(rows: RumRows): { payload: Buffer; count: number } {
  const present: Partial<Record<keyof RumRows, unknown[]>> = {};
  let count = 0;
  for (const table of SIGNAL_TABLES) {
    if (rows[table].length > 0) {
      present[table] = rows[table];
      count += rows[table].length;
    }
  }
  return { payload: Buffer.from(JSON.stringify({ v: 1, rows: present })), count };
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
        const { records, next } = this.wal.read(this.position, this.options.maxRows);
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
    const byTable = new Map<string, unknown[]>();
    let rowCount = 0;
    for (const record of batch) {
      const payload = JSON.parse(record.payload.toString('utf8')) as WalPayload;
      for (const [table, rows] of Object.entries(payload.rows)) {
        let list = byTable.get(table);
        if (!list) byTable.set(table, (list = []));
        for (const row of rows as unknown[]) list.push(row);
        rowCount += (rows as unknown[]).length;
      }
    }
    const began = process.hrtime.bigint();
    const batchId = `${this.wal.id}:${start.segment}:${start.offset}-${end.offset}`;
    for (;;) {
      try {
        for (const [table, rows] of byTable) await this.insert(table, rows, `${batchId}:${table}`);
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
