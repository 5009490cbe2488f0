/**
 * The windows one evaluation reads, from `now` alone (detectors are stateless and replayable:
 * bench/insights drives `now`). The current window is the last W minutes ending at `now` floored
 * to the minute, less an ingest lag; the previous window ends one minute earlier (an alarm must
 * hold in both, so one noisy minute cannot raise a card); the fast windows are the last F minutes
 * of each (a step change fills them in F minutes, the full windows in W); the history is the current window,
 * aligned down to a multiple of W, shifted back k weeks (1..8) and d days (1..6; day 7 is week 1):
 * what seasonalBaseline expects (it takes points within ±30 min of each period). Aligned, the
 * history is the same for W consecutive evaluations, so it is read once per W minutes and every
 * replica reads the same one.
 */
const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const WEEK = 7 * DAY;

/** A half-open range [from, to) in epoch ms. */
export interface DetectWindow {
  from: number;
  to: number;
}

export interface WindowOptions {
  /** Minutes per window. Default 10. */
  windowMinutes?: number;
  /** Minutes left out at the end for events still in flight. Default 1. */
  lagMinutes?: number;
  /** Minutes of the fast windows: the last part of the current and of the previous window. Default 5. */
  fastMinutes?: number;
  weeks?: number;
  days?: number;
}

export const WINDOW_DEFAULTS: Required<WindowOptions> = {
  windowMinutes: 10,
  lagMinutes: 1,
  fastMinutes: 5,
  weeks: 8,
  days: 7,
};

export interface DetectWindows {
  /**
   * windows[CURRENT] is the current window, [PREVIOUS] the previous one, [FAST] and
   * [FAST_PREVIOUS] their last `fastMinutes`, from [HISTORY] on the history.
   */
  windows: DetectWindow[];
  current: DetectWindow;
  previous: DetectWindow;
  fast: DetectWindow;
  fastPrevious: DetectWindow;
  history: DetectWindow[];
  /** Start of the aligned window the history is shifted from: the history's cache key. */
  aligned: number;
}

export const CURRENT = 0;
export const PREVIOUS = 1;
export const FAST = 2;
export const FAST_PREVIOUS = 3;
export const HISTORY = 4;

export function detectWindows(now: number, options: WindowOptions = {}): DetectWindows {
  const o = { ...WINDOW_DEFAULTS, ...options };
  const end = Math.floor(now / MINUTE) * MINUTE - o.lagMinutes * MINUTE;
  const span = o.windowMinutes * MINUTE;
  const current = { from: end - span, to: end };
  const previous = { from: end - span - MINUTE, to: end - MINUTE };
  const fastSpan = Math.min(o.fastMinutes, o.windowMinutes) * MINUTE;
  const fast = { from: current.to - fastSpan, to: current.to };
  const fastPrevious = { from: previous.to - fastSpan, to: previous.to };
  const shifts = new Set<number>();
  for (let k = 1; k <= o.weeks; k++) shifts.add(k * WEEK);
  for (let d = 1; d <= o.days; d++) shifts.add(d * DAY);
  const aligned = Math.floor(current.from / span) * span;
  const history = [...shifts]
    .sort((a, b) => a - b)
    .map((s) => ({ from: aligned - s, to: aligned + span - s }));
  const windows = [current, previous, fast, fastPrevious, ...history];
  return { windows, current, previous, fast, fastPrevious, history, aligned };
}

/** The minute buckets [from, to) of the change-point series: the last `minutes` before `end`. */
export function minuteRange(end: number, minutes: number): DetectWindow {
  return { from: end - minutes * MINUTE, to: end };
}

export const floorMinute = (ms: number): number => Math.floor(ms / MINUTE) * MINUTE;
