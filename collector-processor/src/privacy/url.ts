/**
 * URL scrubbing that keeps the URL's structure: credentials go (`https://[urlauth]@host/`), query
 * and fragment parameters are judged by key name and by value, the path by value patterns. The
 * host stays: it names the site, not the visitor, and is stored unscrubbed anyway in
 * `server_address` and `referrer_host`. Parts that do not change keep their original encoding.
 */
import { PLACEHOLDER, isPlaceholder } from './detectors';
import { isOneTimeSecret } from './one-time';

export interface UrlScrubber {
  /** Free text: value patterns and key=value pairs (no custom rules: those run on the whole URL). */
  text(s: string): string;
  /** A path: value patterns only; user home directories only when `userPaths`. */
  path(s: string, userPaths: boolean): string;
  /** The placeholder for a parameter value under `key`, or undefined. */
  keyReplacement(key: string): string | undefined;
}

const SCHEME_AUTHORITY = /^([a-z][a-z0-9+.-]*:\/\/)([^/?#]*)/i;
/** An absolute URL with no spaces, or a path with a query: what is scrubbed as a URL. */
const URL_LIKE = /^(?:[a-z][a-z0-9+.-]*:\/\/\S*|\/\S*\?\S*)$/i;
/** Web schemes whose paths are routes, not file system paths. */
const WEB_SCHEME = /^(?:https?|wss?):/i;
const MAX_DEPTH = 3;
const FRAME_SUFFIX = /(?::\d+){1,2}\)?$/;

export function looksLikeUrl(s: string): boolean {
  return s.length > 8 && URL_LIKE.test(s);
}

function decode(s: string): string {
  const plus = s.includes('+') ? s.replace(/\+/g, ' ') : s;
  if (!plus.includes('%')) return plus;
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus; // malformed escapes: judge the raw text
  }
}

/** Encodes only what would break the query (placeholders' brackets stay readable). */
function encode(s: string): string {
  return s.replace(/[%&#+=\s]/g, (c) => encodeURIComponent(c));
}

/** The placeholder for a parameter's value: by key name, or as a one-time secret (one-time.ts). */
function secretReplacement(key: string, value: string, s: UrlScrubber): string | undefined {
  const name = decode(key);
  // In a stack trace the URL runs on into the frame's `:line:col)`: judge the value without it.
  const bare = decode(value.replace(FRAME_SUFFIX, ''));
  return s.keyReplacement(name) ?? (isOneTimeSecret(name, bare) ? PLACEHOLDER.secret : undefined);
}

function scrubParam(param: string, s: UrlScrubber, depth: number): string {
  const eq = param.indexOf('=');
  if (eq < 0) return encodeIfChanged(param, s, depth);
  const key = param.slice(0, eq);
  const value = param.slice(eq + 1);
  const cleanKey = encodeIfChanged(key, s, depth);
  const replacement = value && !isPlaceholder(decode(value)) ? secretReplacement(key, value, s) : undefined;
  if (replacement === undefined) return `${cleanKey}=${encodeIfChanged(value, s, depth)}`;
  // In a stack trace the URL runs on into the frame's `:line:col)`, which is not the secret.
  return `${cleanKey}=${replacement}${FRAME_SUFFIX.exec(value)?.[0] ?? ''}`;
}

function encodeIfChanged(raw: string, s: UrlScrubber, depth: number): string {
  if (!raw) return raw;
  const decoded = decode(raw);
  // A redirect target (`?next=https://…?token=…`) is a URL of its own.
  const clean = looksLikeUrl(decoded) && depth < MAX_DEPTH ? scrub(decoded, s, depth + 1) : s.text(decoded);
  return clean === decoded ? raw : encode(clean);
}

function scrubParams(query: string, s: UrlScrubber, depth: number): string {
  const params = query.split('&');
  let changed = false;
  for (let i = 0; i < params.length; i++) {
    const clean = scrubParam(params[i], s, depth);
    if (clean !== params[i]) {
      params[i] = clean;
      changed = true;
    }
  }
  return changed ? params.join('&') : query;
}

/** SPA routes and OAuth implicit flows put parameters in the fragment (`#access_token=…`). */
function scrubFragment(fragment: string, s: UrlScrubber, userPaths: boolean, depth: number): string {
  const q = fragment.indexOf('?');
  if (q >= 0)
    return s.path(fragment.slice(0, q), userPaths) + '?' + scrubParams(fragment.slice(q + 1), s, depth);
  if (/^[^=/&]+=/.test(fragment)) return scrubParams(fragment, s, depth);
  return s.path(fragment, userPaths);
}

function scrub(url: string, s: UrlScrubber, depth: number): string {
  let rest = url;
  let head = '';
  const m = SCHEME_AUTHORITY.exec(url);
  if (m) {
    const authority = m[2];
    const at = authority.lastIndexOf('@');
    head = m[1] + (at >= 0 ? `${PLACEHOLDER.urlauth}${authority.slice(at)}` : authority);
    rest = url.slice(m[0].length);
  }
  const userPaths = !(m && WEB_SCHEME.test(m[1]));
  const hash = rest.indexOf('#');
  const fragment = hash >= 0 ? rest.slice(hash + 1) : undefined;
  const beforeHash = hash >= 0 ? rest.slice(0, hash) : rest;
  const q = beforeHash.indexOf('?');
  const path = q >= 0 ? beforeHash.slice(0, q) : beforeHash;
  let out = head + s.path(path, userPaths);
  if (q >= 0) out += '?' + scrubParams(beforeHash.slice(q + 1), s, depth);
  if (fragment !== undefined) out += '#' + scrubFragment(fragment, s, userPaths, depth);
  return out;
}

/** Scrubs a URL (absolute, relative or a file path) part by part. */
export function scrubUrl(url: string, s: UrlScrubber): string {
  if (!url) return url;
  const out = scrub(url, s, 0);
  return out === url ? url : out;
}
