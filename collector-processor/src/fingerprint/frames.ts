/**
 * Stack-frame normalisation for grouping. A frame becomes "function (module)": the function name
 * without the receiver and naming quirks of each engine, and the module path without origin,
 * query, content hashes or chunk ids. Line and column never count: they move with every edit and
 * differ between engines for the same call (Chrome and Firefox point at different tokens).
 */
import { notInAppReason, type NotInAppReason } from './in-app';
import { normaliseModule } from './module-path';

export { normaliseModule };

/**
 * In-app frames that count, innermost first, at most: the crash site is the first frame with a
 * name or a source line (see judgeFrames); anonymous frames before it count too, up to this many.
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

/**
 * What an engine printed before the name of an async continuation, as a flag of its own: V8's
 * `async pay` and Firefox's `async*pay` are both `pay` with cause "async"; Firefox also prints
 * `setTimeout handler*`, `promise callback*`, `EventListener.handleEvent*`. '' for other frames.
 */
export function asyncCauseOf(name: string): string {
  const f = name.trim();
  const star = f.lastIndexOf('*');
  if (star >= 0) return f.slice(0, star).split('*').pop()?.trim() || 'async';
  return /^async\s/.test(f) ? 'async' : '';
}

/**
 * A frame of an Error subclass's constructor at the top of the stack: Firefox prints
 * `PaymentError@…` (or `constructor@…`) for `class PaymentError extends Error`, V8 starts the
 * stack at the `throw` site without it. Its name is the thrown type, `constructor`, or ends in
 * Error/Exception (a base class such as `AppError` when the type is the subclass's).
 */
export function isErrorConstructorFrame(name: string, type: string): boolean {
  if (!name) return false;
  return name === type || name === 'constructor' || /(?:Error|Exception)$/.test(name);
}

/** Frames under these paths are library code even when the SDK or the map called them in-app. */
const LIBRARY_PATH =
  /(?:^|\/)(?:node_modules|bower_components|jspm_packages)\/|^(?:webpack|vite)\/(?:bootstrap|runtime)/;

/** Why a frame did not count (docs/grouping.md, "The explanation"). */
export type FrameExclusion =
  | NotInAppReason
  | 'not_in_app'
  | 'constructor'
  | 'async'
  | 'minified'
  | 'duplicate'
  | 'caller'
  | 'beyond_limit';

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
  /** Position in the stored stack, innermost first. */
  index?: number;
  /** See asyncCauseOf: "async", "setTimeout handler"... or '' (a synchronous frame). */
  asyncCause?: string;
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
  return classifyFrames(row).filter((f): f is NormalisedFrame => !('excluded' in f));
}

/** A frame that is not the app's own code, with why, for the explanation. */
export interface ExcludedFrame {
  index: number;
  label: string;
  excluded: NotInAppReason | 'not_in_app';
}

/**
 * Every stored frame, innermost first: the in-app ones normalised (see inAppFrames), the others
 * with why they are not the app's. The stored `in_app` is not trusted alone: rows stored before
 * fingerprint v2 marked any URL with a dot in-app, so the file rules apply again here.
 */
export function classifyFrames(row: FrameColumns): (NormalisedFrame | ExcludedFrame)[] {
  const out: (NormalisedFrame | ExcludedFrame)[] = [];
  const modules = new Map<string, string>();
  const n = row['frames.filename'].length;
  let afterAsync = false;
  for (let i = 0; i < n; i++) {
    const fn = row['frames.function'][i] ?? '';
    const raw = row['frames.raw_function']?.[i] ?? fn;
    afterAsync ||= isAsyncFrame(fn) || isAsyncFrame(raw);
    const filename = row['frames.filename'][i] ?? '';
    // Most frames of a stack share a few files: normalise each file once.
    let module = modules.get(filename);
    if (module === undefined) modules.set(filename, (module = normaliseModule(filename)));
    const symbolicated = (row['frames.symbolicated']?.[i] ?? 0) === 1;
    const reason =
      notInAppReason(filename, false, symbolicated) ??
      (!row['frames.in_app'][i] || !module || LIBRARY_PATH.test(module) ? 'not_in_app' : undefined);
    if (reason) {
      const label = frameLabel({ function: normaliseFunction(fn), module: module || filename });
      out.push({ index: i, label, excluded: reason });
      continue;
    }
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
      index: i,
      asyncCause: asyncCauseOf(fn) || asyncCauseOf(raw),
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
 * Labels of the frames that group an error, or why there are none: the crash site, i.e. the
 * innermost usable frame with a name or a source line, and the anonymous frames above it (an
 * anonymous callback is identified by the function it is in). Its callers do not count: they
 * record the path that reached the fault, which differs between browsers (Chrome keeps 10 frames,
 * engines print async callers differently, a minifier inlines differently per engine's mapping)
 * and between two paths into the same bug (as Bugsnag groups: error class + top in-project frame).
 * When any unsymbolicated frame looks minified, the whole unsymbolicated part is treated as
 * minified (deciding per frame would let a column near the threshold flip one frame between
 * browsers), and only symbolicated frames remain. Consecutive duplicates (recursion) count once.
 */
export function groupingFrames(
  frames: NormalisedFrame[],
  /** The exception type: Error-subclass constructor frames at the top of the stack never count. */
  type?: string,
): { labels: string[]; fallback?: FramesFallback } {
  const { labels, fallback } = judgeFrames(frames, type);
  return fallback ? { labels, fallback } : { labels };
}

/** groupingFrames, with the verdict on each frame (aligned with `frames`) for the explanation. */
export function judgeFrames(
  frames: NormalisedFrame[],
  type?: string,
): { labels: string[]; fallback?: FramesFallback; verdicts: (FrameExclusion | 'counted')[] } {
  const verdicts: (FrameExclusion | 'counted')[] = frames.map((f) => (f.afterAsync ? 'async' : 'counted'));
  let top = 0;
  if (type !== undefined) {
    while (
      top < frames.length &&
      !frames[top].afterAsync &&
      isErrorConstructorFrame(frames[top].function, type)
    )
      verdicts[top++] = 'constructor';
  }
  const sync = frames.map((f, i) => ({ f, i })).filter(({ f, i }) => i >= top && !f.afterAsync);
  if (sync.length === 0) return { labels: [], fallback: 'no_in_app_frames', verdicts };
  const minified = sync.some(({ f }) => looksMinified(f));
  const labels: string[] = [];
  let crashSite = false;
  for (const { f, i } of sync) {
    if (minified && !f.symbolicated) verdicts[i] = 'minified';
    else if (crashSite) verdicts[i] = 'caller';
    else if (labels.length === MAX_GROUPING_FRAMES) verdicts[i] = 'beyond_limit';
    else {
      const label = groupingLabel(f);
      if (labels[labels.length - 1] === label) verdicts[i] = 'duplicate';
      else labels.push(label);
      crashSite = f.contextLine !== '' || f.function !== '';
    }
  }
  return labels.length ? { labels, verdicts } : { labels, fallback: 'minified_frames', verdicts };
}
