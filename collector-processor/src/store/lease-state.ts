/**
 * The pure half of a ClickHouse lease (lease.ts): what the rows of one term say about who holds it
 * and until when. Every replica computes this from the same rows and the same server timestamps,
 * so they all agree without a compare-and-set, which ClickHouse does not have.
 *
 * Rules (times are the ClickHouse server's, `at` stamped by `DEFAULT now64(3)` on insert):
 * - A term opens at its first claim. Claims stamped within `settleMs` of the opening are valid;
 *   later ones are ignored (they came after the contenders started deciding).
 * - The winner is the valid claim with the smallest holder id: deterministic, so two contenders
 *   reading the same rows pick the same one. It is decided once `settleMs + visibilityMs` have
 *   passed since the opening (an insert is visible within `visibilityMs` of its stamp).
 * - The term lasts `ttlMs` from its opening; a renewal by the winner stamped before the current
 *   expiry extends it to `renewal + ttlMs`; a renewal stamped after the expiry is void (a paused
 *   holder cannot revive a term others may already be replacing). A release ends it at its stamp.
 */

export interface LeaseRow {
  term: number;
  holder: string;
  kind: 'claim' | 'renew' | 'release';
  /** Server time of the insert, epoch ms. */
  at: number;
}

export interface LeaseTiming {
  ttlMs: number;
  settleMs: number;
  visibilityMs: number;
}

export type LeaseState =
  | { phase: 'none' }
  /** Claims are still coming in or becoming visible: nobody holds the term yet. */
  | { phase: 'settling'; term: number; decidedAt: number }
  | { phase: 'held'; term: number; holder: string; expiresAt: number }
  | { phase: 'expired'; term: number; holder: string; expiredAt: number };

/** The state of the newest term among `rows` (rows of older terms are ignored) at server time `now`. */
export function leaseState(rows: readonly LeaseRow[], now: number, t: LeaseTiming): LeaseState {
  if (rows.length === 0) return { phase: 'none' };
  const term = Math.max(...rows.map((r) => r.term));
  const ofTerm = rows.filter((r) => r.term === term).sort((a, b) => a.at - b.at);
  const claims = ofTerm.filter((r) => r.kind === 'claim');
  // Claims removed by the table's TTL (a term held for days): the winner's renewals still name it.
  if (claims.length === 0) {
    const renewals = ofTerm.filter((r) => r.kind !== 'claim');
    const last = renewals[renewals.length - 1]!;
    return extend(term, last.holder, renewals[0]!.at + t.ttlMs, renewals, now, t);
  }
  const opened = claims[0]!.at;
  const decidedAt = opened + t.settleMs + t.visibilityMs;
  if (now < decidedAt) return { phase: 'settling', term, decidedAt };
  const valid = claims.filter((c) => c.at <= opened + t.settleMs);
  const holder = valid.map((c) => c.holder).sort()[0]!;
  return extend(
    term,
    holder,
    opened + t.ttlMs,
    ofTerm.filter((r) => r.kind !== 'claim'),
    now,
    t,
  );
}

function extend(
  term: number,
  holder: string,
  initialExpiry: number,
  later: readonly LeaseRow[],
  now: number,
  t: LeaseTiming,
): LeaseState {
  let expiresAt = initialExpiry;
  for (const r of later) {
    if (r.holder !== holder || r.at > expiresAt) continue;
    expiresAt = r.kind === 'release' ? Math.min(expiresAt, r.at) : Math.max(expiresAt, r.at + t.ttlMs);
  }
  return now < expiresAt
    ? { phase: 'held', term, holder, expiresAt }
    : { phase: 'expired', term, holder, expiredAt: expiresAt };
}
