/**
 * The symbolicate pipeline stage: finds the map for each distinct script URL of an error row
 * (Debug ID first, then release + URL), loads it through the cache, and hands the row to the pure
 * `symbolicateRow`. It never throws: any failure leaves those frames as received.
 */
import type { Logger } from 'pino';
import type { Stage } from '../pipeline/stages';
import type { ErrorRow } from '../store/rows';
import { debugIdFor, debugIdsOfRow, needsMap, symbolicateRow } from './frames';
import type { LoadedMap } from './lookup';
import { findMapForUrl } from './manifest';
import type { MapCache } from './map-cache';

/**
 * The map for one script URL: (1) the Debug ID the SDK reported for it, in any release of the
 * project (works without a release); (2) the event's release, by URL (manifest.ts).
 */
export async function mapForScript(
  cache: MapCache,
  projectId: string,
  release: string,
  absPath: string,
  debugId: string | undefined,
): Promise<LoadedMap | undefined> {
  if (debugId) {
    const ref = await cache.debugId(projectId, debugId);
    if (ref) return cache.map(projectId, ref);
  }
  if (!release) return undefined;
  const manifest = await cache.manifest(projectId, release);
  const entry = manifest && findMapForUrl(manifest, absPath);
  return entry ? cache.map(projectId, { release, sha256: entry.sha256 }) : undefined;
}

export async function symbolicateErrorRow(
  cache: MapCache,
  projectId: string,
  row: ErrorRow,
  log: Logger,
): Promise<ErrorRow> {
  const scripts = new Set<string>();
  const absPaths = row['frames.abs_path'];
  for (let i = 0; i < absPaths.length; i++)
    if (needsMap(absPaths[i], row['frames.raw_lineno'][i])) scripts.add(absPaths[i]);
  const maps = new Map<string, LoadedMap>();
  if (scripts.size > 0) {
    const ids = debugIdsOfRow(row);
    await Promise.all(
      [...scripts].map(async (script) => {
        try {
          const map = await mapForScript(cache, projectId, row.release, script, debugIdFor(ids, script));
          if (map) maps.set(script, map);
        } catch (err) {
          log.debug({ err, projectId, script }, 'source map not loaded; frames left minified');
        }
      }),
    );
  }
  return symbolicateRow(row, (absPath) => maps.get(absPath));
}

export function symbolicateStage(cache: MapCache, log: Logger): Stage {
  return async (rows, { project }) => {
    if (rows.errors.length === 0) return rows;
    const errors = await Promise.all(
      rows.errors.map((row) =>
        symbolicateErrorRow(cache, project.id, row, log).catch((err: unknown) => {
          log.debug({ err, projectId: project.id }, 'symbolication failed; row left as received');
          return row;
        }),
      ),
    );
    return { ...rows, errors };
  };
}
