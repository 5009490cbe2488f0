import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readRecords } from './read-records';
import {
  encodeRecord,
  fsyncDir,
  listSegments,
  readJson,
  recoverTail,
  segmentFileName,
  writeAll,
  writeJsonDurable,
  type Position,
  type WalRecord,
} from './segments';

export type { Position, WalRecord } from './segments';

export interface WalOptions {
  segmentBytes: number;
  maxBytes: number;
  /**
   * Segments rotate by age as well as size, and a segment whose rows are all stored is deleted,
   * so scrubbed rows sit on disk outside ClickHouse for about this long after they are stored,
   * however little traffic arrives (docs/architecture.md). Unset: size rotation only.
   */
  segmentMaxAgeMs?: number;
}

export class WalFullError extends Error {}

interface PendingAppend {
  parts: Buffer[];
  bytes: number;
  rows: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Write-ahead log with group commit: appends that arrive while a write+fdatasync is in progress
 * are written together by the next one, so a burst of requests costs one fsync, not one each.
 * A request is acknowledged only after its record is synced. The batch writer reads records back
 * from disk (never from memory), so a ClickHouse outage grows the log, not the heap.
 */
export class Wal {
  readonly id: string;
  private queue: PendingAppend[] = [];
  private flushing = false;
  private fd: number;
  private tail: Position;
  private checkpoint: Position;
  private segmentSizes = new Map<number, number>();
  private listeners = new Set<() => void>();
  /** When the tail segment got its first record; undefined while it is empty. */
  private tailStartedAt: number | undefined;
  private readonly expiryTimer: NodeJS.Timeout | undefined;
  private closed = false;
  /** Rows appended but not yet checkpointed (approximate across restarts: recovered by scan). */
  private pendingRows: number;
  /** fdatasync calls so far: with group commit, far fewer than appends under concurrency. */
  syncCount = 0;

  private constructor(
    readonly dir: string,
    private readonly options: WalOptions,
    meta: { id: string },
    checkpoint: Position,
    tail: Position,
    pendingRows: number,
  ) {
    this.id = meta.id;
    this.checkpoint = checkpoint;
    this.tail = tail;
    this.pendingRows = pendingRows;
    for (const seg of listSegments(dir)) this.segmentSizes.set(seg, fs.statSync(this.segmentPath(seg)).size);
    this.fd = fs.openSync(this.segmentPath(tail.segment), 'a');
    if (tail.offset > 0) this.tailStartedAt = fs.statSync(this.segmentPath(tail.segment)).mtimeMs;
    const maxAge = options.segmentMaxAgeMs;
    if (maxAge !== undefined && Number.isFinite(maxAge)) {
      // Idle logs need a clock too: with no appends nothing else would close the old segment.
      const every = Math.min(1000, Math.max(10, Math.floor(maxAge / 4)));
      this.expiryTimer = setInterval(() => {
        try {
          this.expireStored(false);
        } catch {
          // Retried on the next tick; appends and commits report a failing disk to their callers.
        }
      }, every);
      this.expiryTimer.unref();
    }
  }

  /** Opens (or creates) the log, cutting any torn record a crash left at the tail. */
  static open(dir: string, options: WalOptions): Wal {
    fs.mkdirSync(dir, { recursive: true });
    const metaFile = path.join(dir, 'meta.json');
    let meta = readJson<{ id: string }>(metaFile);
    if (!meta) {
      meta = { id: crypto.randomBytes(8).toString('hex') };
      writeJsonDurable(metaFile, meta);
    }
    const segments = listSegments(dir);
    const checkpoint = readJson<Position>(path.join(dir, 'checkpoint.json')) ?? {
      segment: segments[0] ?? 1,
      offset: 0,
    };
    const { tail, pendingRows } = recoverTail(dir, segments, checkpoint);
    return new Wal(dir, options, meta, checkpoint, tail, pendingRows);
  }

  /** Bytes written but not yet checkpointed: what ingest compares with its bound. */
  pendingBytes(): number {
    let total = 0;
    for (const [seg, size] of this.segmentSizes) {
      if (seg < this.checkpoint.segment) continue;
      total += seg === this.checkpoint.segment ? size - this.checkpoint.offset : size;
    }
    return total;
  }

  pendingRowCount(): number {
    return this.pendingRows;
  }

  isFull(): boolean {
    return this.pendingBytes() >= this.options.maxBytes;
  }

  durableEnd(): Position {
    return { ...this.tail };
  }

  checkpointPosition(): Position {
    return { ...this.checkpoint };
  }

