import { backoffCapMs, nextStep, pickDue } from './backoff';
import { attemptFromStatus, parseRetryAfter, redact } from './http';

describe('backoff', () => {
  it.each([
    [1, 1000],
    [2, 2000],
    [3, 4000],
    [9, 256_000],
    [10, 300_000],
    [40, 300_000],
  ])('cap after attempt %i is %i ms (base 1 s, cap 5 min)', (attempt, cap) =>
    expect(backoffCapMs(attempt)).toBe(cap),
  );

  it('full jitter: anywhere from 0 to the cap', () => {
    const fail = { ok: false, error: 'HTTP 500', status: 500 };
    expect(nextStep(3, 8, fail, () => 0)).toEqual({ state: 'pending', delayMs: 0 });
    expect(nextStep(3, 8, fail, () => 0.999999)).toEqual({ state: 'pending', delayMs: 3999 });
    expect(nextStep(3, 8, fail, () => 0.5)).toEqual({ state: 'pending', delayMs: 2000 });
  });

  const cases: Array<[string, number, number, Parameters<typeof nextStep>[2], ReturnType<typeof nextStep>]> =
    [
      ['delivered', 1, 8, { ok: true, status: 200 }, { state: 'delivered' }],
      [
        'retry with Retry-After',
        1,
        8,
        { ok: false, status: 429, retryAfterMs: 7000 },
        { state: 'pending', delayMs: 7000 },
      ],
      [
        'permanent 4xx: dead at once',
        1,
        8,
        { ok: false, status: 404, error: 'HTTP 404', permanent: true },
        { state: 'dead', reason: 'HTTP 404 (permanent: not retried)' },
      ],
      [
        'limit reached',
        3,
        3,
        { ok: false, status: 503, error: 'HTTP 503' },
        { state: 'dead', reason: 'HTTP 503 after 3 attempts' },
      ],
    ];
  it.each(cases)('%s', (_n, attempt, max, result, step) =>
    expect(nextStep(attempt, max, result, () => 1)).toEqual(step),
  );
});

describe('attemptFromStatus', () => {
  const NOW = Date.UTC(2026, 0, 1);
  it.each<[number, string | null, object]>([
    [200, null, { ok: true, status: 200 }],
    [204, null, { ok: true, status: 204 }],
    [400, null, { ok: false, status: 400, error: 'HTTP 400', permanent: true }],
    [404, '10', { ok: false, status: 404, error: 'HTTP 404', permanent: true }],
    [408, null, { ok: false, status: 408, error: 'HTTP 408' }],
    [429, '3', { ok: false, status: 429, error: 'HTTP 429', retryAfterMs: 3000 }],
    [
      503,
      new Date(NOW + 20_000).toUTCString(),
      { ok: false, status: 503, error: 'HTTP 503', retryAfterMs: 20_000 },
    ],
    [500, 'soon', { ok: false, status: 500, error: 'HTTP 500' }],
  ])('%i Retry-After %s', (status, retryAfter, attempt) =>
    expect(attemptFromStatus(status, retryAfter, NOW)).toEqual(attempt),
  );

  it('clips Retry-After to an hour and never below 0', () => {
    expect(parseRetryAfter('999999', 0)).toBe(3600_000);
    expect(parseRetryAfter(new Date(0).toUTCString(), 5000)).toBe(0);
  });

  it('redacts secrets from errors', () => {
    expect(
      redact('request failed: https://hooks.slack.com/services/T/B/SECRET', [
        'https://hooks.slack.com/services/T/B/SECRET',
      ]),
    ).toBe('request failed: (redacted)');
  });
});

describe('pickDue', () => {
  const row = (projectId: string, receiver: string, nextAttemptAt: number, id: string) => ({
    projectId,
    receiver,
    nextAttemptAt,
    id,
  });
  it.each([
    [
      'one due per receiver, oldest first',
      [row('p', 'a', 0, '1'), row('p', 'a', 0, '2'), row('p', 'b', 0, '3')],
      ['1', '3'],
    ],
    // The older one waits for its retry: the newer one (perhaps its resolve) must not overtake it.
    [
      'the oldest waits for a retry: nothing for that receiver',
      [row('p', 'a', 500, '1'), row('p', 'a', 0, '2')],
      [],
    ],
    ['receivers of other projects are separate', [row('p', 'a', 500, '1'), row('q', 'a', 0, '2')], ['2']],
  ])('%s', (_n, rows, ids) => expect(pickDue(rows, 100).map((r) => r.id)).toEqual(ids));
});
