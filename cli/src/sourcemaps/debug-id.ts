/**
 * Debug IDs (the TC39 source map proposal, as sentry-cli does them): a UUID written into both the
 * bundle and its map, so the processor can find the map of a stack frame by id rather than by URL
 * (URLs change with CDNs, hashed paths and query strings; the id travels with the file).
 */
import { createHash } from 'node:crypto';
import { debugIdOf, sourceMappingCommentIndex } from './comments';

/**
 * A UUID v4-shaped id from the bundle and its map: the same build gets the same id on every
 * machine, so re-running inject in CI (or on a cached build) never mints a second id.
 */
export function deterministicDebugId(code: string, map: string): string {
  const h = createHash('sha256').update(code).update('\0').update(map).digest();
  h[6] = (h[6] & 0x0f) | 0x40; // version 4
  h[8] = (h[8] & 0x3f) | 0x80; // RFC 4122 variant
  const hex = h.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Marks our snippet, so a second inject sees it is already there. */
export const REGISTRY = '_pulsetraceDebugIds';

/**
 * One line that stores the id under the stack of an Error created inside this file: the stack's
 * first frame is the URL the browser loaded the file from, which @pulsetrace/web parses at error
 * time (sdk/src/instrumentations/errors/debug-ids.ts). Never throws; no globals but the registry.
 */
export function debugIdSnippet(id: string): string {
  return (
    ';!function(){try{var g="undefined"!=typeof window?window:"undefined"!=typeof globalThis?globalThis:' +
    `"undefined"!=typeof self?self:{},s=(new g.Error).stack;s&&(g.${REGISTRY}=g.${REGISTRY}||{},` +
    `g.${REGISTRY}[s]="${id}")}catch(e){}}();`
  );
}

export interface InjectedSource {
  code: string;
  id: string;
  /** False when the file already had both the id comment and the snippet. */
  changed: boolean;
}

/**
 * The bundle with the snippet and `//# debugId=` added, keeping an id it already has. They go
 * at the END, above the sourceMappingURL comment (which stays last, where tools look for it):
 * prepending would shift every generated line, and every mapping with it, and would put code
 * above a "use strict" directive or a shebang. The cost: an error thrown while the bundle's own
 * top-level code first runs, before the snippet, carries no debug id.
 */
export function injectSource(code: string, id: string): InjectedSource {
  const existing = debugIdOf(code);
  const hasSnippet = code.includes(`g.${REGISTRY}[s]=`);
  if (existing && hasSnippet) return { code, id: existing, changed: false };
  const useId = existing ?? id;
  // A file with an id but no snippet (sentry-cli, a bundler plugin): add only the snippet.
  const added = [hasSnippet ? '' : debugIdSnippet(useId), existing ? '' : `//# debugId=${useId}`]
    .filter(Boolean)
    .join('\n');
  const at = sourceMappingCommentIndex(code);
  if (at < 0)
    return { code: `${code}${code.endsWith('\n') || !code ? '' : '\n'}${added}\n`, id: useId, changed: true };
  const before = code.slice(0, at);
  const sep = before.endsWith('\n') || !before ? '' : '\n';
  return { code: `${before}${sep}${added}\n${code.slice(at)}`, id: useId, changed: true };
}

export interface InjectedMap {
  map: string;
  changed: boolean;
}

/** The map with `"debugId"` set to `id`; untouched when it already says so. Throws on bad JSON. */
export function injectMap(mapText: string, id: string): InjectedMap {
  const map = JSON.parse(mapText) as Record<string, unknown>;
  if (typeof map !== 'object' || map === null || Array.isArray(map))
    throw new Error('not a source map object');
  if (map.debugId === id) return { map: mapText, changed: false };
  // debugId first, like sentry-cli and bundlers write it; the rest stays in its order.
  const { debugId: _old, ...rest } = map;
  return { map: JSON.stringify({ debugId: id, ...rest }), changed: true };
}
