/**
 * Source maps in ClickHouse (migration 0020): the ArtifactStore every replica shares, so a map
 * uploaded through one processor symbolicates errors received by another. Three tables:
 *
 *   sourcemap_blobs      map content by (project, sha256), in chunks of CHUNK_BYTES, ZSTD
 *   sourcemap_entries    one row per (project, release, artifact name): the manifest, as upserts
 *   sourcemap_debug_ids  Debug ID → (release, sha256), with tombstones for replaced maps
 *
 * ClickHouse has no transactions nor compare-and-set, so nothing here reads, modifies and writes
 * back: an upload inserts its maps, then its Debug IDs, then its manifest entries in one insert
 * (the commit point), and readers merge rows by newest version. Two replicas uploading to one
 * release at once therefore both land (different names) or the later one wins (same name).
 *
 * Sizes: a map is at most the upload limit (50 MB by default); a String value can hold that, but
 * chunks of a few MB keep each row and each insert block small. Blobs whose manifest entry was
 * replaced are not deleted (another release of the project may share the content): they go with
 * the project's purge. The next seam for very large deployments is an S3-compatible object store
 * behind the same interface (content under <project>/<sha256>, rows kept for the manifest).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { ClickHouseClient } from '@clickhouse/client';
import { selectRows } from '../store/query';
import { stagingDirUnder, type ArtifactStore, type MapRef, type StagedFile } from './artifact-store';
import {
  applyUpload,
  ArtifactEntrySchema,
  debugIdsOf,
  emptyManifest,
  type ArtifactEntry,
  type ReleaseManifest,
} from './manifest';
import { normalizeDebugId } from './names';

/** Bytes of map content per row. */
export const CHUNK_BYTES = 4 * 1024 * 1024;

/**
 * Splits `data` into pieces of at most `size` bytes that never cut a UTF-8 sequence in two, so
 * every piece travels as text in JSONEachRow (maps are JSON, hence UTF-8).
 */
export function utf8Chunks(data: Buffer, size = CHUNK_BYTES): Buffer[] {
  const out: Buffer[] = [];
  let start = 0;
  while (start < data.length) {
    let end = Math.min(start + size, data.length);
    // Step back over continuation bytes (10xxxxxx) to the start of the character.
    while (end < data.length && end > start && (data[end] & 0xc0) === 0x80) end--;
    if (end === start) end = Math.min(start + size, data.length); // not UTF-8: cut anyway
    out.push(data.subarray(start, end));
    start = end;
  }
  return out.length ? out : [Buffer.alloc(0)];
}

export class ClickHouseArtifactStore implements ArtifactStore {
  constructor(
    private readonly client: ClickHouseClient,
    /** Local directory for uploads being received (per replica: the request's temp files). */
    private readonly stagingRoot: string,
    private readonly chunkBytes = CHUNK_BYTES,
  ) {}

  stagingDir(): Promise<string> {
    return stagingDirUnder(this.stagingRoot);
  }

  async list(projectId: string, release: string): Promise<ReleaseManifest | undefined> {
    const rows = await selectRows<{ entry: string }>(
      this.client,
      `SELECT argMax(entry, version) AS entry FROM sourcemap_entries
       WHERE project_id = {project:String} AND release = {release:String}
       GROUP BY name`,
      { project: projectId, release },
    );
    if (rows.length === 0) return undefined;
    const manifest = emptyManifest(release);
    for (const r of rows) {
      const entry = ArtifactEntrySchema.parse(JSON.parse(r.entry));
      manifest.files[entry.name] = entry;
    }
    return manifest;
  }

  async get(projectId: string, ref: MapRef): Promise<Buffer | undefined> {
    const rows = await selectRows<{ chunk: number; chunks: number; data: string }>(
      this.client,
      `SELECT chunk, chunks, data FROM sourcemap_blobs
       WHERE project_id = {project:String} AND sha256 = {sha:String}
       ORDER BY chunks, chunk LIMIT 1 BY chunks, chunk`,
      { project: projectId, sha: ref.sha256 },
    );
    // Rows of different chunkings (a changed CHUNK_BYTES) are never mixed: take a complete set.
    const byCount = new Map<number, string[]>();
    for (const r of rows) {
      const parts = byCount.get(Number(r.chunks)) ?? [];
      parts[Number(r.chunk)] = r.data;
      byCount.set(Number(r.chunks), parts);
    }
    for (const [count, parts] of byCount) {
      if (parts.filter((p) => p !== undefined).length !== count) continue;
      const content = Buffer.from(parts.join(''), 'utf8');
      if (createHash('sha256').update(content).digest('hex') === ref.sha256) return content;
    }
    return undefined;
  }