  /** Resolves once the record is on disk (fdatasync); rejects with WalFullError past the bound. */
  append(payload: Buffer, rows: number): Promise<void> {
    if (this.isFull()) {
      return Promise.reject(new WalFullError('write-ahead log is full: ClickHouse is not keeping up'));
    }
    return new Promise((resolve, reject) => {
      const parts = encodeRecord(payload, rows);
      this.queue.push({ parts, bytes: parts[0].length + parts[1].length, rows, resolve, reject });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length > 0) {
        const group = this.queue.splice(0);
        const bytes = group.reduce((n, a) => n + a.bytes, 0);
        try {
          const full = this.tail.offset + bytes > this.options.segmentBytes;
          if (this.tail.offset > 0 && (full || this.tailExpired())) this.rotate();
          await writeAll(
            this.fd,
            group.flatMap((a) => a.parts),
          );
          await new Promise<void>((res, rej) => fs.fdatasync(this.fd, (e) => (e ? rej(e) : res())));
          this.syncCount++;
        } catch (err) {
          // Cut whatever part of the group reached the file: none of it was acknowledged.
          try {
            fs.ftruncateSync(this.fd, this.tail.offset);
          } catch {
            /* the next append fails the same way and is reported to its caller */
          }
          for (const a of group) a.reject(err as Error);
          continue;
        }
        if (this.tail.offset === 0) this.tailStartedAt = Date.now();
        this.tail = { segment: this.tail.segment, offset: this.tail.offset + bytes };
        this.segmentSizes.set(this.tail.segment, this.tail.offset);
        for (const a of group) {
          this.pendingRows += a.rows;
          a.resolve();
        }
        for (const listener of this.listeners) listener();
      }
    } finally {
      this.flushing = false;
    }
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    const next = this.tail.segment + 1;
    this.fd = fs.openSync(this.segmentPath(next), 'a');
    fsyncDir(this.dir);
    this.tail = { segment: next, offset: 0 };
    this.segmentSizes.set(next, 0);
    this.tailStartedAt = undefined;
  }

  private tailExpired(now = Date.now()): boolean {
    const maxAge = this.options.segmentMaxAgeMs;
    return maxAge !== undefined && this.tailStartedAt !== undefined && now - this.tailStartedAt >= maxAge;
  }

  /**
   * Closes the tail segment when it is older than the maximum age (or always, with `force`) and
   * deletes every segment whose rows are all stored. Never while a group commit writes the tail.
   */
  private expireStored(force: boolean): void {
    if (this.flushing || this.closed) return;
    if (this.tail.offset > 0 && (force || this.tailExpired())) this.rotate();
    const before = this.checkpoint.segment;
    this.skipStoredSegments();
    if (this.checkpoint.segment !== before) {
      writeJsonDurable(path.join(this.dir, 'checkpoint.json'), this.checkpoint);
      this.deleteSegmentsBefore(this.checkpoint.segment);
    }
  }

  /**
   * Deletes every stored row from disk now: closes the tail segment and deletes all segments
   * whose rows are stored. Called after a project deletion or a data-subject erasure; rows not
   * yet stored stay (they are stored, then erased with the rest).
   */
  async releaseStored(): Promise<void> {
    while (this.flushing) await new Promise((r) => setTimeout(r, 5));
    this.expireStored(true);
  }

  /** A checkpoint at the end of a closed segment moves to the start of the next one. */
  private skipStoredSegments(): void {
    let cp = this.checkpoint;
    while (cp.segment < this.tail.segment && cp.offset >= (this.segmentSizes.get(cp.segment) ?? 0)) {
      cp = { segment: cp.segment + 1, offset: 0 };
    }
    this.checkpoint = cp;
  }

  private deleteSegmentsBefore(segment: number): void {
    for (const seg of [...this.segmentSizes.keys()]) {
      if (seg < segment) {
        fs.rmSync(this.segmentPath(seg), { force: true });
        this.segmentSizes.delete(seg);
      }
    }
  }

  /** Called after every group commit; the batch writer uses it to wake up. */
  onAppend(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Reads durable records from `from`, within one segment, up to `maxRows` rows and `maxBytes`
   * bytes (at least one record) or exactly up to `until` when replaying a batch whose bounds were
   * recorded.
   */
  read(
    from: Position,
    maxRows: number,
    until?: Position,
    maxBytes = Infinity,
  ): { records: WalRecord[]; next: Position } {
    const segmentEnd = (seg: number) =>
      seg === this.tail.segment ? this.tail.offset : (this.segmentSizes.get(seg) ?? 0);
    return readRecords(this.dir, segmentEnd, this.tail, from, { maxRows, until, maxBytes });
  }

  /**
   * Marks everything before `position` as stored; deletes segments wholly before it, including
   * a closed segment `position` is the end of (its rows need not wait for the next segment's).
   */
  commit(position: Position, rows: number): void {
    this.checkpoint = { ...position };
    this.skipStoredSegments();
    writeJsonDurable(path.join(this.dir, 'checkpoint.json'), this.checkpoint);
    this.pendingRows = Math.max(0, this.pendingRows - rows);
    this.deleteSegmentsBefore(this.checkpoint.segment);
  }

  writeMarker(name: string, value: unknown): void {
    writeJsonDurable(path.join(this.dir, name), value);
  }

  readMarker<T>(name: string): T | undefined {
    return readJson<T>(path.join(this.dir, name));
  }

  clearMarker(name: string): void {
    fs.rmSync(path.join(this.dir, name), { force: true });
  }

  /** Waits for in-flight appends to be synced, then closes the file. */
  async close(): Promise<void> {
    clearInterval(this.expiryTimer);
    while (this.flushing || this.queue.length > 0) await new Promise((r) => setTimeout(r, 5));
    this.closed = true;
    fs.closeSync(this.fd);
  }

  private segmentPath(segment: number): string {
    return path.join(this.dir, segmentFileName(segment));
  }
}
