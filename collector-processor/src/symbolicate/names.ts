/**
 * Pure naming rules for uploaded artifacts: which upload paths are safe, how an uploaded file
 * becomes an artifact name (`~/assets/app.js` or `https://cdn.example/assets/app.js`), which
 * names a stack frame's URL may match, and how releases become directory names.
 */

/** Upload file names: relative paths only, no `..`, no NUL or control characters. */
export function checkUploadPath(name: string): string | undefined {
  if (!name) return 'the file part has no filename';
  if (name.length > 1024) return 'the filename is longer than 1024 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'the filename contains NUL or control characters';
  if (name.includes('\\')) return 'use / as the path separator';
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || /^[a-z][a-z0-9+.-]*:\/\//i.test(name))
    return 'the filename must be a path relative to the uploaded directory, not an absolute path';
  const segments = name.split('/');
  if (segments.some((s) => s === '..')) return 'the filename must not contain ".." segments';
  if (segments.some((s) => s === '' || s === '.'))
    return 'the filename must not contain empty or "." segments';
  return undefined;
}

/**
 * `urlPrefix`: `~/` (any scheme and host, the default) or `scheme://host/` with an optional
 * path; always ends in `/`. Returns undefined when the prefix is not one of those forms.
 */
export function normalizeUrlPrefix(prefix: string | undefined): string | undefined {
  let p = (prefix ?? '').trim() || '~/';
  if (p === '~') p = '~/';
  if (!p.startsWith('~/') && !/^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*(\/|$)/i.test(p)) return undefined;
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\s?#]/.test(p) || p.split('/').includes('..')) return undefined;
  return p.endsWith('/') ? p : `${p}/`;
}

/** The artifact name of an uploaded file: prefix + relative path. */
export function artifactName(prefix: string, relativePath: string): string {
  return prefix + relativePath;
}

/** A URL without its query and fragment: cache busters do not change which file it is. */
export function stripQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut < 0 ? url : url.slice(0, cut);
}

const ABSOLUTE_URL = /^([a-z][a-z0-9+.-]*:\/\/[^/]*)(\/.*)?$/i;

/**
 * The artifact names a frame's script URL can match, best first: the exact URL (without query
 * and fragment), then `~/path` (any scheme and host). A bare `/path` only matches `~/path`.
 */
export function frameCandidates(absPath: string): string[] {
  const url = stripQuery(absPath);
  if (!url) return [];
  const m = ABSOLUTE_URL.exec(url);
  if (m) return [url, `~${m[2] ?? '/'}`];
  if (url.startsWith('/')) return [`~${url}`];
  return [url];
}

/**
 * Resolves a `sourceMappingURL` against the source's artifact name, the way a browser resolves
 * it against the script URL. `~/` names resolve within `~/`. Data URLs return undefined (inline
 * maps are not stored: upload the map as a file).
 */
export function resolveMapUrl(sourceName: string, mapUrl: string): string | undefined {
  if (!mapUrl || /^data:/i.test(mapUrl)) return undefined;
  if (ABSOLUTE_URL.test(mapUrl)) return stripQuery(mapUrl);
  const tilde = sourceName.startsWith('~/');
  const base = tilde ? `http://tilde.invalid${sourceName.slice(1)}` : sourceName;
  try {
    const resolved = new URL(mapUrl, base);
    if (tilde) return resolved.host === 'tilde.invalid' ? `~${resolved.pathname}` : stripQuery(resolved.href);
    return stripQuery(resolved.href);
  } catch {
    return undefined;
  }
}

/**
 * A release or project id as one directory name: bytes outside `A-Z a-z 0-9 . + -` become
 * `%XX`, and so does a leading `.`, so names can never be `.`, `..` or hidden, and a leading
 * `_` stays free for the store's own files (`_debug-ids`).
 */
export function escapeSegment(value: string): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const c = String.fromCharCode(byte);
    out += /[A-Za-z0-9.+-]/.test(c) ? c : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out.startsWith('.') ? `%2E${out.slice(1)}` : out;
}

const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/** Debug IDs are UUIDs, stored lowercase with dashes; anything else is not a Debug ID. */
export function normalizeDebugId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const v = value.trim();
  if (!UUID.test(v)) return undefined;
  const hex = v.replace(/-/g, '').toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The facts a bundle's trailing comments give: `//# sourceMappingURL=` and `//# debugId=`. */
export interface SourceComments {
  sourceMappingURL: string | null;
  debugId: string | null;
}

/** The last of each magic comment wins, as in browsers (ECMA-426). `//@` is the legacy form. */
export function parseSourceComments(text: string): SourceComments {
  let sourceMappingURL: string | null = null;
  let debugId: string | null = null;
  const re = /\/\/[#@][ \t]*(sourceMappingURL|debugId)[ \t]*=[ \t]*(\S+)[ \t]*$/gm;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1] === 'sourceMappingURL') sourceMappingURL = m[2];
    else debugId = normalizeDebugId(m[2]) ?? debugId;
  }
  return { sourceMappingURL, debugId };
}

/** Releases: what `service.version` carries; any text without control characters. */
export function checkRelease(release: string): string | undefined {
  if (!release) return 'the release must not be empty';
  if (release.length > 200) return 'the release is longer than 200 characters';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(release)) return 'the release contains control characters';
  return undefined;
}
