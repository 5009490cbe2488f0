/**
 * One runner per cluster for a periodic job (issue lifecycle, insight engine, alert ruler, project
 * purge): the job's timer asks its JobLease before each pass, and only the replica holding the
 * job's lease (store/lease.ts, a ClickHouse row log) runs it. From the job's first pass on, the
 * lease is ticked in the background every quarter of its TTL, not only when the job is due, so
 * the holder keeps it between passes (a job that runs every 10 min would otherwise be raced for at
 * every pass) and renews it during a pass longer than the TTL. When the holder stops it releases the lease; when it dies the
 * lease expires and another replica takes the next term within `ttlMs` plus one tick.
 *
 * Calls made on demand (`runOnce` from the API and tests) do not go through the lease: they are
 * the caller's explicit wish on this replica.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { DEFAULT_LEASE_TIMING, Lease } from '../store/lease';

/** What a job's timer needs: run this pass if this replica is the job's runner. */
export interface JobGate {
  run<T>(work: () => Promise<T>): Promise<T | undefined>;
}

export const JOB_LEASES = ['issue-lifecycle', 'insights-engine', 'alert-ruler', 'project-purge'] as const;
export type JobName = (typeof JOB_LEASES)[number];

export class JobLease implements JobGate {
  /** Passes this replica ran as the holder (observability and tests). */
  passes = 0;
  readonly lease: Lease;
  private timer: NodeJS.Timeout | undefined;
  private ticking: Promise<unknown> | undefined;
  private stopped = false;
  private readonly tickMs: number;

  constructor(
    client: ClickHouseClient,
    readonly name: string,
    private readonly log: Logger,
    ttlMs = DEFAULT_LEASE_TIMING.ttlMs,
    holder?: string,
  ) {
    this.lease = new Lease(client, { name, ttlMs, holder });
    // A quarter of the TTL: the holder renews once a third has passed, with a tick to spare.
    this.tickMs = Math.max(100, Math.floor(ttlMs / 4));
  }

  /** The term held now, without a query (undefined: another replica runs the job). */
  term(): number | undefined {
    return this.lease.term();
  }

  /** One lease step at a time; failures (ClickHouse down) mean "not the holder" until it works. */
  tick(): Promise<unknown> {
    if (this.stopped) return Promise.resolve();
    this.ticking ??= this.lease
      .tick()
      .catch((err: unknown) => this.log.warn({ err, lease: this.name }, 'job lease tick failed'))
      .finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  async run<T>(work: () => Promise<T>): Promise<T | undefined> {
    if (this.stopped) return undefined;
    // Ticking starts with the job's first pass: a job whose timer is off costs no queries.
    if (!this.timer) {
      this.timer = setInterval(() => void this.tick(), this.tickMs);
      this.timer.unref();
    }
    if (this.lease.term() === undefined) await this.tick();
    if (this.lease.term() === undefined) return undefined;
    this.passes++;
    return work();
  }

  /** Call after the job has stopped: hands the lease over at once instead of at expiry. */
  async stop(): Promise<void> {
    await this.halt();
    await this.lease.release().catch(() => undefined);
  }

  /** Stops ticking without a release: what a crashed replica leaves behind (tests). */
  async halt(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.ticking;
  }
}

/** The four job leases of one replica. */
export function startJobLeases(
  client: ClickHouseClient,
  log: Logger,
  ttlMs: number,
): Record<JobName, JobLease> {
  const entries = JOB_LEASES.map((name) => [name, new JobLease(client, name, log, ttlMs)] as const);
  return Object.fromEntries(entries) as Record<JobName, JobLease>;
}
