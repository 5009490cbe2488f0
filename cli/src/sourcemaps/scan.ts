/** Walks a build output directory and pairs its JavaScript files with their source maps. */
import fs from 'node:fs/promises';
import path from 'node:path';
import { CliError } from '../api';
import { debugIdOf, resolveMapRef, sourceMappingUrlOf } from './comments';
import { pairFiles, type Pairing, type ScannedJs, type ScannedMap } from './pairing';

export interface Extensions {
  js: string[];
  map: boolean;
}

export const DEFAULT_EXT = 'js,mjs,cjs,map';

/** `--ext js,mjs,map` → which files count as JavaScript, and whether maps are looked at. */
export function parseExtensions(list: string): Extensions {
  const exts = list
    .split(',')
    .map((e) => e.trim().replace(/^\./, '').toLowerCase())
    .filter(Boolean);
  if (!exts.length) throw new CliError('--ext needs at least one extension, e.g. --ext js,map', 2);
  return { js: exts.filter((e) => e !== 'map').map((e) => `.${e}`), map: exts.includes('map') };
}

export type FileKind = 'js' | 'map' | undefined;

/** CSS maps sit next to JS maps in most builds but can't symbolicate a stack. */
export function kindOf(name: string, ext: Extensions): FileKind {
  const lower = name.toLowerCase();
  if (lower.endsWith('.map')) return ext.map && !lower.endsWith('.css.map') ? 'map' : undefined;
  return ext.js.some((e) => lower.endsWith(e)) ? 'js' : undefined;
}

export interface Located {
  abs: string;
}

export interface Scan {
  dir: string;
  js: Array<ScannedJs & Located>;
  maps: Array<ScannedMap & Located>;
  pairing: Pairing<ScannedJs & Located, ScannedMap & Located>;
}

/** Files under `dir`, relative with forward slashes; node_modules and dot-directories skipped. */
async function walk(dir: string, rel = ''): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await fs.readdir(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules' && !entry.name.startsWith('.')) out.push(...(await walk(dir, child)));
    } else if (entry.isFile()) out.push(child);
  }
  return out;
}

export async function scanDir(dir: string, ext: Extensions): Promise<Scan> {
  const root = path.resolve(dir);
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat?.isDirectory())
    throw new CliError(`${dir} is not a directory: pass the build output directory, e.g. dist`, 2);
  const js: Scan['js'] = [];
  const maps: Scan['maps'] = [];
  for (const rel of (await walk(root)).sort()) {
    const kind = kindOf(rel, ext);
    if (!kind) continue;
    const abs = path.join(root, ...rel.split('/'));
    if (kind === 'map') {
      maps.push({ rel, abs, bytes: (await fs.stat(abs)).size });
      continue;
    }
    // Whole file: the comments are at the end, and bundles are small next to their maps.
    const buf = await fs.readFile(abs);
    const code = buf.toString('utf8');
    js.push({
      rel,
      abs,
      bytes: buf.length,
      mapRef: resolveMapRef(rel, sourceMappingUrlOf(code)),
      debugId: debugIdOf(code),
    });
  }
  return { dir: root, js, maps, pairing: pairFiles(js, maps) };
}
