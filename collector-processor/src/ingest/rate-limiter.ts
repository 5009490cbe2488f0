export interface RateCharge {
  projectId: string;
  ratePerSecond: number;
  /** Records (events) the request carries for the project. */
  cost: number;
}

export interface Admission {
  /** 0 when admitted; else the seconds to wait before retrying (the longest of the limited projects). */
  wait: number;
  limitedProjectId?: string;
}

interface Bucket {
  tokens: number;
  updatedAt: number;
  capacity: number;
}

/**
 * Per-project token buckets, counted in records (events) per second with a burst of two seconds'
 * worth. In memory per instance; with replicas, `replicas()` (live replicas from the heartbeats,
 * scale/heartbeat.ts) divides each limit so the cluster admits about the project's limit in total:
 * approximate, see docs/scaling.md "Shared state".
 */
export class RateLimiter {
  private buckets = new Map<string, Bucket>();

  constructor(private readonly replicas: () => number = () => 1) {}

  /**
   * All or nothing: a request carrying records of several projects is admitted only when every
   * one of them has room, and only then is each charged. A refused request costs no project
   * anything, so its retry is not charged twice. Synchronous, so no other request interleaves
   * between the check and the charge.
   */
  admit(charges: readonly RateCharge[], now = Date.now()): Admission {
    const perProject = new Map<string, { bucket: Bucket; needed: number }>();
    // This replica's share; never below 1 record/s, so a tiny limit split many ways still admits.
    const share = (rate: number) => Math.max(1, rate / Math.max(1, this.replicas()));
    for (const { projectId, ratePerSecond, cost } of charges) {
      const entry = perProject.get(projectId);
      if (entry) entry.needed += cost;
      else
        perProject.set(projectId, {
          bucket: this.refilled(projectId, share(ratePerSecond), now),
          needed: cost,
        });
    }
    let wait = 0;
    let limitedProjectId: string | undefined;
    for (const [projectId, entry] of perProject) {
      // A single request larger than the whole burst can never fit: admit it once the bucket is full.
      entry.needed = Math.min(entry.needed, entry.bucket.capacity);
      if (entry.bucket.tokens >= entry.needed) continue;
      const rate = entry.bucket.capacity / 2;
      const projectWait = Math.max(1, Math.ceil((entry.needed - entry.bucket.tokens) / rate));
      if (projectWait > wait) [wait, limitedProjectId] = [projectWait, projectId];
    }
    if (limitedProjectId !== undefined) return { wait, limitedProjectId };
    for (const { bucket, needed } of perProject.values()) bucket.tokens -= needed;
    return { wait: 0 };
  }

  /** Gives back the tokens of an admitted request that was then not stored (WAL full or failing). */
  refund(charges: readonly RateCharge[]): void {
    for (const { projectId, cost } of charges) {
      const bucket = this.buckets.get(projectId);
      if (bucket) bucket.tokens = Math.min(bucket.capacity, bucket.tokens + cost);
    }
  }

  private refilled(projectId: string, ratePerSecond: number, now: number): Bucket {
    const capacity = ratePerSecond * 2;
    let bucket = this.buckets.get(projectId);
    if (!bucket) {
      bucket = { tokens: capacity, updatedAt: now, capacity };
      this.buckets.set(projectId, bucket);
    }
    // A changed project limit applies from now on.
    bucket.capacity = capacity;
    bucket.tokens = Math.min(
      capacity,
      bucket.tokens + (Math.max(0, now - bucket.updatedAt) / 1000) * ratePerSecond,
    );
    bucket.updatedAt = Math.max(bucket.updatedAt, now);
    return bucket;
  }
}
