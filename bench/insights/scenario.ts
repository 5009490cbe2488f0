/**
 * What a scenario is: traffic shape, releases, and at most one fault with a known cause and onset,
 * plus what the detectors are expected to say about it. Times are epoch ms (UTC: the daily cycle
 * peaks at 14:00 UTC, weekends are Saturday and Sunday UTC).
 */

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export type Fault =
  /** A release ships a full-resolution hero image on one route: LCP and the image's bytes grow. */
  | {
      type: 'hero_image';
      at: number;
      release: string;
      route: string;
      imageUrl: string;
      bytes: number;
      lcpFactor: number;
    }
  /** A release throws a new error in one browser only. */
  | { type: 'browser_errors'; at: number; release: string; browser: string; rate: number }
  /** One API endpoint gets slower (a backend change: no release of the app). */
  | { type: 'slow_endpoint'; at: number; endpoint: string; factor: number }
  /** A third-party script starts causing long tasks in one country (a geo-targeted tag). */
  | {
      type: 'third_party_long_tasks';
      at: number;
      country: string;
      script: string;
      prob: number;
      durationMs: number;
    }
  /** A deploy ships a broken chunk: errors on every segment. */
  | { type: 'deploy_error_spike'; at: number; release: string; rate: number };

/** A cause the detector may name: `value` (and `dimension`, when given) appear in a hypothesis. */
export interface ExpectedCause {
  dimension?: string;
  value: string;
  /**
   * An insight whose scope holds this value has named the cause itself (an endpoint-scoped p95
   * card is about that endpoint): counted in the "with scope" accuracy, not the strict one.
   */
  inScope?: boolean;
}

export interface Expected {
  /** Regular expression the insight's metric must match (e.g. `LCP`, `error`). */
  metric: string;
  /** Scope keys the insight may be narrowed to, with the value they must then have. */
  scope: Record<string, string>;
  /** Any of these among the hypotheses counts as the cause found. */
  causes: ExpectedCause[];
}

export interface Release {
  version: string;
  /** Deploy time: sessions starting later adopt it (see `releaseOf`). */
  at: number;
}

export interface Scenario {
  name: string;
  seed: number;
  /**
   * Epoch ms the per-minute seeds count from (default 0: absolute minutes). A test that places its
   * onset by the real clock sets it to the onset, so it replays the same traffic whatever the day.
   */
  seedEpoch?: number;
  /** Traffic is generated for [from, to), and only inside `active` windows when given. */
  from: number;
  to: number;
  active?: Array<{ from: number; to: number }>;
  /** Mean sessions per hour at the daily peak on a weekday. */
  peakSessionsPerHour: number;
  /** Night trough as a share of the peak (1 = no daily cycle). */
  troughShare: number;
  /** Weekend traffic as a share of weekdays. */
  weekendShare: number;
  releases: Release[];
  /** Traffic multiplied by `factor` in [from, to) (a campaign: healthy metrics). */
  surge?: { from: number; to: number; factor: number };
  fault?: Fault;
  expected?: Expected;
}

/**
 * Sessions per hour at `t`: a cosine daily cycle peaking at 14:00 UTC, lower on weekends,
 * times the surge. Pure, so the unit tests check the shape directly.
 */
export function sessionsPerHour(s: Scenario, t: number): number {
  const hour = (t % DAY) / HOUR;
  const daily =
    s.troughShare + (1 - s.troughShare) * (0.5 + 0.5 * Math.cos((2 * Math.PI * (hour - 14)) / 24));
  const weekday = new Date(t).getUTCDay();
  const weekend = weekday === 0 || weekday === 6 ? s.weekendShare : 1;
  const surge = s.surge && t >= s.surge.from && t < s.surge.to ? s.surge.factor : 1;
  return s.peakSessionsPerHour * daily * weekend * surge;
}

/** Whether traffic is generated at `t`. */
export function isActive(s: Scenario, t: number): boolean {
  if (t < s.from || t >= s.to) return false;
  return !s.active || s.active.some((w) => t >= w.from && t < w.to);
}

/**
 * Rollout: a session starting `age` ms after a deploy runs the new release with probability
 * 1 − e^(−age/τ), τ = 5 min (cached HTML and open tabs take a while to pick it up).
 */
export const ROLLOUT_TAU_MS = 5 * MINUTE;

export function releaseOf(releases: readonly Release[], t: number, u: number): string {
  const live = releases.filter((r) => r.at <= t).sort((a, b) => b.at - a.at);
  if (live.length === 0) return releases[0]?.version ?? '1.0.0';
  let threshold = 1;
  // Walk from the newest: each deploy takes its adoption share of what is left.
  for (const r of live) {
    const adopted = 1 - Math.exp(-(t - r.at) / ROLLOUT_TAU_MS);
    threshold -= adopted * threshold;
    if (u >= threshold) return r.version;
  }
  return live[live.length - 1]!.version;
}
