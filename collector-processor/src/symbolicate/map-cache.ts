/**
 * Caches in front of the ArtifactStore, so a warm stage touches no disk:
 * - parsed maps: LRU bounded by the maps' estimated heap size (`cacheBytes`), keyed by project + content
 *   hash (identical maps in two releases are parsed once);
 * - lookups (release manifests, Debug ID → map): short TTL, including "nothing uploaded", so
 *   events without maps do not read the disk every time; cleared for a project on upload here,
 *   and picked up from other instances within the TTL.
 * Concurrent requests for the same entry share one load (lru-cache `fetch` de-duplicates).
 */
import { LRUCache } from 'lru-cache';
import type { ArtifactStore, MapRef } from './artifact-store';
import { contextMemo, parseMap, type ContextMemo, type LoadedMap } from './lookup';
import type { ReleaseManifest } from './manifest';

export const LOOKUP_TTL_MS = 60_000;
/** Source-context memo: this share of the map cache's bytes, on top of it (docs/symbolication.md). */
export const CONTEXT_MEMO_SHARE = 1 / 16;
const LOOKUP_ENTRIES = 10_000;

type Lookup = { manifest: ReleaseManifest | undefined } | { ref: MapRef | undefined };

export interface MapCacheStats {
  maps: number;
  mapBytes: number;
  lookups: number;
}

export class MapCache {
  private readonly maps: LRUCache<string, LoadedMap, MapRef>;
  private readonly lookups: LRUCache<string, Lookup>;
  private readonly contexts: ContextMemo;

  constructor(
    private readonly store: ArtifactStore,
    cacheBytes: number,
    lookupTtlMs = LOOKUP_TTL_MS,
  ) {
    this.contexts = contextMemo(Math.max(1024 * 1024, cacheBytes * CONTEXT_MEMO_SHARE));
    this.maps = new LRUCache<string, LoadedMap, MapRef>({
      maxSize: Math.max(1, cacheBytes),
      // Estimated parsed size (lookup.ts estimateHeapBytes), so the bound is close to real heap.
      // A map larger than the whole cache is parsed per use.
      sizeCalculation: (m) => Math.max(1, m.heapBytes),
      fetchMethod: async (key, _stale, { context }) => this.load(key, context),
    });
    this.lookups = new LRUCache<string, Lookup>({ max: LOOKUP_ENTRIES, ttl: lookupTtlMs });
  }

  private async load(key: string, ref: MapRef): Promise<LoadedMap | undefined> {
    const projectId = key.slice(0, key.indexOf('\n'));
    const raw = await this.store.get(projectId, ref);
    return raw ? parseMap(raw.toString('utf8'), raw.length, this.contexts) : undefined;
  }

  /** The parsed map, or undefined when its file is gone. */
  map(projectId: string, ref: MapRef): Promise<LoadedMap | undefined> {
    return this.maps.fetch(`${projectId}\n${ref.sha256}`, { context: ref });
  }

  async manifest(projectId: string, release: string): Promise<ReleaseManifest | undefined> {
    const l = await this.lookup(projectId, `m\n${projectId}\n${release}`, async () => ({
      manifest: await this.store.list(projectId, release),
    }));
    return 'manifest' in l ? l.manifest : undefined;
  }

  async debugId(projectId: string, debugId: string): Promise<MapRef | undefined> {
    const l = await this.lookup(projectId, `d\n${projectId}\n${debugId}`, async () => ({
      ref: await this.store.byDebugId(projectId, debugId),
    }));
    return 'ref' in l ? l.ref : undefined;
  }

  private readonly pending = new Map<string, Promise<Lookup>>();
  /** Bumped by invalidate(): a read that started before an upload must not be cached after it. */
  private readonly generations = new Map<string, number>();

  /** One disk read per key at a time; the answer (found or not) is kept for the TTL. */
  private lookup(projectId: string, key: string, load: () => Promise<Lookup>): Promise<Lookup> {
    const hit = this.lookups.get(key);
    if (hit) return Promise.resolve(hit);
    const inFlight = this.pending.get(key);
    if (inFlight) return inFlight;
    const generation = this.generations.get(projectId) ?? 0;
    const p = load()
      .then((value) => {
        if ((this.generations.get(projectId) ?? 0) === generation) this.lookups.set(key, value);
        return value;
      })
      .finally(() => {
        if (this.pending.get(key) === p) this.pending.delete(key);
      });
    this.pending.set(key, p);
    return p;
  }

  /** After an upload: this project's lookups are re-read (maps are by content hash: never stale). */
  invalidate(projectId: string): void {
    this.generations.set(projectId, (this.generations.get(projectId) ?? 0) + 1);
    for (const key of [...this.pending.keys()])
      if (key.split('\n')[1] === projectId) this.pending.delete(key);
    for (const key of [...this.lookups.keys()])
      if (key.split('\n')[1] === projectId) this.lookups.delete(key);
  }

  stats(): MapCacheStats {
    return { maps: this.maps.size, mapBytes: this.maps.calculatedSize, lookups: this.lookups.size };
  }

  clear(): void {
    this.maps.clear();
    this.lookups.clear();
  }
}
