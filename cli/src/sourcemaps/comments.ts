/**
 * Pure text helpers for the magic comments bundlers and `sourcemaps inject` write at the end of
 * a JavaScript file: `//# sourceMappingURL=…` and `//# debugId=…`.
 */
import path from 'node:path';

/** `//# sourceMappingURL=x` or `/*# sourceMappingURL=x *\/`; `//@` is the pre-2013 spelling. */
const SOURCE_MAPPING_URL =
  /(?:\/\/[#@]\s*sourceMappingURL=([^\s'"]+)\s*$|\/\*[#@]\s*sourceMappingURL=([^\s*'"]+)\s*\*\/\s*$)/gm;
/** The id `sourcemaps inject` (or sentry-cli, or a bundler) wrote: a UUID. */
const DEBUG_ID =
  /^\/\/# debugId=([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\s*$/gm;

function lastMatch(re: RegExp, text: string): RegExpExecArray | undefined {
  let last: RegExpExecArray | undefined;
  re.lastIndex = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) last = m;
  return last;
}

/** The file's sourceMappingURL; the last one wins, as in browsers. */
export function sourceMappingUrlOf(code: string): string | undefined {
  const m = lastMatch(SOURCE_MAPPING_URL, code);
  return m ? (m[1] ?? m[2]) : undefined;
}

/** Where the last sourceMappingURL comment starts, to insert lines above it; -1 if none. */
export function sourceMappingCommentIndex(code: string): number {
  return lastMatch(SOURCE_MAPPING_URL, code)?.index ?? -1;
}

/** The file's `//# debugId=`, lower-cased; undefined if it has none. */
export function debugIdOf(code: string): string | undefined {
  return lastMatch(DEBUG_ID, code)?.[1].toLowerCase();
}

export type MapRef =
  | { kind: 'none' }
  | { kind: 'inline' }
  /** `path` is relative to the scanned directory, with forward slashes. */
  | { kind: 'file'; path: string };

/**
 * Where the map of `jsRel` (a path relative to the scanned directory) is, from its
 * sourceMappingURL. Relative references resolve against the file's directory; absolute URLs
 * (`https://cdn/…/app.js.map`) can't be fetched at build time, so their file name is looked up
 * next to the file, which is where bundlers write it.
 */
export function resolveMapRef(jsRel: string, url: string | undefined): MapRef {
  if (!url) return { kind: 'none' };
  if (url.startsWith('data:')) return { kind: 'inline' };
  const bare = url.replace(/[?#].*$/, '');
  let ref: string;
  try {
    ref = decodeURIComponent(bare);
  } catch {
    ref = bare; // a stray % in a file name
  }
  const dir = path.posix.dirname(jsRel);
  if (/^[a-z][a-z0-9+.-]*:/i.test(ref) || ref.startsWith('/'))
    return { kind: 'file', path: path.posix.join(dir, path.posix.basename(ref)) };
  return { kind: 'file', path: path.posix.normalize(path.posix.join(dir, ref)) };
}
