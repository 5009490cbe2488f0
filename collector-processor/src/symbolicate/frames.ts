/**
 * Pure symbolication of one error row, given the maps already loaded for its script URLs. Input is
 * always the raw (minified) columns the mapper set (`frames.abs_path`, `raw_lineno`, `raw_colno`,
 * `raw_function`), so running it twice gives the same row.
 */
import { isInApp } from '../pipeline/map/errors';
import type { ErrorRow } from '../store/rows';
import { enclosingName, originalPosition, type LoadedMap, type OriginalPosition } from './lookup';
import { normalizeDebugId, stripQuery } from './names';

export type Symbolication = 'none' | 'mapped' | 'partial' | 'missing';

/**
 * A frame needs a map when it points into a script file: native, eval, `<anonymous>` and browser
 * extension frames never get one (the same rule as the mapper's in_app).
 */
export function needsMap(absPath: string, line: number): boolean {
  return line > 0 && isInApp(absPath) === 1;
}

export function symbolicationStatus(frames: number, needing: number, mapped: number): Symbolication {
  if (frames === 0) return 'none';
  if (mapped === 0) return 'missing';
  return mapped >= needing ? 'mapped' : 'partial';
}

/**
 * Function names: a frame's own position points at the statement that threw or called onward, so
 * its token names the *callee* (or a property read there), never the enclosing function. As
 * Sentry does, frame i (innermost first) takes the original name at its caller's position (frame
 * i + 1), which is the call of frame i's function. Without a named caller token (the outermost
 * frame: a listener, a timer callback, an async continuation; or a call from an unmapped script)
 * the function around the frame's own original position names it (scopes.ts), and without source
 * content the minified name stays.
 */
function functionName(
  positions: (OriginalPosition | undefined)[],
  maps: (LoadedMap | undefined)[],
  i: number,
  raw: string,
): string {
  const fromCaller = positions[i + 1]?.name;
  if (fromCaller) return fromCaller;
  const own = positions[i];
  const map = maps[i];
  return (own && map && enclosingName(map, own)) || raw;
}

/** The row with its frames mapped to original positions; unmapped frames keep their values. */
export function symbolicateRow(row: ErrorRow, mapFor: (absPath: string) => LoadedMap | undefined): ErrorRow {
  const absPaths = row['frames.abs_path'];
  const n = absPaths.length;
  if (n === 0) return { ...row, symbolication: 'none' };
  const rawLines = row['frames.raw_lineno'];
  const rawColumns = row['frames.raw_colno'];
  const rawFunctions = row['frames.raw_function'];
  const positions: (OriginalPosition | undefined)[] = new Array(n);
  const maps: (LoadedMap | undefined)[] = new Array(n);
  let needing = 0;
  for (let i = 0; i < n; i++) {
    if (needsMap(absPaths[i], rawLines[i])) needing++;
    const map = (maps[i] = mapFor(absPaths[i]));
    positions[i] = map ? originalPosition(map, rawLines[i], rawColumns[i]) : undefined;
  }
  const filename = row['frames.filename'].slice();
  const fn = row['frames.function'].slice();
  const lineno = row['frames.lineno'].slice();
  const colno = row['frames.colno'].slice();
  const inApp = row['frames.in_app'].slice();
  const context = row['frames.context'].slice();
  const symbolicated = row['frames.symbolicated'].slice();
  let mapped = 0;
  for (let i = 0; i < n; i++) {
    const p = positions[i];
    if (!p) continue;
    mapped++;
    filename[i] = p.source;
    fn[i] = functionName(positions, maps, i, rawFunctions[i]);
    lineno[i] = p.line;
    colno[i] = p.column;
    inApp[i] = p.inApp;
    context[i] = p.context;
    symbolicated[i] = 1;
  }
  return {
    ...row,
    'frames.filename': filename,
    'frames.function': fn,
    'frames.lineno': lineno,
    'frames.colno': colno,
    'frames.in_app': inApp,
    'frames.context': context,
    'frames.symbolicated': symbolicated,
    symbolication: symbolicationStatus(n, needing, mapped),
  };
}

/**
 * The Debug IDs the SDK sent: `{"<script URL>": "<debug id>"}` in
 * `attributes['pulsetrace.exception.debug_ids']`. Lookup is by the frame URL, exact first, then
 * without query and fragment.
 */
export const DEBUG_IDS_ATTRIBUTE = 'pulsetrace.exception.debug_ids';

export function debugIdsOfRow(row: ErrorRow): Map<string, string> {
  const out = new Map<string, string>();
  const raw = row.attributes?.[DEBUG_IDS_ATTRIBUTE];
  if (!raw) return out;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return out;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return out;
  for (const [url, id] of Object.entries(parsed)) {
    const norm = normalizeDebugId(id);
    if (norm) out.set(url, norm);
  }
  return out;
}

/** The Debug ID for a frame URL: the exact URL, else one that differs only in query or fragment. */
export function debugIdFor(ids: Map<string, string>, absPath: string): string | undefined {
  const exact = ids.get(absPath);
  if (exact || ids.size === 0) return exact;
  const bare = stripQuery(absPath);
  for (const [url, id] of ids) if (stripQuery(url) === bare) return id;
  return undefined;
}
