/**
 * Which artifact store a processor uses (PULSETRACE_SOURCEMAP_STORE): `clickhouse` (default),
 * shared by every replica on one database, or `fs`, the data dir of this replica only (one
 * processor, or a shared volume). Switching an existing installation to `clickhouse` imports the
 * maps found under the data dir once, at start-up, before the processor takes traffic.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { FsArtifactStore, writeAtomic, type ArtifactStore } from './artifact-store';
import { ClickHouseArtifactStore, clickhouseStagingRoot } from './clickhouse-store';
import { ReleaseManifestSchema } from './manifest';

export type SourcemapStoreKind = 'clickhouse' | 'fs';

/** Written into `<dataDir>/sourcemaps` once its content is in ClickHouse; the files are kept. */
export const IMPORTED_MARKER = '.imported-to-clickhouse';

export async function openArtifactStore(o: {
  kind: SourcemapStoreKind;
  client: ClickHouseClient;
  dataDir: string;
  log: Logger;
}): Promise<ArtifactStore> {
  if (o.kind === 'fs') return new FsArtifactStore(o.dataDir);
  const store = new ClickHouseArtifactStore(o.client, clickhouseStagingRoot(o.dataDir));
  const imported = await importFsArtifacts(new FsArtifactStore(o.dataDir), store);
  if (imported) o.log.info(imported, 'source maps under the data dir imported into ClickHouse');
  return store;
}

const dirs = async (dir: string) =>
  (await fs.readdir(dir, { withFileTypes: true }).catch(() => [])).filter((d) => d.isDirectory());

/**
 * Copies every release of a filesystem store into ClickHouse (maps, manifest entries, Debug IDs),
 * then leaves a marker so later starts skip it. Safe to repeat: rows collapse by key, and a crash
 * before the marker only means the next start copies again. Undefined when there was nothing to do.
 */
export async function importFsArtifacts(
  from: FsArtifactStore,
  to: ClickHouseArtifactStore,
): Promise<{ releases: number; maps: number } | undefined> {
  const marker = path.join(from.root, IMPORTED_MARKER);
  if (await fs.stat(marker).catch(() => undefined)) return undefined;
  let releases = 0;
  let maps = 0;
  // Project directories are escapeSegment()ed ids (percent-encoded UTF-8); `.staging` is not one.
  for (const p of await dirs(from.root)) {
    if (p.name.startsWith('.')) continue;
    const projectId = decodeURIComponent(p.name);
    for (const r of await dirs(path.join(from.root, p.name))) {
      if (r.name.startsWith('_')) continue; // _debug-ids: rebuilt from the manifests
      const text = await fs
        .readFile(path.join(from.root, p.name, r.name, 'manifest.json'), 'utf8')
        .catch(() => '');
      if (!text) continue;
      const manifest = ReleaseManifestSchema.parse(JSON.parse(text));
      const entries = Object.values(manifest.files);
      for (const e of entries.filter((x) => x.kind === 'sourcemap')) {
        const content = await from.get(projectId, { release: manifest.release, sha256: e.sha256 });
        if (!content) continue;
        await to.putBlob(projectId, e.sha256, content);
        maps++;
      }
      await to.putEntries(projectId, manifest.release, entries);
      releases++;
    }
  }
  if (releases === 0) return undefined;
  await writeAtomic(marker, new Date().toISOString());
  return { releases, maps };
}
