/**
 * Replica heartbeats (migration 0021): every `intervalMs` a replica inserts a row and counts the
 * replicas that beat within the last three intervals and did not say goodbye. The count divides
 * each project's rate limit (ingest/rate-limiter.ts): with N live replicas behind a load balancer
 * that spreads requests evenly, N × (limit / N) ≈ the project's limit across the cluster.
 *
 * Approximate on purpose: uneven spreading (sticky connections, one busy client) admits less than
 * the limit; a replica that joins or dies changes N only at the next beat, so for up to
 * 3 × intervalMs the sum can be off by one replica's share. When ClickHouse cannot be read the
 * last count stays (at least 1: alone, a replica enforces the whole limit).
 */
import crypto from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { selectRows } from '../store/query';

export class Heartbeat {
  readonly replica: string;
  private live = 1;
  private timer: NodeJS.Timeout | undefined;
  private beating: Promise<void> | undefined;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly intervalMs: number,
    private readonly log: Logger,
    replica?: string,
  ) {
    this.replica = replica ?? `${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
  }

  /** Replicas alive at the last beat (this one included; at least 1). */
  liveReplicas(): number {
    return this.live;
  }

  /** First beat now (so the count is right before traffic), then every interval. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat(), this.intervalMs);
    this.timer.unref();
  }

  beat(): Promise<void> {
    this.beating ??= this.doBeat()
      .catch((err: unknown) => this.log.warn({ err }, 'heartbeat failed; keeping the last replica count'))
      .finally(() => (this.beating = undefined));
    return this.beating;
  }

  /** Says goodbye, so the others stop counting this replica at their next beat. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.beating;
    await this.insert(1).catch(() => undefined);
  }

  private insert(stopping: 0 | 1) {
    return this.client.insert({
      table: 'processor_heartbeats',
      values: [{ replica: this.replica, stopping }],
      format: 'JSONEachRow',
    });
  }

  private async doBeat(): Promise<void> {
    await this.insert(0);
    const rows = await selectRows<{ n: string }>(
      this.client,
      `SELECT count() AS n FROM (
         SELECT replica, argMax(stopping, at) AS gone FROM processor_heartbeats
         WHERE at > now64(3) - toIntervalMillisecond({window:UInt64})
         GROUP BY replica
       ) WHERE gone = 0`,
      { window: 3 * this.intervalMs },
    );
    this.live = Math.max(1, Number(rows[0]?.n ?? 1));
  }
}
