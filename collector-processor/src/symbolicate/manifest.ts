/**
 * The per-release manifest: artifact name → what was uploaded under it. Pure functions over it
 * decide which map a frame's script URL uses and what an upload replaced; the store only reads
 * and writes it.
 */
import { z } from 'zod';
import { frameCandidates, resolveMapUrl } from './names';

export const ArtifactEntrySchema = z.object({
  /** `~/assets/app.js.map` or `https://cdn.example/assets/app.js.map`. */
  name: z.string(),
  kind: z.enum(['sourcemap', 'source']),
  debugId: z.string().nullable(),
  bytes: z.number(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** Sources only: their `//# sourceMappingURL=` (maps are stored, source code is not). */
  sourceMappingURL: z.string().nullable().optional(),
  dist: z.string().nullable().optional(),
  uploadedAt: z.string(),
});
export type ArtifactEntry = z.infer<typeof ArtifactEntrySchema>;

export const ReleaseManifestSchema = z.object({
  version: z.literal(1),
  release: z.string(),
  files: z.record(z.string(), ArtifactEntrySchema),
});
export type ReleaseManifest = z.infer<typeof ReleaseManifestSchema>;

export function emptyManifest(release: string): ReleaseManifest {
  return { version: 1, release, files: {} };
}

/** The public view of an entry (API responses): no internal fields. */
export function entryView(e: ArtifactEntry) {
  return { name: e.name, kind: e.kind, debugId: e.debugId, bytes: e.bytes, sha256: e.sha256 };
}

/**
 * The manifest after an upload: same names are replaced (re-upload is idempotent). Returns the
 * map entries whose content nothing in the manifest refers to any more, so the store can delete
 * those files and their Debug ID entries once the new manifest is in place.
 */
export function applyUpload(
  current: ReleaseManifest,
  uploaded: ArtifactEntry[],
): { manifest: ReleaseManifest; orphaned: ArtifactEntry[] } {
  const files = { ...current.files };
  const replaced: ArtifactEntry[] = [];
  for (const entry of uploaded) {
    const old = files[entry.name];
    if (old && old.kind === 'sourcemap' && old.sha256 !== entry.sha256) replaced.push(old);
    files[entry.name] = entry;
  }
  const live = new Set(
    Object.values(files)
      .filter((e) => e.kind === 'sourcemap')
      .map((e) => e.sha256),
  );
  const orphaned = replaced.filter((e) => !live.has(e.sha256));
  return { manifest: { ...current, files }, orphaned };
}

function mapNamed(manifest: ReleaseManifest, url: string | undefined): ArtifactEntry | undefined {
  if (!url) return undefined;
  for (const name of frameCandidates(url)) {
    const e = manifest.files[name];
    if (e?.kind === 'sourcemap') return e;
  }
  return undefined;
}

/** The map for a source artifact: its sourceMappingURL if that was uploaded, else `<name>.map`. */
export function mapForSource(manifest: ReleaseManifest, sourceName: string): ArtifactEntry | undefined {
  const source = manifest.files[sourceName];
  const viaComment =
    source?.kind === 'source' && source.sourceMappingURL
      ? mapNamed(manifest, resolveMapUrl(sourceName, source.sourceMappingURL))
      : undefined;
  if (viaComment) return viaComment;
  const sibling = manifest.files[`${sourceName}.map`];
  return sibling?.kind === 'sourcemap' ? sibling : undefined;
}

/**
 * The map for a frame's script URL: for the exact URL, then `~/path`, the source's
 * sourceMappingURL or the `.map` next to it. Undefined when none was uploaded.
 */
export function findMapForUrl(manifest: ReleaseManifest, absPath: string): ArtifactEntry | undefined {
  for (const name of frameCandidates(absPath)) {
    const map = mapForSource(manifest, name);
    if (map) return map;
  }
  return undefined;
}

/**
 * Which uploaded files pair up, looking at the whole release (files uploaded earlier count), and
 * which of this upload's files are in no pair. A map in `unmatched` is still used for frames whose
 * URL is its name without `.map`, and through its Debug ID.
 */
export function matchUpload(manifest: ReleaseManifest, uploadedNames: string[]) {
  const matched: { source: string; sourcemap: string }[] = [];
  const paired = new Set<string>();
  const sources = Object.values(manifest.files).filter((e) => e.kind === 'source');
  const uploaded = new Set(uploadedNames);
  for (const source of sources) {
    const map = mapForSource(manifest, source.name);
    if (!map || !(uploaded.has(source.name) || uploaded.has(map.name))) continue;
    matched.push({ source: source.name, sourcemap: map.name });
    paired.add(source.name).add(map.name);
  }
  const unmatched = uploadedNames.filter((n) => !paired.has(n));
  return { matched, unmatched };
}

/**
 * Debug ID → map for the index: a map's own `debugId`, and a source's `//# debugId=` for the map
 * it pairs with (bundlers write the comment; not every one copies the id into the map).
 */
export function debugIdsOf(manifest: ReleaseManifest, names: string[]): Map<string, ArtifactEntry> {
  const out = new Map<string, ArtifactEntry>();
  const entries = names.map((n) => manifest.files[n]).filter((e): e is ArtifactEntry => !!e?.debugId);
  // A map's own id wins over a source comment that disagrees with it.
  entries.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'sourcemap' ? -1 : 1));
  for (const e of entries) {
    if (!e.debugId) continue;
    const map = e.kind === 'sourcemap' ? e : mapForSource(manifest, e.name);
    if (map && !out.has(e.debugId)) out.set(e.debugId, map);
  }
  return out;
}
