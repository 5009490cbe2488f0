/**
 * A named lease in ClickHouse (table `leases`, migration 0019) so that one processor replica at a
 * time runs a job (alert delivery; other one-per-cluster jobs may reuse it). ClickHouse has no
 * compare-and-set, so the lease is an append-only log of claims, renewals and releases per term,
 * and every replica derives the holder from it with the same rule (lease-state.ts): contenders for
 * term N+1 each insert a claim, wait `settleMs + visibilityMs`, read the claims back and agree on
 * the smallest holder id among those stamped within `settleMs` of the first. Never two holders in
 * one term; the term number is a fencing token a job may write with its results.
 *
 * What it assumes: an insert becomes visible to reads within `visibilityMs` of its server stamp,
 * and a holder is not paused (GC, SIGSTOP) for longer than the margin between its own deadline
 * and the term's expiry (`ttlMs / 3`). The holder stops acting at a deadline computed on its own
 * clock from the server's answer, so it gives up before anyone else may take the next term.
 */
import crypto from 'node:crypto';
import type { ClickHouseClient } from '@clickhouse/client';
import { leaseState, type LeaseRow, type LeaseState, type LeaseTiming } from './lease-state';
import { selectRows } from './query';

export interface LeaseOptions extends Partial<LeaseTiming> {
  name: string;
  /** This replica's id; random by default. */
  holder?: string;
}

export const DEFAULT_LEASE_TIMING: LeaseTiming = { ttlMs: 15_000, settleMs: 300, visibilityMs: 300 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export class Lease {
  readonly name: string;
  readonly holder: string;
  private readonly timing: LeaseTiming;
  /** Local clock (performance.now) until which this replica may act as the holder. */
  private deadline = 0;
  private heldTerm: number | undefined;

  constructor(
    private readonly client: ClickHouseClient,
    options: LeaseOptions,
  ) {
    this.name = options.name;
    this.holder = options.holder ?? `${process.pid}-${crypto.randomBytes(6).toString('hex')}`;
    this.timing = { ...DEFAULT_LEASE_TIMING, ...options };
    if (this.timing.ttlMs < 3 * (this.timing.settleMs + this.timing.visibilityMs))
      throw new Error('lease ttlMs must be at least 3 × (settleMs + visibilityMs)');
  }

  /** The term this replica holds now, or undefined (checks the local deadline, no query). */
  term(): number | undefined {
    return this.heldTerm !== undefined && performance.now() < this.deadline ? this.heldTerm : undefined;
  }

  /**
   * One step: renew the lease when held and a third of it has passed, claim the next term when
   * it is free or expired, and answer the term held after that (undefined: someone else holds it,
   * or the claim lost). Takes `settleMs + visibilityMs` when it claims, one or two reads otherwise.
   */
  async tick(): Promise<number | undefined> {
    let { state, localAt } = await this.read();
    if (state.phase === 'settling') {
      // Another replica opened the term a moment ago: join it (a claim stamped too late is ignored).
      await this.claim(state.term);
      ({ state, localAt } = await this.readAfter(state.decidedAt));
    } else if (state.phase === 'none' || state.phase === 'expired') {
      const term = state.phase === 'none' ? 1 : state.term + 1;
      await this.claim(term);
      await sleep(this.timing.settleMs + this.timing.visibilityMs);
      ({ state, localAt } = await this.readAfter(0));
    } else if (state.phase === 'held' && state.holder === this.holder) {
      const left = state.expiresAt - state.now;
      if (left < (this.timing.ttlMs * 2) / 3) {
        await this.insert(state.term, 'renew');
        ({ state, localAt } = await this.read());
      }
    }
    return this.adopt(state, localAt);
  }

  /** Gives the lease up (on shutdown) so another replica takes over without waiting for expiry. */
  async release(): Promise<void> {
    const term = this.term();
    this.heldTerm = undefined;
    this.deadline = 0;
    if (term !== undefined) await this.insert(term, 'release');
  }

  private adopt(state: LeaseState & { now: number }, localAt: number): number | undefined {
    if (state.phase === 'held' && state.holder === this.holder) {
      this.heldTerm = state.term;
      // Server time left, on the local clock, minus a third of the ttl as the margin for pauses
      // and for the time the answer took to come back (localAt is taken before the query).
      this.deadline = localAt + (state.expiresAt - state.now) - this.timing.ttlMs / 3;
      return this.term();
    }
    this.heldTerm = undefined;
    this.deadline = 0;
    return undefined;
  }

  private async claim(term: number): Promise<void> {
    await this.insert(term, 'claim');
  }

  private async insert(term: number, kind: LeaseRow['kind']): Promise<void> {
    // `at` is left to the column default (now64(3) on the server): one clock for every replica.
    await this.client.insert({
      table: 'leases',
      values: [{ name: this.name, term, holder: this.holder, kind }],
      format: 'JSONEachRow',
    });
  }

  /** Reads again until the server's clock has passed `serverTime` (a settle deadline). */
  private async readAfter(serverTime: number) {
    for (;;) {
      const r = await this.read();
      if (r.state.now >= serverTime && r.state.phase !== 'settling') return r;
      await sleep(
        Math.max(20, (r.state.phase === 'settling' ? r.state.decidedAt : serverTime) - r.state.now),
      );
    }
  }

  private async read(): Promise<{ state: LeaseState & { now: number }; localAt: number }> {
    const localAt = performance.now();
    const rows = await selectRows<{
      term: string;
      holder: string;
      kind: LeaseRow['kind'];
      at: string;
      now: string;
    }>(
      this.client,
      `SELECT term, holder, kind, toUnixTimestamp64Milli(at) AS at, toUnixTimestamp64Milli(now64(3)) AS now
       FROM leases
       WHERE name = {name:String} AND term = (SELECT max(term) FROM leases WHERE name = {name:String})
       UNION ALL SELECT 0, '', 'none', 0, toUnixTimestamp64Milli(now64(3))`,
      { name: this.name },
    );
    const now = Math.max(...rows.map((r) => Number(r.now)));
    const log: LeaseRow[] = rows
      .filter((r) => (r.kind as string) !== 'none')
      .map((r) => ({ term: Number(r.term), holder: r.holder, kind: r.kind, at: Number(r.at) }));
    return { state: { ...leaseState(log, now, this.timing), now }, localAt };
  }
}
