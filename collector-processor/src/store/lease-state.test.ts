import { leaseState, type LeaseRow } from './lease-state';

const T = { ttlMs: 1000, settleMs: 100, visibilityMs: 50 };
const claim = (term: number, holder: string, at: number): LeaseRow => ({ term, holder, kind: 'claim', at });
const renew = (term: number, holder: string, at: number): LeaseRow => ({ term, holder, kind: 'renew', at });
const release = (term: number, holder: string, at: number): LeaseRow => ({
  term,
  holder,
  kind: 'release',
  at,
});

describe('leaseState', () => {
  const cases: Array<[string, LeaseRow[], number, ReturnType<typeof leaseState>]> = [
    ['no rows: free', [], 0, { phase: 'none' }],
    [
      'claims still settling',
      [claim(1, 'b', 0), claim(1, 'a', 80)],
      120,
      { phase: 'settling', term: 1, decidedAt: 150 },
    ],
    [
      'smallest holder among valid claims wins',
      [claim(1, 'b', 0), claim(1, 'a', 80)],
      200,
      { phase: 'held', term: 1, holder: 'a', expiresAt: 1000 },
    ],
    // 'a' claimed after the settle window: it must not change a decision others already made.
    [
      'a late claim is ignored',
      [claim(1, 'b', 0), claim(1, 'a', 101)],
      200,
      { phase: 'held', term: 1, holder: 'b', expiresAt: 1000 },
    ],
    [
      'renewal before expiry extends',
      [claim(1, 'a', 0), renew(1, 'a', 600)],
      1200,
      { phase: 'held', term: 1, holder: 'a', expiresAt: 1600 },
    ],
    // A paused holder renewing after expiry cannot revive the term.
    [
      'renewal after expiry is void',
      [claim(1, 'a', 0), renew(1, 'a', 1001)],
      1500,
      { phase: 'expired', term: 1, holder: 'a', expiredAt: 1000 },
    ],
    [
      'renewal by a loser is ignored',
      [claim(1, 'a', 0), claim(1, 'b', 10), renew(1, 'b', 600)],
      1200,
      { phase: 'expired', term: 1, holder: 'a', expiredAt: 1000 },
    ],
    [
      'release ends the term',
      [claim(1, 'a', 0), release(1, 'a', 300)],
      301,
      { phase: 'expired', term: 1, holder: 'a', expiredAt: 300 },
    ],
    [
      'the newest term counts',
      [claim(1, 'a', 0), claim(2, 'z', 1100)],
      1300,
      { phase: 'held', term: 2, holder: 'z', expiresAt: 2100 },
    ],
    [
      'claims gone (table TTL): renewals name the holder',
      [renew(7, 'a', 0), renew(7, 'a', 500)],
      900,
      { phase: 'held', term: 7, holder: 'a', expiresAt: 1500 },
    ],
  ];
  it.each(cases)('%s', (_name, rows, now, expected) => {
    expect(leaseState(rows, now, T)).toEqual(expected);
  });
});
