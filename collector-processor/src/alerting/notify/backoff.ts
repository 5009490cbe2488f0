/**
 * Retry schedule of the delivery loop: exponential backoff with full jitter (a uniformly random
 * delay between 0 and min(cap, base × 2^(attempt−1))), so receivers coming back from an outage
 * are not hit by every replica's retries at once; a server's Retry-After replaces it.
 */
import type { DeliveryAttempt } from '../types';

export const BACKOFF_BASE_MS = 1000;
export const BACKOFF_CAP_MS = 5 * 60_000;
/** Attempts before a dead letter for receivers that set no limit of their own (Slack, Alertmanager). */
export const DEFAULT_MAX_ATTEMPTS = 8;

/** The largest delay after failed attempt number `attempt` (1-based). */
export function backoffCapMs(attempt: number, base = BACKOFF_BASE_MS, cap = BACKOFF_CAP_MS): number {
  return Math.min(cap, base * 2 ** Math.min(30, Math.max(0, attempt - 1)));
}

export type NextStep =
  { state: 'delivered' } | { state: 'dead'; reason: string } | { state: 'pending'; delayMs: number };

/** What follows attempt number `attempt` (1-based) of at most `maxAttempts`. */
export function nextStep(
  attempt: number,
  maxAttempts: number,
  result: DeliveryAttempt,
  random: () => number = Math.random,
): NextStep {
  if (result.ok) return { state: 'delivered' };
  if (result.permanent)
    return { state: 'dead', reason: `${result.error ?? 'failed'} (permanent: not retried)` };
  if (attempt >= maxAttempts)
    return { state: 'dead', reason: `${result.error ?? 'failed'} after ${attempt} attempts` };
  if (result.retryAfterMs !== undefined) return { state: 'pending', delayMs: result.retryAfterMs };
  return { state: 'pending', delayMs: Math.floor(random() * backoffCapMs(attempt)) };
}

export interface Queued {
  projectId: string;
  receiver: string;
  nextAttemptAt: number;
}

/**
 * What to send now: per (project, receiver) only its oldest pending notification, and only when
 * due. So a receiver gets its notifications in order (a resolve never overtakes the firing it
 * resolves while that one waits for a retry), and one failing receiver delays only itself.
 * `rows` are pending, oldest first.
 */
export function pickDue<T extends Queued>(rows: readonly T[], now: number): T[] {
  const seen = new Set<string>();
  const due: T[] = [];
  for (const r of rows) {
    const k = `${r.projectId}\u0000${r.receiver}`;
    if (seen.has(k)) continue;
    seen.add(k);
    if (r.nextAttemptAt <= now) due.push(r);
  }
  return due;
}
