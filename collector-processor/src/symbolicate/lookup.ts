/**
 * One parsed source map and the lookups the stage needs from it. Built on
 * @jridgewell/trace-mapping, chosen over source-map@0.7 by bench/symbolicate (docs/benchmarks.md):
 * source-map's WASM looks up ~1.5× faster and parses ~2× faster, but both are far above the
 * 200K frames/s target and the lookup is a small part of a frame's cost here; trace-mapping is
 * plain JS, so an evicted map is simply garbage collected, where a WASM consumer must be
 * `destroy()`ed (unsafe while another request still holds it) and its linear memory never shrinks.
 */
import { FlattenMap, TraceMap, decodedMappings, traceSegment } from '@jridgewell/trace-mapping';
import { LRUCache } from 'lru-cache';
import { normalizeDebugId } from './names';
import { enclosingFunction, functionScopes, lineStarts, type FunctionScope } from './scopes';

/** Source context: this many lines either side of the frame's line, each cut to LINE_CHARS. */
export const CONTEXT_LINES = 5;
export const LINE_CHARS = 200;

export interface LoadedMap {
  map: TraceMap;
  /** Raw map size. */
  bytes: number;
  /** Estimated heap size of the parsed map: the cache's unit (see estimateHeapBytes). */
  heapBytes: number;
  /** Source names to display, by source index: as written in the map (plus sourceRoot). */
  sources: string[];
  ignored: Set<number>;
  /** sourcesContent split into lines, by source index, on first use. */
  lines: (string[] | null | undefined)[];
  /** sourcesContent's function scopes, by source index, on first use (scopes.ts). */
  scopes: ({ scopes: FunctionScope[]; starts: number[] } | null | undefined)[];
  /** Distinguishes this map's entries in a shared context memo. */
  id: number;
  contexts: ContextMemo;
}

/**
 * Context JSON by (map, source, line): the same frames come back with every occurrence of an
 * error, and building the JSON is most of a frame's cost (bench/symbolicate). MapCache shares one
 * memo, bounded by bytes, between all maps.
 */
export interface ContextMemo {
  get(key: string): string | undefined;
  set(key: string, value: string): unknown;
}

export function contextMemo(maxBytes: number): ContextMemo {
  return new LRUCache<string, string>({
    maxSize: Math.max(1, maxBytes),
    sizeCalculation: (v, k) => 2 * (v.length + k.length),
  });
}

let nextMapId = 0;

export type MapCheck = { ok: true; debugId: string | null } | { ok: false; reason: string };

/** Upload validation: a JSON source map version 3 with `mappings` (or an index map's `sections`). */
export function checkSourceMap(text: string): MapCheck {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, reason: 'is not valid JSON' };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    return { ok: false, reason: 'is not a JSON object' };
  const m = json as Record<string, unknown>;
  if (m.version !== 3) return { ok: false, reason: 'is not a version 3 source map ("version": 3)' };
  const plain = typeof m.mappings === 'string' && Array.isArray(m.sources);
  if (!plain && !Array.isArray(m.sections))
    return { ok: false, reason: 'has no "mappings" string and "sources" array' };
  // `debug_id` is what older Sentry tooling wrote.
  return { ok: true, debugId: normalizeDebugId(m.debugId ?? m.debug_id) ?? null };
}

/**
 * Decoded mappings take ~14× their raw JSON bytes on the heap, while `sourcesContent` stays one
 * string each, about its own size (bench/symbolicate on a 13.9 MB map: 5.5× overall with
 * sources, 14× without). Bounding the cache by this estimate keeps it near its configured heap.
 */
export const PARSED_MAPPINGS_FACTOR = 14;

export function estimateHeapBytes(
  bytes: number,
  raw: { sourcesContent?: unknown; sections?: unknown },
): number {
  let content = 0;
  const add = (m: { sourcesContent?: unknown }) => {
    if (Array.isArray(m.sourcesContent))
      for (const c of m.sourcesContent) if (typeof c === 'string') content += c.length;
  };
  add(raw);
  if (Array.isArray(raw.sections))
    for (const section of raw.sections as { map?: { sourcesContent?: unknown } }[])
      if (section.map) add(section.map);
  content = Math.min(content, bytes);
  return PARSED_MAPPINGS_FACTOR * (bytes - content) + content;
}

export function parseMap(
  text: string,
  bytes = Buffer.byteLength(text),
  contexts: ContextMemo = contextMemo(1024 * 1024),
): LoadedMap {
  const raw = JSON.parse(text) as { sections?: unknown; sourcesContent?: unknown };
  // Index maps (`sections`) are flattened into one TraceMap.
  const map = raw.sections ? new FlattenMap(raw as never) : new TraceMap(raw as never);
  const sources = map.sourceRoot
    ? map.resolvedSources
    : map.sources.map((s, i) => s ?? map.resolvedSources[i] ?? '');
  return {
    map,
    bytes,
    heapBytes: estimateHeapBytes(bytes, raw),
    sources,
    ignored: new Set(map.ignoreList ?? []),
    lines: [],
    scopes: [],
    id: nextMapId++,
    contexts,
  };
}

