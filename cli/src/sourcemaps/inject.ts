/** `sourcemaps inject`: writes a debug id into every bundle that has a map, and into the map. */
import fs from 'node:fs/promises';
import { deterministicDebugId, injectMap, injectSource } from './debug-id';
import { scanDir, type Extensions, type Scan } from './scan';

export interface InjectResult {
  scan: Scan;
  /** JS files that got an id now (or would, in a dry run). */
  injected: Array<{ rel: string; id: string }>;
  /** JS files that already had the id and the snippet, maps that already had the id. */
  unchanged: Array<{ rel: string; id: string }>;
  failed: Array<{ rel: string; error: string }>;
}

/** Write-then-rename: a build is never left with half a bundle if the process dies mid-write. */
async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.pulsetrace-${process.pid}.tmp`;
  await fs.writeFile(tmp, text);
  await fs.rename(tmp, file);
}

export async function injectDir(
  dir: string,
  ext: Extensions,
  { dryRun = false } = {},
): Promise<InjectResult> {
  const scan = await scanDir(dir, ext);
  const result: InjectResult = { scan, injected: [], unchanged: [], failed: [] };
  const mapOwner = new Map<string, string>();
  for (const { source, sourcemap } of scan.pairing.pairs) {
    // A map has one debugId; two bundles pointing at one map can't both be right.
    const owner = mapOwner.get(sourcemap.rel);
    if (owner) {
      result.failed.push({
        rel: source.rel,
        error: `shares ${sourcemap.rel} with ${owner}; give each bundle its own map`,
      });
      continue;
    }
    mapOwner.set(sourcemap.rel, source.rel);
    try {
      const [code, mapText] = await Promise.all([
        fs.readFile(source.abs, 'utf8'),
        fs.readFile(sourcemap.abs, 'utf8'),
      ]);
      const js = injectSource(code, deterministicDebugId(code, mapText));
      let map;
      try {
        map = injectMap(mapText, js.id);
      } catch (err) {
        throw new Error(`${sourcemap.rel} is not a source map (${(err as Error).message}); rebuild it`, {
          cause: err,
        });
      }
      if (!dryRun) {
        // The map first: a bundle whose id is in no map is worse than a map with an unused id.
        if (map.changed) await writeAtomic(sourcemap.abs, map.map);
        if (js.changed) await writeAtomic(source.abs, js.code);
      }
      (js.changed || map.changed ? result.injected : result.unchanged).push({ rel: source.rel, id: js.id });
    } catch (err) {
      result.failed.push({ rel: source.rel, error: (err as Error).message });
    }
  }
  return result;
}

/** What inject did (or would do), counts first. */
export function summarizeInject(r: InjectResult, dryRun = false): string {
  const p = r.scan.pairing;
  const lines = [
    `${dryRun ? 'would inject' : 'injected'}: ${r.injected.length} file(s)`,
    `already had a debug id: ${r.unchanged.length}`,
    `skipped, no source map: ${p.jsWithoutMap.length}`,
    `skipped, inline source map: ${p.jsWithInlineMap.length} (build with external maps to give them ids)`,
    `failed: ${r.failed.length}`,
  ];
  for (const f of r.injected.slice(0, 50)) lines.push(`  ${f.id}  ${f.rel}`);
  if (r.injected.length > 50) lines.push(`  … and ${r.injected.length - 50} more`);
  for (const f of r.failed) lines.push(`  ✗ ${f.rel}: ${f.error}`);
  return lines.join('\n');
}