  async byDebugId(projectId: string, debugId: string): Promise<MapRef | undefined> {
    const id = normalizeDebugId(debugId);
    if (!id) return undefined;
    const rows = await selectRows<{ release: string; sha256: string; deleted: number }>(
      this.client,
      `SELECT argMax(release, version) AS release, argMax(sha256, version) AS sha256,
              argMax(deleted, version) AS deleted
       FROM sourcemap_debug_ids WHERE project_id = {project:String} AND debug_id = {id:String}`,
      { project: projectId, id },
    );
    const r = rows[0];
    if (!r || Number(r.deleted) === 1 || !r.sha256) return undefined;
    return { release: r.release, sha256: r.sha256 };
  }

  /** Maps, then Debug IDs, then the manifest entries (the commit point), as FsArtifactStore does. */
  async put(projectId: string, release: string, files: StagedFile[]): Promise<ReleaseManifest> {
    for (const f of files) {
      if (f.entry.kind !== 'sourcemap' || !f.path) continue;
      await this.putBlob(projectId, f.entry.sha256, await fs.readFile(f.path));
    }
    return this.putEntries(
      projectId,
      release,
      files.map((f) => f.entry),
    );
  }

  /** Stores one map's content (also used by the import from a filesystem store). */
  async putBlob(projectId: string, sha256: string, content: Buffer): Promise<void> {
    const parts = utf8Chunks(content, this.chunkBytes);
    await this.client.insert({
      table: 'sourcemap_blobs',
      values: parts.map((p, chunk) => ({
        project_id: projectId,
        sha256,
        chunk,
        chunks: parts.length,
        data: p.toString('utf8'),
      })),
      format: 'JSONEachRow',
    });
  }

  /** Debug IDs and manifest entries of an upload whose maps are stored. */
  async putEntries(projectId: string, release: string, entries: ArtifactEntry[]): Promise<ReleaseManifest> {
    // The current manifest only decides what the upload orphaned (Debug IDs to retire); the
    // manifest itself is never written back whole, so a concurrent upload's entries survive.
    const current = (await this.list(projectId, release)) ?? emptyManifest(release);
    const { manifest, orphaned } = applyUpload(current, entries);
    const names = entries.map((e) => e.name);
    const ids = debugIdsOf(manifest, names);
    const idRows: Record<string, unknown>[] = [...ids].map(([debugId, map]) => ({
      project_id: projectId,
      debug_id: normalizeDebugId(debugId) ?? debugId,
      release,
      sha256: map.sha256,
      name: map.name,
    }));
    for (const old of orphaned) {
      const id = old.debugId && normalizeDebugId(old.debugId);
      if (!id || ids.has(id)) continue;
      const ref = await this.byDebugId(projectId, id);
      if (ref && ref.release === release && ref.sha256 === old.sha256)
        idRows.push({ project_id: projectId, debug_id: id, release, sha256: '', name: '', deleted: 1 });
    }
    if (idRows.length)
      await this.client.insert({ table: 'sourcemap_debug_ids', values: idRows, format: 'JSONEachRow' });
    await this.client.insert({
      table: 'sourcemap_entries',
      values: entries.map((e) => ({
        project_id: projectId,
        release,
        name: e.name,
        entry: JSON.stringify(e),
      })),
      format: 'JSONEachRow',
    });
    // What this replica wrote merged over what it read; a concurrent upload's entries show on the next list.
    return manifest;
  }
}

/** Where the ClickHouse store stages uploads: the data dir, as the filesystem store does. */
export const clickhouseStagingRoot = (dataDir: string) => path.resolve(dataDir, 'sourcemaps', '.staging');