/** Frames from dependencies and bundler runtime code are not the app's. */
const NOT_IN_APP_SOURCE = [
  /(^|[/\\])node_modules[/\\]/,
  /webpack\/(bootstrap|runtime|universalModuleDefinition)/,
  /^webpack:\/\/\/?\(webpack\)/,
  /^\(webpack\)/,
  // Rollup/Vite virtual modules (`\0` prefix) and Vite's own helpers.
  /\0|^\/?@?vite\//,
];

export function isInAppSource(source: string): number {
  if (!source) return 0;
  return NOT_IN_APP_SOURCE.some((re) => re.test(source)) ? 0 : 1;
}

export interface OriginalPosition {
  source: string;
  /** 1-based. */
  line: number;
  /** 1-based, like the frames. */
  column: number;
  /** The original name at this generated token (used for the callee's name: see frames.ts). */
  name: string | null;
  /** Index into the map's sources, for enclosingName. */
  sourceIndex: number;
  /** JSON {pre, line, post} from sourcesContent, or ''. */
  context: string;
  inApp: number;
}

/** Columns of a line longer than LINE_CHARS: a window around the frame's column. */
function cut(line: string, column?: number): string {
  if (line.length <= LINE_CHARS) return line;
  const start =
    column === undefined ? 0 : Math.max(0, Math.min(column - LINE_CHARS / 2, line.length - LINE_CHARS));
  return line.slice(start, start + LINE_CHARS);
}

export function contextFor(m: LoadedMap, sourceIndex: number, line: number, column: number): string {
  let lines = m.lines[sourceIndex];
  if (lines === undefined) {
    const content = m.map.sourcesContent?.[sourceIndex];
    lines = m.lines[sourceIndex] = typeof content === 'string' ? content.split(/\r\n|\r|\n/) : null;
  }
  if (!lines || line < 1 || line > lines.length) return '';
  const i = line - 1;
  // A long line is cut around the column, so only short lines are shared between columns.
  const key = lines[i].length <= LINE_CHARS ? `${m.id}:${sourceIndex}:${line}` : undefined;
  const known = key === undefined ? undefined : m.contexts.get(key);
  if (known !== undefined) return known;
  const json = JSON.stringify({
    pre: lines.slice(Math.max(0, i - CONTEXT_LINES), i).map((l) => cut(l)),
    line: cut(lines[i], column - 1),
    post: lines.slice(i + 1, i + 1 + CONTEXT_LINES).map((l) => cut(l)),
  });
  if (key !== undefined) m.contexts.set(key, json);
  return json;
}

/**
 * The original position of a generated one. `line` and `column` are 1-based as V8 and Firefox
 * report them; trace-mapping takes 0-based columns (0-based lines too in traceSegment). A column
 * before the line's first mapping takes that first mapping (Safari sometimes reports column 0).
 */
export function originalPosition(m: LoadedMap, line: number, column: number): OriginalPosition | undefined {
  if (!(line >= 1)) return undefined;
  let seg = traceSegment(m.map, line - 1, Math.max(0, column - 1));
  if (!seg) seg = decodedMappings(m.map)[line - 1]?.[0] ?? null;
  if (!seg || seg.length < 4) return undefined;
  // [generated column, source index, original line, original column, name index?], all 0-based.
  const [, sourceIndex, line0, column0, nameIndex] = seg as readonly number[];
  const source = m.sources[sourceIndex] ?? '';
  const origLine = line0 + 1;
  const origColumn = column0 + 1;
  return {
    source,
    line: origLine,
    column: origColumn,
    name: nameIndex === undefined ? null : (m.map.names[nameIndex] ?? null),
    sourceIndex,
    context: contextFor(m, sourceIndex, origLine, origColumn),
    inApp: m.ignored.has(sourceIndex) ? 0 : isInAppSource(source),
  };
}

/**
 * Scopes are read once per source of a loaded map, at ~20 MB/s (bench/symbolicate/scopes.ts): a
 * bigger source (a vendor bundle embedded whole, not app modules) keeps its frames' received names
 * rather than hold up the pipeline for more than ~60 ms.
 */
export const MAX_SCOPE_SOURCE_CHARS = 1_000_000;

/**
 * The name of the function around an original position, from the source's text (scopes.ts): ''
 * for an anonymous function, undefined without sourcesContent or outside any function.
 */
export function enclosingName(m: LoadedMap, p: OriginalPosition): string | undefined {
  let index = m.scopes[p.sourceIndex];
  if (index === undefined) {
    const content = m.map.sourcesContent?.[p.sourceIndex];
    index = m.scopes[p.sourceIndex] =
      typeof content === 'string' && content.length <= MAX_SCOPE_SOURCE_CHARS
        ? { scopes: functionScopes(content), starts: lineStarts(content) }
        : null;
  }
  return index ? enclosingFunction(index.scopes, index.starts, p.line, p.column) : undefined;
}
