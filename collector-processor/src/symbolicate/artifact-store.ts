/**
 * Where uploaded source maps live. `ArtifactStore` is the seam for other backends (an
 * S3-compatible bucket would keep the same keys); `FsArtifactStore` is the default, under the
 * data dir:
 *
 *   <dataDir>/sourcemaps/
 *     .staging/<random>/                uploads being received (removed when done)
 *     <project>/
 *       _debug-ids/<debug-id>.json      {"release", "sha256", "name"}: the Debug ID index
 *       <release>/manifest.json         artifact name → entry (manifest.ts)
 *       <release>/maps/<sha256>.map     map content, by hash
 *
 * Project and release are escaped into single directory names (names.ts escapeSegment). Sources
 * (.js) are never stored: only the facts from their comments, in the manifest.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import {
  applyUpload,
  debugIdsOf,
  emptyManifest,
  ReleaseManifestSchema,
  type ArtifactEntry,
  type ReleaseManifest,
} from './manifest';
import { escapeSegment, normalizeDebugId } from './names';

/** A stored map: the release it was uploaded to and its content hash. */
export interface MapRef {
  release: string;
  sha256: string;
}

export interface StagedFile {
  entry: ArtifactEntry;
  /** The received content on local disk; maps only (sources are not kept). */
  path?: string;
}

export interface ArtifactStore {
  /**
   * Stores the maps of an upload and merges its entries into the release manifest, replacing
   * entries of the same name. Readers see the old or the new manifest, never a mix.
   */
  put(projectId: string, release: string, files: StagedFile[]): Promise<ReleaseManifest>;
  /** The release's manifest; undefined when nothing was uploaded for it. */
  list(projectId: string, release: string): Promise<ReleaseManifest | undefined>;
  /** A stored map's content; undefined when it is gone. */
  get(projectId: string, ref: MapRef): Promise<Buffer | undefined>;
  /** The map a Debug ID names, in any release of the project. */
  byDebugId(projectId: string, debugId: string): Promise<MapRef | undefined>;
  /** A fresh local directory to receive an upload into (removed by the caller). */
  stagingDir(): Promise<string>;
}

function isNotFound(err: unknown): boolean {
  return (err as NodeJS.ErrnoException).code === 'ENOENT';
}

/** Write to a temporary name, fsync, rename: a crash leaves the old file or the new one. */
export async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fh = await fs.open(tmp, 'w');
  try {
    await fh.writeFile(data);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await fs.rename(tmp, file);
}

/** A fresh directory under `root` to receive one upload into. */
export async function stagingDirUnder(root: string): Promise<string> {
  const dir = path.join(root, randomBytes(8).toString('hex'));
  await fs.mkdir(dir, { recursive: true });
  return dir;
}

export class FsArtifactStore implements ArtifactStore {
  readonly root: string;
  /** Uploads to one release are applied one at a time: the manifest is read-modify-write. */
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(dataDir: string) {
    this.root = path.resolve(dataDir, 'sourcemaps');
  }

  private projectDir(projectId: string) {
    return path.join(this.root, escapeSegment(projectId));
  }
  private releaseDir(projectId: string, release: string) {
    return path.join(this.projectDir(projectId), escapeSegment(release));
  }
  private mapFile(projectId: string, ref: MapRef) {
    return path.join(this.releaseDir(projectId, ref.release), 'maps', `${ref.sha256}.map`);
  }
  private debugIdFile(projectId: string, debugId: string) {
    return path.join(this.projectDir(projectId), '_debug-ids', `${debugId}.json`);
  }

  private async locked<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.locks.set(key, next);
    try {
      return await next;
    } finally {
      if (this.locks.get(key) === next) this.locks.delete(key);
    }
  }

  stagingDir(): Promise<string> {
    return stagingDirUnder(path.join(this.root, '.staging'));
  }

  /** Removes staging directories older than `maxAgeMs` (left by a crash mid-upload). */
  async sweepStaging(maxAgeMs = 3600_000, now = Date.now()): Promise<void> {
    const staging = path.join(this.root, '.staging');
    let names: string[];
    try {
      names = await fs.readdir(staging);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    for (const name of names) {
      const dir = path.join(staging, name);
      const stat = await fs.stat(dir).catch(() => undefined);
      if (stat && now - stat.mtimeMs > maxAgeMs) await fs.rm(dir, { recursive: true, force: true });
    }
  }

  async list(projectId: string, release: string): Promise<ReleaseManifest | undefined> {
    let text: string;
    try {
      text = await fs.readFile(path.join(this.releaseDir(projectId, release), 'manifest.json'), 'utf8');
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
    return ReleaseManifestSchema.parse(JSON.parse(text));
  }

  async get(projectId: string, ref: MapRef): Promise<Buffer | undefined> {
    try {
      return await fs.readFile(this.mapFile(projectId, ref));
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  async byDebugId(projectId: string, debugId: string): Promise<MapRef | undefined> {
    const id = normalizeDebugId(debugId);
    if (!id) return undefined;
    try {
      const ref = JSON.parse(await fs.readFile(this.debugIdFile(projectId, id), 'utf8')) as MapRef;
      return { release: ref.release, sha256: ref.sha256 };
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  put(projectId: string, release: string, files: StagedFile[]): Promise<ReleaseManifest> {
    return this.locked(`${projectId}\n${release}`, () => this.apply(projectId, release, files));
  }

  /**
   * Order matters for crashes: map files first, then Debug ID entries, then the manifest (the
   * commit point), then removal of what the new manifest no longer refers to. A crash before
   * the manifest leaves unreferenced files, never a manifest entry without its map.
   */
  private async apply(projectId: string, release: string, files: StagedFile[]) {
    const current = (await this.list(projectId, release)) ?? emptyManifest(release);
    const mapsDir = path.join(this.releaseDir(projectId, release), 'maps');
    await fs.mkdir(mapsDir, { recursive: true });
    for (const f of files) {
      if (f.entry.kind !== 'sourcemap' || !f.path) continue;
      await fs.rename(f.path, path.join(mapsDir, `${f.entry.sha256}.map`));
    }
    const { manifest, orphaned } = applyUpload(
      current,
      files.map((f) => f.entry),
    );
    const names = files.map((f) => f.entry.name);
    for (const [debugId, map] of debugIdsOf(manifest, names)) {
      const ref = { release, sha256: map.sha256, name: map.name };
      await writeAtomic(this.debugIdFile(projectId, debugId), JSON.stringify(ref));
    }
    await writeAtomic(
      path.join(this.releaseDir(projectId, release), 'manifest.json'),
      JSON.stringify(manifest, null, 1),
    );
    for (const old of orphaned) {
      await fs.rm(this.mapFile(projectId, { release, sha256: old.sha256 }), { force: true });
      // The Debug ID of a replaced map goes too, unless it was re-pointed at the new content.
      if (!old.debugId) continue;
      const ref = await this.byDebugId(projectId, old.debugId);
      if (ref && ref.release === release && ref.sha256 === old.sha256)
        await fs.rm(this.debugIdFile(projectId, old.debugId), { force: true });
    }
    return manifest;
  }
}
