import { detectWindows, HISTORY, minuteRange } from './windows';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEK = 7 * DAY;
/** Monday 2026-03-02 12:34:30 UTC. */
const NOW = Date.UTC(2026, 2, 2, 12, 34, 30);
const at = (h: number, m: number) => Date.UTC(2026, 2, 2, h, m);

describe('detectWindows', () => {
  it.each([
    [
      'defaults: 10 min ending at now floored, less 1 min lag',
      {},
      [at(12, 23), at(12, 33)],
      [at(12, 22), at(12, 32)],
      at(12, 20),
    ],
    ['no lag', { lagMinutes: 0 }, [at(12, 24), at(12, 34)], [at(12, 23), at(12, 33)], at(12, 20)],
    [
      '15-minute windows',
      { windowMinutes: 15 },
      [at(12, 18), at(12, 33)],
      [at(12, 17), at(12, 32)],
      at(12, 15),
    ],
  ])('%s', (_, options, current, previous, aligned) => {
    const w = detectWindows(NOW, options);
    expect([w.current.from, w.current.to]).toEqual(current);
    expect([w.previous.from, w.previous.to]).toEqual(previous);
    expect(w.aligned).toBe(aligned);
    expect(w.windows.slice(0, 2)).toEqual([w.current, w.previous]);
  });

  it.each([
    ['defaults: the last 5 minutes of the current and of the previous window', {}, 5],
    ['15-minute windows, 5-minute fast ones', { windowMinutes: 15 }, 5],
    ['fast windows of 3 minutes', { fastMinutes: 3 }, 3],
  ])('fast windows, %s', (_, options, minutes) => {
    const w = detectWindows(NOW, options);
    expect(w.fast).toEqual({ from: w.current.to - minutes * MINUTE, to: w.current.to });
    expect(w.fastPrevious).toEqual({ from: w.previous.to - minutes * MINUTE, to: w.previous.to });
    expect(w.windows.slice(0, HISTORY)).toEqual([w.current, w.previous, w.fast, w.fastPrevious]);
    expect(w.windows.slice(HISTORY)).toEqual(w.history);
  });

  it('history: the aligned window 1..6 days and 1..8 weeks back, once each, nearest first', () => {
    const w = detectWindows(NOW);
    const shifts = w.history.map((h) => w.aligned - h.from);
    expect(shifts).toEqual(
      [1, 2, 3, 4, 5, 6].map((d) => d * DAY).concat([1, 2, 3, 4, 5, 6, 7, 8].map((k) => k * WEEK)),
    );
    for (const h of w.history) expect(h.to - h.from).toBe(10 * MINUTE);
    expect(w.windows).toHaveLength(18);
  });

  it('is the same history for every minute of an aligned window (cacheable)', () => {
    const keys = new Set(
      Array.from({ length: 10 }, (_, i) => detectWindows(at(12, 31) + i * MINUTE).aligned),
    );
    expect(keys.size).toBe(1);
  });

  it('keeps each history window within ±30 min of the exact seasonal offset', () => {
    for (let i = 0; i < 60; i++) {
      const w = detectWindows(NOW + i * MINUTE);
      for (const h of w.history) {
        const before = w.current.from - h.from;
        const period = before > 7 * DAY - 60 * MINUTE ? WEEK : DAY;
        expect(Math.abs(before - Math.round(before / period) * period)).toBeLessThan(30 * MINUTE);
      }
    }
  });

  it('minuteRange: the last n minutes before end', () => {
    expect(minuteRange(at(12, 0), 120)).toEqual({ from: at(10, 0), to: at(12, 0) });
  });
});
