import { outcomeOf, retryDelayMs } from './sender';

describe('outcomeOf', () => {
  it.each([
    [200, 'done'],
    [204, 'done'],
    [400, 'drop'],
    [401, 'drop'],
    [413, 'drop'],
    [408, 'retry'],
    [429, 'retry'],
    [500, 'retry'],
    [503, 'retry'],
  ])('HTTP %i → %s', (status, outcome) => expect(outcomeOf(status)).toBe(outcome));
});

describe('retryDelayMs', () => {
  it('honours Retry-After seconds and dates, capped at 5 minutes', () => {
    expect(retryDelayMs(1, '7', 0.5)).toBe(7000);
    expect(retryDelayMs(1, '100000', 0.5)).toBe(300_000);
    const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
    expect(retryDelayMs(1, inTenSeconds, 0.5)).toBeGreaterThan(8000);
    expect(retryDelayMs(1, inTenSeconds, 0.5)).toBeLessThanOrEqual(10_000);
  });
  it('backs off exponentially with ±50% jitter otherwise', () => {
    expect(retryDelayMs(1, null, 0.5)).toBe(1000);
    expect(retryDelayMs(3, null, 0.5)).toBe(4000);
    expect(retryDelayMs(3, null, 0)).toBe(2000);
    expect(retryDelayMs(3, null, 0.999)).toBeLessThan(6000);
    expect(retryDelayMs(30, null, 0.5)).toBe(300_000);
    expect(retryDelayMs(2, 'garbage', 0.5)).toBe(2000);
  });
});
