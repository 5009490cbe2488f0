/** URL helpers: routes and URL templates with ids normalised, UTM parameters, hosts. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const NUMBER = /^\d+$/;
const DIGIT = /\d/;
const HEX_ID = /^(?=.*\d)[0-9a-f]{8,}$/i; // hashes, Mongo ObjectIds, hex tokens
const TOKEN = /^(?=.*\d)(?=.*[A-Za-z])[A-Za-z0-9_-]{16,}$/; // ULIDs, nanoids, base64url tokens
const PREFIXED_ID = /^[a-z]{2,8}_(?=.*\d)[A-Za-z0-9]{8,}$/; // Stripe-style ids: cus_Nf3k92jdQ

/** Whether a path segment is an identifier rather than part of the route. */
export function isIdSegment(segment: string): boolean {
  let s = segment;
  if (s.includes('%')) {
    try {
      s = decodeURIComponent(segment);
    } catch {
      // keep the raw segment
    }
  }
  // Every id pattern but a digit-free UUID needs a digit: most segments ("api", "orders") stop here.
  if (!DIGIT.test(s) && s.length !== 36) return false;
  return NUMBER.test(s) || UUID.test(s) || HEX_ID.test(s) || TOKEN.test(s) || PREFIXED_ID.test(s);
}

/** `/users/12345/orders/3f25…` → `/users/:id/orders/:id`. */
export function normalizePath(path: string): string {
  if (!path) return '';
  const segments = path.split('/').map((s) => (s && isIdSegment(s) ? ':id' : s));
  return segments.join('/');
}

/** Parses an absolute URL; undefined for relative or malformed input. */
export function parseUrl(url: string): URL | undefined {
  if (!url) return undefined;
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * The route of a page URL: its normalised path, or for hash routers (`/#/cart/12`) the
 * normalised hash path. Accepts a bare path too.
 */
export function routeOf(url: string): string {
  if (!url) return '';
  const u = parseUrl(url) ?? parseUrl(`http://relative${url.startsWith('/') ? '' : '/'}${url}`);
  if (!u) return '';
  if ((u.pathname === '/' || u.pathname === '') && u.hash.startsWith('#/')) {
    return normalizePath(u.hash.slice(1).split('?')[0]);
  }
  return normalizePath(u.pathname);
}

/** The URL template of an HTTP request: normalised path without query string. */
export function urlTemplateOf(url: string): string {
  const u = parseUrl(url) ?? parseUrl(`http://relative${url.startsWith('/') ? '' : '/'}${url}`);
  return u ? normalizePath(u.pathname) : '';
}

export function hostOf(url: string): string {
  return parseUrl(url)?.hostname ?? '';
}

export interface Utm {
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
  utm_term: string;
  utm_content: string;
}

export function utmOf(url: string): Utm {
  const q = parseUrl(url)?.searchParams;
  const get = (k: string) => q?.get(k) ?? '';
  return {
    utm_source: get('utm_source'),
    utm_medium: get('utm_medium'),
    utm_campaign: get('utm_campaign'),
    utm_term: get('utm_term'),
    utm_content: get('utm_content'),
  };
}

/** Resource type from a URL's extension, for resource spans that carry no initiator type. */
export function resourceTypeOf(url: string): string {
  const path = parseUrl(url)?.pathname ?? url;
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  if (['js', 'mjs', 'cjs'].includes(ext)) return 'script';
  if (ext === 'css') return 'link';
  if (['png', 'jpg', 'jpeg', 'gif', 'svg', 'webp', 'avif', 'ico', 'bmp'].includes(ext)) return 'img';
  if (['woff', 'woff2', 'ttf', 'otf', 'eot'].includes(ext)) return 'css';
  if (['mp4', 'webm', 'mp3', 'ogg'].includes(ext)) return 'video';
  return 'other';
}
