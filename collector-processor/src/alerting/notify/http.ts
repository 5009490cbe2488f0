/**
 * The thin sending half every notifier shares: one POST with a timeout, its answer classified as a
 * DeliveryAttempt (retryable or permanent, Retry-After), and error texts stripped of secrets.
 */
import type { DeliveryAttempt } from '../types';

export const SEND_TIMEOUT_MS = 10_000;
/** A Retry-After longer than this is clipped: a receiver must not park a notification for days. */
export const MAX_RETRY_AFTER_MS = 3600_000;

/** Retry-After as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  const ms = /^\d+$/.test(trimmed) ? Number(trimmed) * 1000 : Date.parse(trimmed) - now;
  if (!Number.isFinite(ms)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, ms));
}

/**
 * 2xx delivered; 408 (timeout) and 429 (rate limited) and 5xx are worth retrying; any other 4xx
 * says the request itself is wrong (bad URL, revoked hook, invalid payload): retrying cannot help.
 */
export function attemptFromStatus(status: number, retryAfter: string | null, now: number): DeliveryAttempt {
  if (status >= 200 && status < 300) return { ok: true, status };
  const permanent = status >= 400 && status < 500 && status !== 408 && status !== 429;
  const retryAfterMs = permanent ? undefined : parseRetryAfter(retryAfter, now);
  return {
    ok: false,
    status,
    error: `HTTP ${status}`,
    ...(permanent ? { permanent: true } : {}),
    ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
  };
}

/** `text` with every secret (and a URL's path and query) replaced, for errors and logs. */
export function redact(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join('(redacted)');
  return out;
}

export interface PostOptions {
  url: string;
  body: string;
  headers?: Record<string, string>;
  signal: AbortSignal;
  timeoutMs?: number;
  /** Values that must not appear in the attempt's error (URL, tokens, header values). */
  secrets: readonly (string | undefined)[];
}

/** POSTs JSON once; network errors and timeouts are retryable attempts, never thrown. */
export async function postJson(o: PostOptions): Promise<DeliveryAttempt> {
  const signal = AbortSignal.any([o.signal, AbortSignal.timeout(o.timeoutMs ?? SEND_TIMEOUT_MS)]);
  try {
    const res = await fetch(o.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'PulseTrace-Alerting/1', ...o.headers },
      body: o.body,
      signal,
      redirect: 'error',
    });
    // Drain the body so the socket is reused; its text is not kept (it may echo what we sent).
    await res.arrayBuffer().catch(() => undefined);
    return attemptFromStatus(res.status, res.headers.get('retry-after'), Date.now());
  } catch (err) {
    const e = err as Error & { cause?: { code?: string; message?: string } };
    const reason =
      e.name === 'TimeoutError' || e.name === 'AbortError'
        ? `no answer within ${o.timeoutMs ?? SEND_TIMEOUT_MS} ms`
        : (e.cause?.code ?? e.cause?.message ?? e.message);
    return { ok: false, error: redact(`request failed: ${reason}`, [o.url, ...o.secrets]) };
  }
}
