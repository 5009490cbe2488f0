/**
 * The release detector's list of releases (first and last page view, sessions, registration) per
 * project, read in full over twice the lookback at most every RELEASE_LIST_REFRESH_MS and, each
 * minute, only over the page views since LATE_MS before that full read, merged in. Per process; what it adds
 * to the detector's staleness is stated in docs/insights.md, "Release regressions", Cost.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { runSql } from '../../query/handler';
import { LATE_MS, type ReleaseTraffic } from './select';
import { buildReleasesSql } from './sql';

/** The full list is re-read this long after the last full read (or when replayed time goes back). */
export const RELEASE_LIST_REFRESH_MS = 10 * 60_000;

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** The rows of buildReleasesSql as ReleaseTraffic. */
export function trafficOf(rows: readonly Record<string, unknown>[]): ReleaseTraffic[] {
  return rows.map((r) => ({
    version: String(r.release),
    firstSeen: num(r.first_seen),
    sessions: num(r.sessions),
    lastSeen: num(r.last_seen),
    createdAt: num(r.created_ms) > 0 ? num(r.created_ms) : null,
  }));
}

/**
 * A full list and the list of the page views since it, as one: first seen the earlier, last seen
 * the later, sessions added (an upper bound: a session on both sides of the seam counts twice;
 * only compared with minSessions and its own growth, the comparison counts exactly), the
 * registration time the newer one known.
 */
export function mergeTraffic(
  full: readonly ReleaseTraffic[],
  recent: readonly ReleaseTraffic[],
): ReleaseTraffic[] {
  const out = new Map(full.map((t) => [t.version, { ...t }]));
  for (const r of recent) {
    const t = out.get(r.version);
    if (!t) {
      out.set(r.version, { ...r });
      continue;
    }
    t.firstSeen = Math.min(t.firstSeen, r.firstSeen);
    t.lastSeen = Math.max(t.lastSeen ?? r.lastSeen ?? 0, r.lastSeen ?? 0);
    t.sessions += r.sessions;
    t.createdAt = r.createdAt ?? t.createdAt ?? null;
  }
  return [...out.values()];
}

/**
 * Whether the list must be read in full at `now`, given the last full read (undefined: never)
 * and the releases of the page views since its seam: never read, RELEASE_LIST_REFRESH_MS on,
 * replayed time gone back, or a release it did not know (its first rows may lie before the seam,
 * late: its first session is the card's start).
 */
export function fullReadDue(
  last: { at: number; known: ReadonlySet<string> } | undefined,
  now: number,
  recent: readonly ReleaseTraffic[] = [],
): boolean {
  if (!last || now < last.at || now - last.at >= RELEASE_LIST_REFRESH_MS) return true;
  return recent.some((r) => !last.known.has(r.version));
}

const CACHE_MAX = 1000;

/**
 * The release list of each project over [now - span, now): the full read covers up to LATE_MS
 * before it was made and is cached; every call reads the page views from that seam to now (so
 * rows up to LATE_MS late are always counted) and merges them in.
 */
export function createReleaseList(span: number) {
  const full = new Map<string, { at: number; known: Set<string>; traffic: ReleaseTraffic[] }>();
  const recentOf = async (client: ClickHouseClient, project: string, from: number, now: number) =>
    trafficOf(await runSql({ client, now }, buildReleasesSql(project, from, now)));
  return async (client: ClickHouseClient, project: string, now: number): Promise<ReleaseTraffic[]> => {
    let hit = full.get(project);
    let recent = hit && !fullReadDue(hit, now) ? await recentOf(client, project, hit.at - LATE_MS, now) : [];
    if (!hit || fullReadDue(hit, now, recent)) {
      const traffic = await recentOf(client, project, now - span, now - LATE_MS);
      recent = await recentOf(client, project, now - LATE_MS, now);
      hit = { at: now, known: new Set([...traffic, ...recent].map((t) => t.version)), traffic };
      full.delete(project);
      if (full.size >= CACHE_MAX) full.delete(full.keys().next().value!);
      full.set(project, hit);
    }
    return mergeTraffic(hit.traffic, recent);
  };
}
