import { eventTime, MAX_FUTURE_MS, MAX_PAST_MS } from './timestamps';
import { nsToTimestamp } from './values';

const RECEIVED_MS = 1_780_000_000_123;
const ns = (ms: number) => BigInt(ms) * 1_000_000n;
const received = nsToTimestamp(ns(RECEIVED_MS));

describe('eventTime', () => {
  it.each([
    ['the receive time itself', ns(RECEIVED_MS)],
    ['exactly 30 days before', ns(RECEIVED_MS - MAX_PAST_MS)],
    ['exactly 1 hour after', ns(RECEIVED_MS + MAX_FUTURE_MS)],
    ['a minute before, with nanoseconds', ns(RECEIVED_MS - 60_000) + 999_999n],
  ])('keeps a time inside the window: %s', (_name, timeNs) => {
    expect(eventTime(timeNs, RECEIVED_MS)).toEqual({ timestamp: nsToTimestamp(timeNs) });
  });

  it('uses the receive time, unadjusted, when no time was sent', () => {
    expect(eventTime(0n, RECEIVED_MS)).toEqual({ timestamp: received });
  });

  it.each([
    [
      'unit_seconds',
      BigInt(Math.floor((RECEIVED_MS - 5_000) / 1000)),
      `${Math.floor((RECEIVED_MS - 5_000) / 1000)}.000`,
    ],
    ['unit_milliseconds', BigInt(RECEIVED_MS - 5_000), nsToTimestamp(ns(RECEIVED_MS - 5_000))],
    ['unit_microseconds', BigInt(RECEIVED_MS - 5_000) * 1000n + 7n, nsToTimestamp(ns(RECEIVED_MS - 5_000))],
    [
      'unit_milliseconds',
      BigInt(RECEIVED_MS - MAX_PAST_MS + 1),
      nsToTimestamp(ns(RECEIVED_MS - MAX_PAST_MS + 1)),
    ],
  ])('rescales a time sent in the wrong unit: %s', (reason, timeNs, timestamp) => {
    expect(eventTime(timeNs, RECEIVED_MS)).toEqual({ timestamp, adjusted: reason });
  });

  it.each([
    ['too_old', 1n],
    ['too_old', 999_999_999n],
    ['too_old', ns(RECEIVED_MS - MAX_PAST_MS) - 1n],
    ['too_old', BigInt(RECEIVED_MS - MAX_PAST_MS - 1)], // 30 days and a millisecond old, in ms
    ['in_future', ns(RECEIVED_MS + MAX_FUTURE_MS) + 1n],
    ['in_future', 18_446_744_073_709_551_615n],
    ['in_future', 2n ** 70n],
  ])('moves a time outside the window to the receive time: %s (%s)', (reason, timeNs) => {
    expect(eventTime(timeNs, RECEIVED_MS)).toEqual({ timestamp: received, adjusted: reason });
  });

  it('bounds the weekly partitions of any set of times to 6', () => {
    const weeks = new Set<number>();
    for (let i = 0n; i < 2000n; i++) {
      const timeNs = i * 9_223_372_036_854_775n + i ** 5n; // spread over the whole uint64 range
      const seconds = Number(eventTime(timeNs, RECEIVED_MS).timestamp);
      weeks.add(Math.floor((seconds / 86_400 + 3) / 7)); // epoch day 0 was a Thursday
    }
    for (let d = -40; d <= 1; d++) {
      const seconds = Number(eventTime(ns(RECEIVED_MS + d * 86_400_000), RECEIVED_MS).timestamp);
      weeks.add(Math.floor((seconds / 86_400 + 3) / 7));
    }
    expect(weeks.size).toBeLessThanOrEqual(6);
  });
});
