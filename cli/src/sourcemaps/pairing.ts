/**
 * Pure pairing of scanned JavaScript files with their source maps, and the summary both
 * `sourcemaps upload` (and its dry run) and `sourcemaps inject` print.
 */
import type { MapRef } from './comments';

export interface ScannedJs {
  /** Path relative to the scanned directory, forward slashes. */
  rel: string;
  bytes: number;
  mapRef: MapRef;
  debugId?: string;
}

export interface ScannedMap {
  rel: string;
  bytes: number;
}

export interface Pairing<J extends ScannedJs = ScannedJs, M extends ScannedMap = ScannedMap> {
  pairs: Array<{ source: J; sourcemap: M }>;
  /** JS files whose map is neither referenced and present nor at `<file>.map`. */
  jsWithoutMap: J[];
  /** JS files that carry their map in a `data:` URL (not uploaded separately: see README). */
  jsWithInlineMap: J[];
  /** Maps no JS file in the directory points at. */
  mapsWithoutJs: M[];
}

/**
 * Each JS file's map: the one its sourceMappingURL names if that file exists, else
 * `<file>.map` (some builds strip the comment but keep the map next to the file).
 */
export function pairFiles<J extends ScannedJs, M extends ScannedMap>(js: J[], maps: M[]): Pairing<J, M> {
  const byRel = new Map(maps.map((m) => [m.rel, m]));
  const used = new Set<string>();
  const out: Pairing<J, M> = { pairs: [], jsWithoutMap: [], jsWithInlineMap: [], mapsWithoutJs: [] };
  for (const source of [...js].sort((a, b) => a.rel.localeCompare(b.rel))) {
    if (source.mapRef.kind === 'inline') {
      out.jsWithInlineMap.push(source);
      continue;
    }
    const named = source.mapRef.kind === 'file' ? byRel.get(source.mapRef.path) : undefined;
    const sourcemap = named ?? byRel.get(`${source.rel}.map`);
    if (!sourcemap) {
      out.jsWithoutMap.push(source);
      continue;
    }
    used.add(sourcemap.rel);
    out.pairs.push({ source, sourcemap });
  }
  out.mapsWithoutJs = maps.filter((m) => !used.has(m.rel)).sort((a, b) => a.rel.localeCompare(b.rel));
  return out;
}

const MB = 1024 * 1024;

/** `12.3 MB`, `4.1 KB`, `12 B`. */
export function formatBytes(n: number): string {
  if (n >= MB) return `${(n / MB).toFixed(1)} MB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${n} B`;
}

/** Lists longer than this are cut in the summary; the counts stay exact. */
const MAX_LISTED = 20;

function list(title: string, names: string[], hint: string): string[] {
  if (!names.length) return [];
  const shown = names.slice(0, MAX_LISTED).map((n) => `    ${n}`);
  if (names.length > MAX_LISTED) shown.push(`    … and ${names.length - MAX_LISTED} more`);
  return [`  ${title} (${names.length}): ${hint}`, ...shown];
}

/** The human summary of a pairing: counts first, then what to look at. */
export function summarize(p: Pairing): string {
  const js = [...p.pairs.map((x) => x.source), ...p.jsWithoutMap, ...p.jsWithInlineMap];
  const withId = js.filter((f) => f.debugId).length;
  const lines = [
    `  matched:             ${p.pairs.length} JS file(s) with a source map`,
    `  JS without a map:    ${p.jsWithoutMap.length}`,
    `  JS with inline map:  ${p.jsWithInlineMap.length}`,
    `  maps without JS:     ${p.mapsWithoutJs.length}`,
    `  debug ids:           ${withId} of ${js.length} JS file(s) have one` +
      (withId < p.pairs.length ? ' (run `pulsetrace sourcemaps inject <dir>` first)' : ''),
    ...list(
      'JS without a map',
      p.jsWithoutMap.map((f) => f.rel),
      'their errors stay minified; build with external source maps',
    ),
    ...list(
      'JS with an inline map',
      p.jsWithInlineMap.map((f) => f.rel),
      'uploaded as they are; prefer external maps (sourcemap: true, not "inline")',
    ),
    ...list(
      'maps without JS',
      p.mapsWithoutJs.map((m) => m.rel),
      'no JS file in the directory names them; they are uploaded but match by debug id only',
    ),
  ];
  return lines.join('\n');
}
