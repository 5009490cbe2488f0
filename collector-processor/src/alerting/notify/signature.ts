/**
 * The webhook's signature, as Stripe signs its webhooks: `X-PulseTrace-Signature:
 * t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` keyed with the receiver's secret.
 * The timestamp is inside the signed text, so a receiver that also rejects a `t` older than its
 * replay window (5 minutes by default) cannot be made to accept a captured request again later.
 */
import crypto from 'node:crypto';

export const SIGNATURE_HEADER = 'X-PulseTrace-Signature';
export const DELIVERY_HEADER = 'X-PulseTrace-Delivery';
export const DEFAULT_TOLERANCE_S = 300;

export function sign(secret: string, body: string, unixSeconds: number): string {
  const mac = crypto.createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

export type Verification = { ok: true; t: number } | { ok: false; reason: string };

/**
 * What a receiver runs (docs/alerting.md has the same in a few lines): parse the header, recompute
 * the HMAC over the raw body exactly as received, compare in constant time, check the age.
 */
export function verifySignature(
  header: string | undefined,
  body: string,
  secret: string,
  nowSeconds = Math.floor(Date.now() / 1000),
  toleranceS = DEFAULT_TOLERANCE_S,
): Verification {
  if (!header) return { ok: false, reason: 'no signature header' };
  const parts = new Map<string, string[]>();
  for (const item of header.split(',')) {
    const i = item.indexOf('=');
    if (i <= 0) continue;
    const k = item.slice(0, i).trim();
    parts.set(k, [...(parts.get(k) ?? []), item.slice(i + 1).trim()]);
  }
  const t = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(t)) return { ok: false, reason: 'no timestamp' };
  if (Math.abs(nowSeconds - t) > toleranceS)
    return { ok: false, reason: 'timestamp outside the replay window' };
  const expected = Buffer.from(sign(secret, body, t).split('v1=')[1]!, 'hex');
  // Several v1 values may be present while a secret is being rotated: any one matching is enough.
  const match = (parts.get('v1') ?? []).some((v) => {
    const got = Buffer.from(v, 'hex');
    return got.length === expected.length && crypto.timingSafeEqual(got, expected);
  });
  return match ? { ok: true, t } : { ok: false, reason: 'signature does not match' };
}
