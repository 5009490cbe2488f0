/**
 * Which releases the release-regression detector analyses at `now`, against which previous
 * release, over which windows. Pure: the detector reads per-release traffic (sql.ts) and asks these.
 * docs/insights.md, "Release regressions", states the rules and why.
 */
import { ReleaseOrder, type ReleaseInfo } from '../../issues/release-order';
import type { Window } from '../explain/explain';

export interface ReleaseOptions {
  /** Releases first seen longer ago than this are not analysed (their cards resolve). */
  lookbackMs: number;
  /** Sessions a release needs (in its compared window) before any regression; the previous too. */
  minSessions: number;
  /**
   * Sequential looks before minSessions: from `sessions` of the new release, a regression with a
   * Holm-adjusted p below `alpha` and at least `minRelativeChange` is raised already.
   */
  earlyLooks: ReadonlyArray<{ sessions: number; alpha: number; minRelativeChange: number }>;
  /** How many of the newest releases are analysed at once. */
  maxReleases: number;
  /** The compared window ends this long after the release's first session: the verdict settles. */
  windowMs: number;
  /** Family-wise error rate over the metrics compared for one release (Holm). */
  alpha: number;
  /** A regression must be at least this relative change, besides each metric's absolute minimum. */
  minRelativeChange: number;
  /** A release without a page view this long is no longer live (rolled back): not analysed. */
  liveMs: number;
}

export const RELEASE_DEFAULTS: ReleaseOptions = {
  lookbackMs: 7 * 86_400_000,
  // 150 sessions arrive in 9 minutes at 1,000 sessions/hour (a full rollout), so with the
  // engine's one-minute tick a regression is raised within 10 minutes of the release's onset;
  // a 10 % canary takes 90 minutes. Fewer sessions: p75s of ~150 samples whose intervals span
  // ±15 %, too wide to see anything but gross regressions (earlyLooks raises those).
  // docs/insights.md measures this.
  minSessions: 150,
  // From 50 sessions, +50 % at a tenth of alpha: docs/insights.md's power table and null
  // simulation (sequential.test.ts): large regressions raised minutes earlier, no more false ones.
  earlyLooks: [{ sessions: 50, alpha: 0.001, minRelativeChange: 0.5 }],
  maxReleases: 2,
  windowMs: 24 * 3_600_000,
  alpha: 0.01,
  minRelativeChange: 0.1,
  // Long enough that a small site's quiet night does not resolve and reopen its cards.
  liveMs: 6 * 3_600_000,
};

/** What the traffic query says about one release over the lookback (twice over, for its predecessor). */
export interface ReleaseTraffic extends ReleaseInfo {
  /** First page view carrying it, epoch ms. */
  firstSeen: number;
  /** Sessions with a page view carrying it, up to now. */
  sessions: number;
  /** Last page view carrying it, epoch ms (absent: live). */
  lastSeen?: number;
}

export interface ReleasePair {
  release: string;
  previous: string;
  /** The new release's first page view: the card's start (stable across evaluations). */
  firstSeen: number;
  /** The new release's sessions so far (the release list's count). */
  sessions: number;
}

/** Sessions the new release needs before it is judged at all: the first early look, else minSessions. */
export function firstLook(o: Pick<ReleaseOptions, 'minSessions' | 'earlyLooks'> = RELEASE_DEFAULTS): number {
  return Math.min(o.minSessions, ...o.earlyLooks.map((l) => l.sessions));
}

/**
 * The newest releases (release-order.ts: semver, else registration / first-seen time) first seen
 * within the lookback, with at least firstLook sessions and still live, each paired with the next
 * older release that has minSessions. A release without such a predecessor has nothing to be
 * compared with; a rolled-back one is skipped (its cards resolve), so the release rolled back to
 * is judged again. At most maxReleases, newest first.
 */
export function releasesToAnalyse(
  traffic: readonly ReleaseTraffic[],
  now: number,
  o: Pick<
    ReleaseOptions,
    'lookbackMs' | 'minSessions' | 'earlyLooks' | 'maxReleases' | 'liveMs'
  > = RELEASE_DEFAULTS,
): ReleasePair[] {
  const named = traffic.filter((t) => t.version !== '' && t.firstSeen <= now);
  const order = new ReleaseOrder(new Map(named.map((t) => [t.version, t])));
  const judged = order
    .sortDescending(named.filter((t) => t.sessions >= firstLook(o)).map((t) => t.version))
    .map((v) => named.find((t) => t.version === v)!);
  const pairs: ReleasePair[] = [];
  for (let i = 0; i < judged.length && pairs.length < o.maxReleases; i++) {
    const t = judged[i]!;
    if (t.firstSeen < now - o.lookbackMs) break;
    if (t.lastSeen !== undefined && t.lastSeen < now - o.liveMs) continue;
    const previous = judged.slice(i + 1).find((p) => p.sessions >= o.minSessions);
    if (!previous) break;
    pairs.push({
      release: t.version,
      previous: previous.version,
      firstSeen: t.firstSeen,
      sessions: t.sessions,
    });
  }
  return pairs;
}

