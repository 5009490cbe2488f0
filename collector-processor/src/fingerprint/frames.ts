/**
 * Stack-frame normalisation for grouping. A frame becomes "function (module)": the function name
 * without the receiver and naming quirks of each engine, and the module path without origin,
 * query, content hashes or chunk ids. Line and column never count: they move with every edit and
 * differ between engines for the same call (Chrome and Firefox point at different tokens).
 */

/**
 * In-app frames that count, innermost first. Beyond the first few, stacks mostly record how the
 * code was reached (router, event dispatch): that differs between browsers (Chrome keeps only 10
 * frames by default, async frames) and would split one bug into many issues.
 */
export const MAX_GROUPING_FRAMES = 5;

const ANONYMOUS = /^(?:<?anonymous>?|\?|<computed>|global code|module code|eval code|eval|)$/i;

/**
 * V8's ` [as alias]` suffix removed, as /\s+\[as [^\]]*\]$/ would, in linear time (the regex
 * rescans to the end from every "[as " of a long name).
 */
function withoutAlias(f: string): string {
  if (!f.endsWith(']')) return f;
  const from = f.lastIndexOf(']', f.length - 2) + 1;
  for (let i = f.indexOf('[as ', from); i > 0; i = f.indexOf('[as ', i + 1)) {
    let start = i;
    while (start > 0 && /\s/.test(f[start - 1])) start--;
    if (start < i) return f.slice(0, start);
  }
  return f;
}

/**
 * One name for a function whatever the engine printed:
 * - V8: `Object.onClick`, `CartService.total`, `new Cart`, `async loadCart`, `fn [as alias]`,
 *   `HTMLButtonElement.<anonymous>` (an anonymous listener);
 * - SpiderMonkey: `total/<` (an anonymous function inside total), `setup/handler<`, `async*fn`;
 * - JavaScriptCore: `global code`, `module code`, empty for anonymous functions.
 * The receiver is dropped (Firefox never prints it) and anonymous functions become ''.
 */
export function normaliseFunction(name: string): string {
  let f = withoutAlias(name.trim());
  // Firefox's async-cause prefix ("async*", "promise callback*", "EventListener.handleEvent*").
  const star = f.lastIndexOf('*');
  if (star >= 0) f = f.slice(star + 1);
  // Firefox's nesting path: only the innermost name, without its "<" marks ("total/<" -> "").
  const slash = f.lastIndexOf('/');
  if (slash >= 0) f = f.slice(slash + 1);
  // A loop, not /<+$/, which rescans a run of "<" from each of its positions.
  let end = f.length;
  while (end > 0 && f.charCodeAt(end - 1) === 60) end--;
  f = f.slice(0, end);
  // V8's receiver ("CartService.total", "Object.get items") and keywords ("new Cart", "async load").
  const dot = f.lastIndexOf('.');
  if (dot >= 0) f = f.slice(dot + 1);
  f = f.replace(/^(?:async|new|get|set|static)\s+/, '');
  return ANONYMOUS.test(f) ? '' : f;
}

/** A frame is an async continuation: V8's `async fn`, Firefox's `async*fn` and other `cause*fn`. */
export function isAsyncFrame(name: string): boolean {
  return /^async\s/.test(name) || name.includes('*');
}

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

/** Frames under these paths are library code even when the SDK or the map called them in-app. */
const LIBRARY_PATH =
  /(?:^|\/)(?:node_modules|bower_components|jspm_packages)\/|^(?:webpack|vite)\/(?:bootstrap|runtime)/;

/** Columns no hand-written line reaches: the file is minified. */
const MINIFIED_COLUMN = 500;

/** Minifiers hand out 1-2 character names first (terser, esbuild). */
function isShortName(name: string): boolean {
  return name.length > 0 && name.length <= 2;
}

/** The columns of an error row that grouping reads, innermost frame first. */
export interface FrameColumns {
  'frames.filename': string[];
  'frames.function': string[];
  'frames.in_app': number[];
  'frames.raw_function'?: string[];
  'frames.colno'?: number[];
  'frames.symbolicated'?: number[];
  /** JSON {pre, line, post} from the source map's sourcesContent, or ''. */
  'frames.context'?: string[];
}

export interface NormalisedFrame {
  function: string;
  module: string;
  /** The stored (possibly symbolicated) function and file, for rule matching. */
  rawFunction: string;
  filename: string;
  symbolicated: boolean;
  colno: number;
  /** At or after the first async frame (see inAppFrames). */
  afterAsync: boolean;
  /** The original source line of a symbolicated frame, whitespace collapsed; '' when unknown. */
  contextLine: string;
}

