/**
 * Pure helpers that turn whatever was thrown or rejected into exception.* fields. Stack parsing
 * is the processor's job (it has error-stack-parser); the browser only sends the raw stack.
 */

export interface Described {
  type: string;
  message: string;
  stacktrace: string;
}

/** Non-Error values (throw 'x', reject({…})) are serialised up to this many chars. */
export const MAX_VALUE_MESSAGE = 1024;
/** Error.cause chains are followed this deep. */
export const MAX_CAUSES = 5;
/** JSON.stringify visits at most this many values: console args can be huge object graphs. */
const MAX_NODES = 200;

const ERROR_TAG = /^\[object (?:\w*Error|\w*Exception)\]$/;

/** Errors from other realms (iframes) fail instanceof Error, so the tag is checked too. */
export function isError(v: unknown): v is Error {
  return v instanceof Error || ERROR_TAG.test(Object.prototype.toString.call(v));
}

function ctorName(v: object): string {
  try {
    const n = (v as { constructor?: { name?: unknown } }).constructor?.name;
    return typeof n === 'string' ? n : '';
  } catch {
    return ''; // a throwing getter or revoked Proxy
  }
}

/** JSON-ish text of any value, cycle-safe and bounded; never throws. */
export function stringify(v: unknown, max = MAX_VALUE_MESSAGE): string {
  let s: string | undefined;
  if (typeof v === 'string') s = v;
  else if (isError(v)) s = `${v.name}: ${v.message}`;
  else if (v && typeof v === 'object') {
    const seen = new WeakSet<object>();
    let nodes = 0;
    try {
      s = JSON.stringify(v, (_k, x: unknown) => {
        if (++nodes > MAX_NODES) return undefined;
        if (typeof x === 'bigint') return `${x}n`;
        if (typeof x === 'function' || typeof x === 'symbol') return String(x);
        if (isError(x)) return `${x.name}: ${x.message}`;
        if (x && typeof x === 'object') {
          if (seen.has(x)) return '[Circular]';
          seen.add(x);
        }
        return x;
      });
    } catch {
      // a throwing toJSON or getter: fall through to String()
    }
  }
  if (s === undefined) {
    try {
      s = String(v);
    } catch {
      s = Object.prototype.toString.call(v); // Object.create(null) has no toString
    }
  }
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** exception.* of any thrown or rejected value. */
export function describe(v: unknown): Described {
  if (isError(v)) {
    const stack = (v as { stack?: unknown }).stack;
    const name = typeof v.name === 'string' && v.name ? v.name : ctorName(v) || 'Error';
    return {
      type: name,
      message: typeof v.message === 'string' ? v.message : stringify(v.message),
      stacktrace: typeof stack === 'string' ? stack : '',
    };
  }
  // Thrown strings behave like errors; other values keep their kind as type for grouping.
  const type =
    typeof v === 'string'
      ? 'Error'
      : v === null
        ? 'null'
        : typeof v === 'object'
          ? ctorName(v) || 'Object'
          : typeof v;
  return { type, message: stringify(v), stacktrace: '' };
}

/** The Error.cause chain below `v` (not `v` itself), MAX_CAUSES deep, stopping at cycles. */
export function causesOf(v: unknown): Described[] {
  const out: Described[] = [];
  const seen = new Set<unknown>([v]);
  let c: unknown = v;
  while (out.length < MAX_CAUSES && c && typeof c === 'object' && 'cause' in c) {
    c = (c as { cause?: unknown }).cause;
    if (c === undefined || seen.has(c)) break;
    seen.add(c);
    out.push(describe(c));
  }
  return out;
}

/** V8 `    at fn (url:1:2)` / `    at url:1:2`; Gecko and WebKit `fn@url:1:2`. */
const FRAME = /^\s*at (?:.*\()?(\S+?):\d+(?::\d+)?\)?$|@(\S+?):\d+(?::\d+)?$/;

/** The script URL of the innermost frame that has one (for ignoreUrls). */
export function firstFrameUrl(stack: string): string {
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line);
    if (m) return m[1] ?? m[2];
  }
  return '';
}

/** A custom fingerprint as one string: arrays joined with newlines; empty means none. */
export function fingerprintText(fp: string | string[] | undefined | null): string {
  return Array.isArray(fp) ? fp.map(String).join('\n') : typeof fp === 'string' ? fp : '';
}

/** The fields of an ErrorEvent that we read (the event's `error` may be missing or not an Error). */
export interface ErrorEventLike {
  error?: unknown;
  message?: string;
  filename?: string;
  lineno?: number;
  colno?: number;
  target?: unknown;
}

/** Resource load failures (<img>, <script>) are `error` events whose target is an element. */
export function isResourceError(e: ErrorEventLike): boolean {
  return (e.target as { nodeType?: unknown } | null | undefined)?.nodeType === 1;
}

const UNCAUGHT = /^(?:Uncaught )?(?:([A-Za-z_$][\w$]*(?:Error|Exception)): )?([\s\S]*)$/;

/**
 * The value to report for a window `error` event. Without an error object (cross-origin
 * "Script error.", some older engines) an Error-shaped stand-in is built from the message and
 * location, with a one-frame V8-style stack so the processor still gets a frame.
 */
export function errorFromEvent(e: ErrorEventLike): unknown {
  if (e.error !== undefined && e.error !== null) return e.error;
  const [, type = 'Error', message = ''] = UNCAUGHT.exec(e.message ?? '') ?? [];
  const frame = e.filename ? `\n    at ${e.filename}:${e.lineno ?? 0}:${e.colno ?? 0}` : '';
  return Object.assign(new Error(message), { name: type, stack: `${type}: ${message}${frame}` });
}
