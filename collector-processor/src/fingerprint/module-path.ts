/**
 * Module paths for grouping: a frame's file without origin, query, content hashes, chunk ids and
 * volatile directories, so two builds (and two browsers) of the same source name it alike.
 */

const HEX = /^[0-9a-f]+$/i;
const DIGIT = /\d/;

/** Mixed case that is not a Capitalised word: "BxKqTfPa" yes, "Checkout" no. */
function mixedCase(s: string): boolean {
  return /[A-Z]/.test(s) && /[a-z]/.test(s) && !/^[A-Z][a-z]+$/.test(s);
}

/** A content hash as bundlers append it: hex (webpack, Next.js) or base64url/base32 (Rollup/Vite, esbuild). */
function looksLikeHash(s: string, minLength: number): boolean {
  if (s.length < minLength) return false;
  if (HEX.test(s)) return DIGIT.test(s) || s.length >= 8;
  if (!/^[\w-]+$/.test(s)) return false;
  return DIGIT.test(s) || mixedCase(s) || /^[A-Z]+$/.test(s);
}

/** Directory segments that change per deploy: versions, numbers, ids, hashes, build ids. */
function volatileSegment(seg: string): boolean {
  return (
    /^v?\d+(?:\.\d+)*(?:[-+][\w.-]*)?$/.test(seg) ||
    (HEX.test(seg) && seg.length >= 8 && DIGIT.test(seg)) ||
    (seg.length >= 16 && DIGIT.test(seg) && /^[\w-]+$/.test(seg))
  );
}

const MAX_HASH_SUFFIXES = 8;

/**
 * /^(.+)[-_~.](\w{6,})$/.exec(stem) in linear time: the rightmost separator after which only word
 * characters follow (at least 6). The regex tried every separator of a run like "a_a_a_…!" and
 * scanned to the end from each.
 */
function wordSuffix(stem: string): [string, string, string] | null {
  let run = stem.length; // start of the trailing run of word characters
  while (run > 0 && /\w/.test(stem[run - 1])) run--;
  for (let p = stem.length - 7; p >= Math.max(1, run - 1); p--)
    if ('-_~.'.includes(stem[p])) return [stem, stem.slice(0, p), stem.slice(p + 1)];
  return null;
}

/**
 * The file name without its hashes: `cart-3f9a2b1c.js`, `index-DyQ2hn3k.js` (Vite),
 * `chunk-5ZQ3XJ2K.js` (esbuild), `app.3f9a2b1c.js`, `456.abcdef.chunk.js` (webpack numeric chunk
 * ids) become `cart.js`, `index.js`, `chunk.js`, `app.js`, `<id>.chunk.js`.
 */
function normaliseBasename(base: string): string {
  const dotParts = base.split('.');
  const ext =
    dotParts.length > 1 && /^[a-z]{1,6}$/i.test(dotParts[dotParts.length - 1]) ? dotParts.pop()! : '';
  let stem = dotParts.shift() ?? '';
  // Middle parts ("app.[contenthash].js", "456.[hash].chunk.js"): any hex run of 6+ is a hash here.
  const middle = dotParts.filter(
    (p) => !/^\d+$/.test(p) && !(HEX.test(p) && p.length >= 6) && !looksLikeHash(p, 8),
  );
  // Hash suffixes after "-", "_" or "~", repeatedly ("code-block-37QAKDTI-0Le8mQ1p"); bundlers
  // chain two or three, and a bound keeps a name of hundreds of them from costing O(n²).
  for (let strips = 0; strips < MAX_HASH_SUFFIXES; strips++) {
    // Rollup/Vite: exactly 8 base64url chars, which may themselves contain "-" or "_".
    const vite = /^(.+)[-_~]([\w-]{8})$/.exec(stem);
    if (vite && looksLikeHash(vite[2], 8)) {
      stem = vite[1];
      continue;
    }
    const other = wordSuffix(stem);
    if (other && looksLikeHash(other[2], 6) && (HEX.test(other[2]) ? DIGIT.test(other[2]) : true)) {
      stem = other[1];
      continue;
    }
    break;
  }
  if (/^\d+$/.test(stem) || (HEX.test(stem) && stem.length >= 8 && DIGIT.test(stem))) stem = '<id>';
  return [stem, ...middle, ...(ext ? [ext] : [])].join('.');
}

/**
 * The module path of a frame's file: origin (or `webpack://<namespace>`), query, fragment, `./`
 * and `../` removed, volatile directories (versions, build ids) dropped, hashes stripped from the
 * file name. Original sources from source maps (`webpack://app/src/cart.ts`, `../src/cart.ts`)
 * become `src/cart.ts`; a minified URL becomes e.g. `assets/index.js`.
 */
export function normaliseModule(filename: string): string {
  let s = filename.trim().replace(/[?#].*$/, '');
  s = s.replace(/^blob:/i, '').replace(/^[a-z][\w+.-]*:\/\/[^/]*/i, '');
  const segments = s.split(/[/\\]/).filter((seg) => seg && seg !== '.' && seg !== '..');
  const base = segments.pop();
  if (base === undefined) return '';
  const dirs = segments.filter((seg) => !volatileSegment(seg));
  return [...dirs, normaliseBasename(base)].join('/');
}