/** Longer lines are generated or minified code: the function name says more. */
const MAX_CONTEXT_LINE = 150;

function contextLineOf(json: string | undefined): string {
  if (!json) return '';
  try {
    const line = (JSON.parse(json) as { line?: unknown }).line;
    if (typeof line !== 'string') return '';
    const text = line.trim().replace(/\s+/g, ' ');
    return text.length <= MAX_CONTEXT_LINE ? text : '';
  } catch {
    return '';
  }
}

/**
 * What a frame contributes to the fingerprint. A symbolicated frame with source context counts by
 * its module and original source line, as Sentry groups JavaScript: the line is the same in every
 * engine, while the function name of the outermost mapped frame depends on whether the engine
 * printed a caller (Chrome omits the caller of an async continuation, Firefox prints `async*`).
 * Editing that line starts a new issue, the price Sentry pays too.
 */
export function groupingLabel(f: NormalisedFrame): string {
  return f.contextLine ? `${f.module}: ${f.contextLine}` : frameLabel(f);
}

/** "function (module)"; "<anonymous> (module)" for an anonymous function. */
export function frameLabel(f: Pick<NormalisedFrame, 'function' | 'module'>): string {
  return f.function ? `${f.function} (${f.module})` : `<anonymous> (${f.module})`;
}

/**
 * The in-app frames, normalised. Frames from the first async frame on are marked: V8 prints
 * awaiting callers (`async fn`), Firefox only sometimes (`async*fn`, seen when the page is being
 * debugged) and Safari not at all, so grouping leaves them out; rules still see them.
 */
export function inAppFrames(row: FrameColumns): NormalisedFrame[] {
  const out: NormalisedFrame[] = [];
  const n = row['frames.filename'].length;
  let afterAsync = false;
  for (let i = 0; i < n; i++) {
    const fn = row['frames.function'][i] ?? '';
    const raw = row['frames.raw_function']?.[i] ?? fn;
    afterAsync ||= isAsyncFrame(fn) || isAsyncFrame(raw);
    const filename = row['frames.filename'][i] ?? '';
    if (!row['frames.in_app'][i] || !filename) continue;
    const module = normaliseModule(filename);
    if (!module || LIBRARY_PATH.test(module)) continue;
    const symbolicated = (row['frames.symbolicated']?.[i] ?? 0) === 1;
    const colno = row['frames.colno']?.[i] ?? 0;
    let name = normaliseFunction(fn);
    // Symbolication names a frame from its caller's position, so the outermost mapped frame (or
    // one called from an unmapped script) keeps its minified name, which changes every build.
    // Only short names are dropped: property and exported names survive minification (and a
    // column threshold would flip between releases as the bundle grows).
    if (symbolicated && fn === raw && isShortName(name)) name = '';
    const contextLine = symbolicated ? contextLineOf(row['frames.context']?.[i]) : '';
    out.push({
      function: name,
      module,
      rawFunction: fn,
      filename,
      symbolicated,
      colno,
      afterAsync,
      contextLine,
    });
  }
  return out;
}

/**
 * Minified code without a source map: terser/esbuild names (1-2 characters), `.min.js` files, or
 * columns no hand-written line reaches. Such names change with every build, so these frames would
 * split one bug into a new issue per release.
 */
export function looksMinified(f: NormalisedFrame): boolean {
  if (f.symbolicated) return false;
  return /\.min\.[cm]?js$/i.test(f.module) || isShortName(f.function) || f.colno > MINIFIED_COLUMN;
}

export type FramesFallback = 'no_in_app_frames' | 'minified_frames';

/**
 * Labels of the frames that group an error, or why there are none. When any unsymbolicated frame
 * looks minified, the whole unsymbolicated part is treated as minified (deciding per frame would
 * let a column near the threshold flip one frame between browsers), and only symbolicated frames
 * remain. Consecutive duplicates (recursion, whose depth differs per engine) count once.
 */
export function groupingFrames(frames: NormalisedFrame[]): { labels: string[]; fallback?: FramesFallback } {
  const sync = frames.filter((f) => !f.afterAsync);
  if (sync.length === 0) return { labels: [], fallback: 'no_in_app_frames' };
  const minified = sync.some(looksMinified);
  const usable = minified ? sync.filter((f) => f.symbolicated) : sync;
  const labels: string[] = [];
  for (const f of usable) {
    const label = groupingLabel(f);
    if (labels[labels.length - 1] !== label) labels.push(label);
    if (labels.length === MAX_GROUPING_FRAMES) break;
  }
  return labels.length ? { labels } : { labels, fallback: 'minified_frames' };
}
