/**
 * URL parameters that carry one-time secrets: OAuth authorisation codes and state, OTPs, request
 * signatures, presigned-URL credentials (AWS `X-Amz-*`, GCS `X-Goog-*`), and values that look
 * like random tokens whatever their name (magic links, reset links: `?t=…`, `?k=…`). Only URL
 * query and fragment parameters are judged this way: as attribute names `code` or `state` mean
 * something else (`http.response.status_code`, a UI state).
 */

/** Parameter names (lower case) whose value is a one-time secret. */
const ONE_TIME_NAMES = new Set(['code', 'otp', 'sig', 'signature', 'oobcode', 'nonce', 'ticket']);
/** Presigned URLs: every parameter of the signing scheme goes (credential, token, signature). */
const SIGNING_PREFIXES = ['x-amz-', 'x-goog-'];
/** Authorisation-code compounds: `auth_code`, `verificationCode`, `confirmation-code`. */
const CODE_QUALIFIERS =
  /^(?:auth|authorization|verification|verify|confirmation|confirm|activation|login|magic|reset|access|one[-_]?time)[-_]?code$/i;

/**
 * `state` is also a postal state or a UI state (`?state=CA`, `?state=open`); an OAuth state is
 * random: it has a digit or is long.
 */
function isOAuthState(value: string): boolean {
  return /\d/.test(value) || value.length >= 16;
}

const TOKEN_CHARS = /^[A-Za-z0-9_\-.~+/=]+$/;

function charClass(c: number): number {
  if (c >= 48 && c <= 57) return 0;
  if (c >= 65 && c <= 90) return 1;
  if (c >= 97 && c <= 122) return 2;
  return 3;
}

/**
 * A random token: 16+ base64(url) characters mixing upper and lower case (and digits, or 24+
 * long), where the kind of character changes at nearly every other position. Words and
 * camel-case names (`ProductListingPageVariant2`, 0.2 changes per character) stay; lower-case
 * hex (cache busters, commit hashes) and UUIDs too, as they are ids more often than secrets.
 */
export function isTokenLike(value: string): boolean {
  const n = value.length;
  if (n < 16 || n > 4096 || !TOKEN_CHARS.test(value)) return false;
  let upper = false;
  let lower = false;
  let digit = false;
  let changes = 0;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const cls = charClass(value.charCodeAt(i));
    digit ||= cls === 0;
    upper ||= cls === 1;
    lower ||= cls === 2;
    if (prev >= 0 && cls !== prev) changes++;
    prev = cls;
  }
  return upper && lower && (digit || n >= 24) && changes / (n - 1) >= 0.45;
}

/** Whether a URL parameter's value (decoded) is a one-time secret, by its name or its shape. */
export function isOneTimeSecret(key: string, value: string): boolean {
  if (!value) return false;
  const name = key.toLowerCase();
  if (ONE_TIME_NAMES.has(name) || CODE_QUALIFIERS.test(name)) return true;
  if (SIGNING_PREFIXES.some((p) => name.startsWith(p))) return true;
  if (name === 'state') return isOAuthState(value);
  return isTokenLike(value);
}
