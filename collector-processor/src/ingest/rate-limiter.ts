/**
 * Per-project token buckets, counted in records (events) per second with a burst of two seconds'
 * worth. In memory per instance: a limit protects this instance's WAL and CPU, not a global quota.
 */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; updatedAt: number }>();

  /** Takes `cost` tokens; returns 0 when allowed, else the seconds to wait before retrying. */
  take(projectId: string, ratePerSecond: number, cost: number, now = Date.now()): number {
    const capacity = ratePerSecond * 2;
    let bucket = this.buckets.get(projectId);
    if (!bucket) {
      bucket = { tokens: capacity, updatedAt: now };
      this.buckets.set(projectId, bucket);
    }
    bucket.tokens = Math.min(capacity, bucket.tokens + ((now - bucket.updatedAt) / 1000) * ratePerSecond);
    bucket.updatedAt = now;
    // A single request larger than the whole burst can never fit: admit it once the bucket is full.
    const needed = Math.min(cost, capacity);
    if (bucket.tokens >= needed) {
      bucket.tokens -= needed;
      return 0;
    }
    return Math.max(1, Math.ceil((needed - bucket.tokens) / ratePerSecond));
  }
}
