/**
 * Idempotent batches: the browser SDK gives every OTLP batch a random id (`x-pulsetrace-batch`,
 * or `?batch=` from `navigator.sendBeacon`) and may send a batch more than once. Ingest stores a
 * (project, batch id) once: this module validates ids, remembers recently stored ones (bounded by
 * age and count, oldest evicted) and makes concurrent requests with the same id wait for each
 * other. The index is filled at start-up by `batch-ids-load.ts`. With replicas, a local miss is
 * also looked up in ClickHouse (`storedBatchLookup`): docs/scaling.md "Shared state" says what
 * that guarantees and which race remains.
 */

import type { IngestBatchRow } from '../store/rows';
import { toDateTime64 } from '../store/time';

export const BATCH_ID_MAX_LENGTH = 64;
const BATCH_ID = /^[A-Za-z0-9_-]+$/;

/** Why `id` is not a usable batch id, or undefined when it is. */
export function batchIdProblem(id: string): string | undefined {
  if (id.length >= 1 && id.length <= BATCH_ID_MAX_LENGTH && BATCH_ID.test(id)) return undefined;
  const shown = id.length > BATCH_ID_MAX_LENGTH ? `${id.slice(0, BATCH_ID_MAX_LENGTH)}…` : id;
  return (
    `invalid batch id ${JSON.stringify(shown)} (x-pulsetrace-batch header or ?batch=): ` +
    `send 1-${BATCH_ID_MAX_LENGTH} characters of A-Z, a-z, 0-9, "_" and "-", or no batch id`
  );
}

/** The `ingest_batches` rows that go into the WAL record with the request's rows. */
export function batchIdRows(projectIds: readonly string[], batchId: string, atMs: number): IngestBatchRow[] {
  const received_at = toDateTime64(atMs);
  return [...new Set(projectIds)].map((project_id) => ({ project_id, batch_id: batchId, received_at }));
}

export interface RecentBatchesOptions {
  /** How long a stored batch id is remembered. */
  windowMs: number;
  /** At most this many (project, batch id) pairs; the oldest go first. */
  maxEntries: number;
  now?: () => number;
  /**
   * Replicas: which of `projectIds` stored `batchId` through another processor (ClickHouse's
   * `ingest_batches`), asked on a local miss. Unset: this process's index alone decides.
   */
  lookup?: (projectIds: string[], batchId: string) => Promise<Set<string>>;
}

export const DEFAULT_BATCH_WINDOW_MS = 24 * 60 * 60 * 1000;

/** The outcome of {@link RecentBatches.claim}: settle it exactly once (later calls are ignored). */
export interface BatchClaim {
  /** Projects that have not stored this batch yet: this request stores their rows. */
  fresh: string[];
  /** Projects that already stored it. */
  stored: string[];
  /** `true` once the rows of `fresh` are durable (WAL); `false` on any failure or when nothing was written. */
  settle(stored: boolean): void;
}

// Batch ids contain no "/", so two different (project, batch id) pairs never share a key.
const keyOf = (projectId: string, batchId: string) => `${projectId}/${batchId}`;

export class RecentBatches {
  /** key → stored at (ms); insertion order is (about) time order, so the oldest come first. */
  private readonly seen = new Map<string, number>();
  private readonly inflight = new Map<string, Promise<void>>();
  private readonly now: () => number;

  constructor(readonly options: RecentBatchesOptions) {
    this.now = options.now ?? Date.now;
  }

  get size(): number {
    return this.seen.size;
  }

  has(projectId: string, batchId: string): boolean {
    const at = this.seen.get(keyOf(projectId, batchId));
    return at !== undefined && at > this.now() - this.options.windowMs;
  }

  /** Records a stored batch (at start-up: from ClickHouse and the WAL, oldest first). */
  add(projectId: string, batchId: string, atMs = this.now()): void {
    const key = keyOf(projectId, batchId);
    const oldest = this.now() - this.options.windowMs;
    if (atMs > oldest && !this.seen.has(key)) this.seen.set(key, atMs);
    for (const [k, at] of this.seen) {
      if (at > oldest && this.seen.size <= this.options.maxEntries) break;
      this.seen.delete(k);
    }
  }

  /**
   * Waits until no other request holds this batch id for any of `projectIds`, then claims it for
   * the projects that have not stored it. Requests sent concurrently thus run one after the
   * other: the second sees the first one's batch as stored, or, if the first failed, stores it.
   */
  async claim(projectIds: readonly string[], batchId: string): Promise<BatchClaim> {
    const keys = projectIds.map((p) => keyOf(p, batchId));
    for (;;) {
      const busy = keys.map((k) => this.inflight.get(k)).filter((p) => p !== undefined);
      if (busy.length === 0) break;
      await Promise.all(busy);
    }
    // From here to the registration nothing awaits: checking and claiming are one step.
    let fresh = projectIds.filter((p) => !this.has(p, batchId));
    let release!: () => void;
    const done = new Promise<void>((resolve) => (release = resolve));
    const mine = [...new Set(fresh)].map((p) => keyOf(p, batchId));
    for (const key of mine) this.inflight.set(key, done);
    if (this.options.lookup && fresh.length > 0) {
      // Claimed locally first, so a concurrent request here waits instead of asking again.
      const elsewhere = await this.lookupOrNothing([...new Set(fresh)], batchId);
      for (const p of elsewhere) this.add(p, batchId);
      fresh = fresh.filter((p) => !elsewhere.has(p));
    }
    const stored = projectIds.filter((p) => !fresh.includes(p));
    let settled = false;
    return {
      fresh,
      stored,
      settle: (ok) => {
        if (settled) return;
        settled = true;
        for (const key of mine) this.inflight.delete(key);
        // `fresh` only: the projects another replica stored are already in the index.
        if (ok) for (const p of new Set(fresh)) this.add(p, batchId);
        release();
      },
    };
  }

  /** A failed lookup (ClickHouse unreachable) stores the batch: ingest never waits on an outage. */
  private async lookupOrNothing(projectIds: string[], batchId: string): Promise<Set<string>> {
    try {
      return await this.options.lookup!(projectIds, batchId);
    } catch {
      return new Set();
    }
  }
}
