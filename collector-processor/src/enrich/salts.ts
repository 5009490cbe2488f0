/**
 * Daily visitor-hash salts in ClickHouse (`visitor_salts`, migration 0004), shared by every
 * processor instance on the same database and cached in memory so the ingest path never waits.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import type { Store } from '../store/clickhouse';
import { mutationTarget } from '../store/cluster-ddl';
import { toDateTime64 } from '../store/time';
import { effectiveSalt, newSalt, oldestKeptDay, saltDays } from './visitor';

export interface VisitorSaltsOptions {
  client: ClickHouseClient;
  log: Logger;
  /** Clock; tests move it across days. */
  now?: () => number;
  /** Create tomorrow's salt once midnight is this close (default 10 min: ten refreshes). */
  lookaheadMs?: number;
  /** Store.cluster: the cleanup mutation runs ON CLUSTER on `visitor_salts_local`. */
  cluster?: Store['cluster'];
}

/**
 * The cleanup of salts older than `oldest` ("YYYY-MM-DD"). A literal, not a query parameter: a
 * mutation stores its command text and runs it later, and `oldest` is our own day (checked), so
 * nothing foreign reaches the SQL. One node: a synchronous mutation. A cluster: queued ON CLUSTER
 * without waiting (`distributed_ddl_task_timeout = 0`), so a node that is down never holds up the
 * refresh that keeps the salts in memory (the reads skip those days anyway); the next refresh
 * queues it again while any shard still has such rows.
 */
export function deleteSaltsBefore(
  oldest: string,
  cluster?: Store['cluster'],
): { query: string; settings: Record<string, string> } {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(oldest)) throw new Error(`not a day: ${oldest}`);
  return {
    query: `ALTER TABLE ${mutationTarget('visitor_salts', cluster)} DELETE WHERE day < toDate('${oldest}')`,
    settings: cluster ? { distributed_ddl_task_timeout: '0' } : { mutations_sync: '1' },
  };
}

export class VisitorSalts {
  private readonly client: ClickHouseClient;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly lookaheadMs: number;
  private readonly cluster: Store['cluster'];
  private salts = new Map<string, string>();
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastLazyRefresh = 0;

  constructor(opts: VisitorSaltsOptions) {
    this.client = opts.client;
    this.log = opts.log;
    this.now = opts.now ?? Date.now;
    this.lookaheadMs = opts.lookaheadMs ?? 10 * 60_000;
    this.cluster = opts.cluster;
  }

  /**
   * The salt for a UTC day, from memory. Undefined when it is not known yet (ClickHouse was down
   * at the last refresh): a refresh is started and the caller stores no hash rather than wait.
   */
  saltFor(day: string): string | undefined {
    const salt = this.salts.get(day);
    // At most one lazy refresh per 5 s: while ClickHouse is down every request would start one.
    if (salt === undefined && Date.now() - this.lastLazyRefresh > 5_000) {
      this.lastLazyRefresh = Date.now();
      void this.refresh(); // failures are logged there
    }
    return salt;
  }

  /** Days with a salt in memory, oldest first (for tests and logs). */
  knownDays(): string[] {
    return [...this.salts.keys()].sort();
  }

  /** One refresh at a time; concurrent callers share it. */
  refresh(): Promise<void> {
    this.inFlight ??= this.doRefresh()
      .catch((err) =>
        this.log.warn({ err }, 'visitor salt refresh failed; visitor hashes are empty until it works'),
      )
      .finally(() => (this.inFlight = undefined));
    return this.inFlight;
  }

  /** Refreshes every `intervalMs` (unref'd: it never keeps the process alive). */
  start(intervalMs: number): void {
    this.timer ??= setInterval(() => void this.refresh(), intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private async doRefresh(): Promise<void> {
    const nowMs = this.now();
    const oldest = oldestKeptDay(nowMs);
    await this.deleteBefore(oldest);
    let stored = await this.read(oldest);
    const missing = saltDays(nowMs, this.lookaheadMs).filter((day) => !stored.has(day));
    if (missing.length > 0) {
      await this.client.insert({
        table: 'visitor_salts',
        values: missing.map((day) => ({ day, salt: newSalt(), created_at: toDateTime64(nowMs) })),
        format: 'JSONEachRow',
      });
      // Read back instead of using our own salt: another instance may have inserted a smaller one.
      stored = await this.read(oldest);
      this.log.debug({ days: missing }, 'visitor salts created');
    }
    this.salts = stored;
  }

  private async read(oldest: string): Promise<Map<string, string>> {
    const result = await this.client.query({
      // `d`, not `day`: an alias named like the column would replace it in WHERE.
      query: `SELECT toString(day) AS d, groupArray(salt) AS salts FROM visitor_salts
              WHERE day >= {oldest:Date} GROUP BY day`,
      query_params: { oldest },
      format: 'JSONEachRow',
    });
    const out = new Map<string, string>();
    for (const row of await result.json<{ d: string; salts: string[] }>()) {
      const salt = effectiveSalt(row.salts);
      if (salt) out.set(row.d, salt);
    }
    return out;
  }

  /**
   * Deletes salts older than `oldest` with a mutation (deleteSaltsBefore: synchronous on one node),
   * which rewrites the parts without those rows (a lightweight DELETE would only mask them until a
   * merge). Only issued when there is
   * something to delete, so the minutely refresh does not queue a mutation each time.
   */
  private async deleteBefore(oldest: string): Promise<void> {
    const result = await this.client.query({
      query: 'SELECT count() AS n FROM visitor_salts WHERE day < {oldest:Date}',
      query_params: { oldest },
      format: 'JSONEachRow',
    });
    const [{ n }] = await result.json<{ n: string | number }>();
    if (Number(n) === 0) return;
    const { query, settings } = deleteSaltsBefore(oldest, this.cluster);
    await this.client.command({ query, clickhouse_settings: settings });
    this.log.info(
      { before: oldest },
      this.cluster ? 'deletion of old visitor salts queued on the cluster' : 'old visitor salts deleted',
    );
  }
}
