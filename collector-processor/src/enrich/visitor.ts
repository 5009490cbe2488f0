/**
 * Cookieless unique visitors, as Plausible counts them: a hash of (daily salt, project, IP, user
 * agent). The same browser on the same network hashes the same within a UTC day and differently
 * the next day; once a day's salt is deleted (two days later) nobody, us included, can tell which
 * IP and user agent produced a hash. Pure functions; the salts live in ClickHouse (salts.ts).
 */
import crypto from 'node:crypto';

const DAY_MS = 86_400_000;

/** The UTC day of an epoch-ms time as ClickHouse writes a Date: "2026-01-31". */
export function utcDay(ms: number): string {
  return new Date(Math.floor(ms / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
}

/** `day` ("YYYY-MM-DD") moved by `delta` days. */
export function addDays(day: string, delta: number): string {
  return utcDay(Date.parse(`${day}T00:00:00Z`) + delta * DAY_MS);
}

/**
 * Days whose salt must exist at `nowMs`: today, and tomorrow once midnight is within `lookaheadMs`,
 * so every instance has already converged on tomorrow's salt when the day turns (see
 * effectiveSalt) instead of racing to create it in the first minute.
 */
export function saltDays(nowMs: number, lookaheadMs: number): string[] {
  const today = utcDay(nowMs);
  const tomorrow = utcDay(nowMs + lookaheadMs);
  return tomorrow === today ? [today] : [today, tomorrow];
}

/**
 * Salts of days before this one are deleted: today's and yesterday's are kept (a request received
 * just before midnight may be processed after it), nothing older.
 */
export function oldestKeptDay(nowMs: number): string {
  return addDays(utcDay(nowMs), -1);
}

/**
 * The salt every instance uses for a day: the smallest of those stored. Two instances that both
 * found no salt and each inserted one agree as soon as both have read the table again.
 */
export function effectiveSalt(salts: readonly string[]): string | undefined {
  let min: string | undefined;
  for (const s of salts) if (s && (min === undefined || s < min)) min = s;
  return min;
}

export function newSalt(): string {
  return crypto.randomBytes(32).toString('hex');
}

/**
 * sha256 over the fields separated by NUL (so "ab"+"c" and "a"+"bc" differ), first 16 hex
 * characters: 64 bits keep accidental collisions negligible (a million visitors in a day expect
 * 3·10⁻⁸ collisions) while the column stays small.
 */
export function visitorHash(salt: string, projectId: string, ip: string, userAgent: string): string {
  return crypto
    .createHash('sha256')
    .update(`${salt}\0${projectId}\0${ip}\0${userAgent}`)
    .digest('hex')
    .slice(0, 16);
}
