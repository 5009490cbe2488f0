/**
 * Source maps and symbolication (docs/symbolication.md): the upload service the HTTP routes call,
 * the artifact store behind it, and the pipeline stage that maps minified frames back to the
 * original source.
 */
import fs from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import type { Logger } from 'pino';
import type { Stage } from '../pipeline/stages';
import { FsArtifactStore, type ArtifactStore, type StagedFile } from './artifact-store';
import { entryView, matchUpload } from './manifest';
import { MapCache } from './map-cache';
import { normalizeUrlPrefix } from './names';
import { symbolicateStage } from './stage';
import { DEFAULT_UPLOAD_LIMITS, receiveUpload, UploadError, type UploadLimits } from './upload';

export type { ArtifactStore, MapRef, StagedFile } from './artifact-store';
export { FsArtifactStore } from './artifact-store';
export { ClickHouseArtifactStore } from './clickhouse-store';
export type { ArtifactEntry, ReleaseManifest } from './manifest';
export { DEFAULT_UPLOAD_LIMITS, UploadError, type UploadLimits } from './upload';
export { MapCache } from './map-cache';

export interface SymbolicatorOptions {
  /** Maps are stored under `<dataDir>/sourcemaps`. */
  dataDir: string;
  /** Parsed-map cache bound, in raw map bytes. */
  cacheBytes: number;
  log: Logger;
  /** Another backend (the filesystem under dataDir by default; select-store.ts picks by config). */
  store?: ArtifactStore;
  limits?: Partial<UploadLimits>;
  /** How long "no map uploaded" and manifests are cached (60 s). */
  lookupTtlMs?: number;
}

/** An artifact as the API shows it: never its content. */
export type ArtifactView = ReturnType<typeof entryView>;

export interface UploadResult {
  release: string;
  files: ArtifactView[];
  matched: { source: string; sourcemap: string }[];
  unmatched: string[];
}

export interface Symbolicator {
  stage: Stage;
  store: ArtifactStore;
  cache: MapCache;
  limits: UploadLimits;
  /** Receives a multipart upload and stores it; throws UploadError (4xx) for bad input. */
  upload(projectId: string, release: string, req: IncomingMessage): Promise<UploadResult>;
  /** The release's artifacts (names, kinds, sizes, hashes); empty when nothing was uploaded. */
  list(projectId: string, release: string): Promise<{ release: string; files: ArtifactView[] }>;
  close(): Promise<void>;
}

function checkDist(dist: string | undefined): string | null {
  if (dist === undefined || dist === '') return null;
  // eslint-disable-next-line no-control-regex
  if (dist.length > 64 || /[\u0000-\u001f\u007f]/.test(dist))
    throw new UploadError(400, 'dist must be at most 64 characters without control characters');
  return dist;
}

export function createSymbolicator(opts: SymbolicatorOptions): Symbolicator {
  const fsStore = new FsArtifactStore(opts.dataDir);
  const store = opts.store ?? fsStore;
  const limits = { ...DEFAULT_UPLOAD_LIMITS, ...opts.limits };
  const cache = new MapCache(store, opts.cacheBytes, opts.lookupTtlMs);
  // Uploads interrupted by a crash leave staging directories behind (every store stages there).
  fsStore.sweepStaging().catch((err) => opts.log.debug({ err }, 'source map staging sweep failed'));

  async function upload(projectId: string, release: string, req: IncomingMessage): Promise<UploadResult> {
    const dir = await store.stagingDir();
    try {
      const received = await receiveUpload(req, dir, limits);
      const prefix = normalizeUrlPrefix(received.urlPrefix);
      if (!prefix)
        throw new UploadError(
          400,
          'urlPrefix must be "~/" (any scheme and host) or "scheme://host/path/", e.g. "~/static/"',
        );
      const dist = checkDist(received.dist);
      const uploadedAt = new Date().toISOString();
      const staged: StagedFile[] = received.files.map((f) => ({
        path: f.path,
        entry: {
          name: prefix + f.relativePath,
          kind: f.kind,
          debugId: f.debugId,
          bytes: f.bytes,
          sha256: f.sha256,
          sourceMappingURL: f.comments?.sourceMappingURL ?? null,
          dist,
          uploadedAt,
        },
      }));
      const manifest = await store.put(projectId, release, staged);
      cache.invalidate(projectId);
      const names = staged.map((s) => s.entry.name);
      opts.log.info({ projectId, release, files: names.length }, 'source maps uploaded');
      return { release, files: staged.map((s) => entryView(s.entry)), ...matchUpload(manifest, names) };
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  }

  async function list(projectId: string, release: string) {
    const manifest = await store.list(projectId, release);
    const files = Object.values(manifest?.files ?? {})
      .sort((a, b) => a.name.localeCompare(b.name))
      .map(entryView);
    return { release, files };
  }

  return {
    stage: symbolicateStage(cache, opts.log),
    store,
    cache,
    limits,
    upload,
    list,
    close: async () => cache.clear(),
  };
}
