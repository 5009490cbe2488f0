/**
 * Event times held to a window around the receive time. A browser's clock can be wrong, and SDKs
 * have sent `timeUnixNano` in seconds, milliseconds or microseconds; a time outside the window
 * would land in a far-away weekly partition (one request could touch hundreds, more than
 * ClickHouse accepts in one insert), be dropped at once by the retention TTL, or not be a valid
 * DateTime64 at all. As Sentry does for clock drift, such a time becomes the receive time, and
 * the row keeps what was sent in attributes (docs/architecture.md, "Every value valid for its
 * column").
 */
import { nsToTimestamp } from './values';

/** How far before the receive time an event may be: older ones are moved to the receive time. */
export const MAX_PAST_MS = 30 * 86_400_000;
/** How far after the receive time an event may be (clock skew): later ones are moved too. */
export const MAX_FUTURE_MS = 3_600_000;

/** The original `timeUnixNano` (decimal nanoseconds) of a row whose timestamp was adjusted. */
export const ORIGINAL_TIMESTAMP_ATTRIBUTE = 'pulsetrace.original_timestamp';
/** Why it was adjusted: one of TimestampAdjustment. */
export const TIMESTAMP_ADJUSTED_ATTRIBUTE = 'pulsetrace.timestamp_adjusted';

export type TimestampAdjustment =
  'unit_seconds' | 'unit_milliseconds' | 'unit_microseconds' | 'too_old' | 'in_future';

export interface EventTime {
  /** DateTime64(3) text, "epochSeconds.mmm". */
  timestamp: string;
  adjusted?: TimestampAdjustment;
}

/** Nanoseconds per unit, tried in this order when a time is outside the window as nanoseconds. */
const UNITS: [TimestampAdjustment, bigint][] = [
  ['unit_microseconds', 1_000n],
  ['unit_milliseconds', 1_000_000n],
  ['unit_seconds', 1_000_000_000n],
];

/**
 * The stored time for an event sent at `timeNs` (0 = not sent) and received at `receivedAtMs`.
 * A value that is in the window once read as µs, ms or s is rescaled (the windows of the units are
 * 1000x apart, so at most one fits); anything else outside the window becomes the receive time.
 */
export function eventTime(timeNs: bigint, receivedAtMs: number): EventTime {
  const received = BigInt(Math.round(receivedAtMs)) * 1_000_000n;
  if (timeNs <= 0n) return { timestamp: nsToTimestamp(received) };
  const earliest = received - BigInt(MAX_PAST_MS) * 1_000_000n;
  const latest = received + BigInt(MAX_FUTURE_MS) * 1_000_000n;
  if (timeNs >= earliest && timeNs <= latest) return { timestamp: nsToTimestamp(timeNs) };
  for (const [unit, scale] of UNITS) {
    const scaled = timeNs * scale;
    if (scaled >= earliest && scaled <= latest) return { timestamp: nsToTimestamp(scaled), adjusted: unit };
  }
  return { timestamp: nsToTimestamp(received), adjusted: timeNs < earliest ? 'too_old' : 'in_future' };
}
