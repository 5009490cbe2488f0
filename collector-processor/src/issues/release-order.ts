/**
 * Which of two releases is newer. "Resolved in next release" and regression naming depend on it,
 * and release strings come in every shape: semver, `v1.2`, `my-app@1.2.3` (Sentry's package
 * form), build numbers, git SHAs, dates. Order (docs/issues.md):
 * 1. both read as semver → semver precedence (so 1.2.3-beta.1 < 1.2.3 < 1.10.0);
 * 2. otherwise (or semver-equal, e.g. differing only in +build) → the earlier of the release's
 *    registration time (POST /releases) and the first time an error carried it;
 * 3. otherwise → string order with numeric runs compared as numbers, only so the order is total.
 * The empty release (events sent without service.version) is older than every named release.
 */
import { parse as parseSemver, compare as compareSemver, type SemVer } from 'semver';

export interface ReleaseInfo {
  version: string;
  /** Epoch ms the release was registered through the API, if it was. */
  createdAt?: number | null;
  /** Epoch ms an error first carried this release, if one did. */
  firstSeen?: number | null;
}

// An optional `package@` prefix, an optional v, one to three numeric parts, then semver's
// pre-release and build suffixes. Four-part versions and anything else fall back to time order.
const SEMVER_LIKE =
  /^(?:[^@\s]+@)?[vV]?(\d{1,15})(?:\.(\d{1,15}))?(?:\.(\d{1,15}))?(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** The release as semver, or null. `v1.2` → 1.2.0; a 40-hex git SHA does not match. */
export function releaseSemver(version: string): SemVer | null {
  const m = SEMVER_LIKE.exec(version.trim());
  if (!m) return null;
  const [, major, minor = '0', patch = '0', pre = '', build = ''] = m;
  // Number() drops leading zeros (2024.06.01 → 2024.6.1), which strict semver rejects.
  return parseSemver(`${Number(major)}.${Number(minor)}.${Number(patch)}${pre}${build}`);
}

function timeOf(r: ReleaseInfo): number | undefined {
  const times = [r.createdAt, r.firstSeen].filter((t): t is number => typeof t === 'number');
  return times.length ? Math.min(...times) : undefined;
}

const collator = new Intl.Collator('en', { numeric: true });

/** Negative when a is older than b, positive when newer, 0 only for the same release string. */
export function compareReleases(a: ReleaseInfo, b: ReleaseInfo): number {
  if (a.version === b.version) return 0;
  if (a.version === '' || b.version === '') return a.version === '' ? -1 : 1;
  const sa = releaseSemver(a.version);
  const sb = releaseSemver(b.version);
  if (sa && sb) {
    const bySemver = compareSemver(sa, sb);
    if (bySemver !== 0) return bySemver;
  }
  const ta = timeOf(a);
  const tb = timeOf(b);
  if (ta !== undefined && tb !== undefined && ta !== tb) return ta - tb;
  return collator.compare(a.version, b.version) || (a.version < b.version ? -1 : 1);
}

/** Orders releases of one project, looking each name up in what the project knows about it. */
export class ReleaseOrder {
  constructor(private readonly known: ReadonlyMap<string, ReleaseInfo>) {}

  info(version: string): ReleaseInfo {
    return this.known.get(version) ?? { version };
  }

  compare(a: string, b: string): number {
    return compareReleases(this.info(a), this.info(b));
  }

  /** True when `candidate` is strictly newer than `than`. */
  isNewer(candidate: string, than: string): boolean {
    return this.compare(candidate, than) > 0;
  }

  /** The newest known named release, or '' when the project knows none. */
  newest(): string {
    let best = '';
    for (const version of this.known.keys()) if (version && this.compare(version, best) > 0) best = version;
    return best;
  }

  /** Newest first. */
  sortDescending(versions: string[]): string[] {
    return [...versions].sort((a, b) => this.compare(b, a));
  }
}