export type WindowMode = 'side_by_side' | 'day_before' | 'before';

/** The two windows compared: the previous release over `baseline`, the new one over `current`. */
export interface ComparisonWindows {
  mode: WindowMode;
  current: Window;
  baseline: Window;
}

/**
 * The new release is compared over [firstSeen, min(now, firstSeen + windowMs)). The previous
 * release, in order of preference, over the windows candidateBaselines lists: the same window
 * (both live side by side during a rollout: same hours, same traffic mix), the same clock hours a
 * day before (same time of day), or the as-long period just before the first session (at least
 * an hour). The first where the previous release had minSessions wins; none: not yet comparable.
 */
export function candidateBaselines(
  pair: Pick<ReleasePair, 'firstSeen'>,
  now: number,
  o: Pick<ReleaseOptions, 'windowMs'> = RELEASE_DEFAULTS,
): ComparisonWindows[] {
  const current = { from: pair.firstSeen, to: Math.min(now, pair.firstSeen + o.windowMs) };
  const length = current.to - current.from;
  const day = 86_400_000;
  const before = Math.max(length, 3_600_000);
  return [
    { mode: 'side_by_side', current, baseline: current },
    { mode: 'day_before', current, baseline: { from: current.from - day, to: current.to - day } },
    { mode: 'before', current, baseline: { from: current.from - before, to: current.from } },
  ];
}

/** The first candidate where the previous release has minSessions (sessions per candidate, same order). */
export function chooseWindows(
  candidates: readonly ComparisonWindows[],
  previousSessions: readonly number[],
  minSessions = RELEASE_DEFAULTS.minSessions,
): ComparisonWindows | undefined {
  return candidates.find((_, i) => (previousSessions[i] ?? 0) >= minSessions);
}

/** Rows may arrive this late (offline queues, batching): a window is final this long after it ends. */
export const LATE_MS = 15 * 60_000;
/**
 * Looks at the new release's sessions on a geometric grid from firstLook: five per tripling
 * (×1.246 each, so minSessions = 3 × firstLook is one), since an interval's width goes as 1/√n
 * and ~25 % more sessions (~11 % narrower) is the least that can turn a verdict.
 */
export const REJUDGE_GROWTH = 3 ** 0.2;
/** ... and at least on every clock half-hour (late rows, metrics that move without new sessions). */
export const REJUDGE_MAX_AGE_MS = 30 * 60_000;

/** The grid step `sessions` is on (-1 before firstLook). */
export function lookStep(
  sessions: number,
  o: Pick<ReleaseOptions, 'minSessions' | 'earlyLooks'> = RELEASE_DEFAULTS,
): number {
  const first = firstLook(o);
  if (sessions < first) return -1;
  return Math.floor(Math.log(sessions / first) / Math.log(REJUDGE_GROWTH) + 1e-9);
}

/**
 * Whether a verdict computed at `at`, when the new release had `sessions`, still stands at `now`:
 * forever once the release's compared window has ended and late rows are in (it reads fixed
 * windows only); otherwise while the release's sessions are on the same lookStep and the clock in
 * the same half-hour. Both are functions of the data and `now`, so replicas and replays look at
 * the same points: ~25 looks in a release's first day plus one per half-hour, not one a minute.
 */
export function verdictStands(
  v: { at: number; sessions: number },
  now: number,
  release: { firstSeen: number; sessions: number },
  o: Pick<ReleaseOptions, 'windowMs' | 'minSessions' | 'earlyLooks'> = RELEASE_DEFAULTS,
): boolean {
  if (now < v.at) return false;
  if (v.at >= release.firstSeen + o.windowMs + LATE_MS) return true;
  if (Math.floor(now / REJUDGE_MAX_AGE_MS) !== Math.floor(v.at / REJUDGE_MAX_AGE_MS)) return false;
  return lookStep(release.sessions, o) === lookStep(v.sessions, o);
}
