/**
 * Errors from `exception` span events (span.recordException), `exception` log events (sdk-logs,
 * browser SIG, web-exception instrumentation, PulseTrace), Honeycomb's `exception` spans and Faro
 * exception logs (structured frames in faro.error.stacktrace). Frames are parsed from the raw
 * stack with error-stack-parser; fingerprints are left to the pipeline's fingerprint stage.
 */
import { isAppFile } from '../../fingerprint/in-app';
import type { ErrorRow, StackFrame } from '../../store/rows';
import type { AttrValue, Attributes } from '../types';
import {
  PAGE_OR_URL_KEYS,
  commonColumns,
  finish,
  rejection,
  type MapContext,
  type RecordMeta,
  type Rejection,
} from './common';
import * as sc from './semconv';
import { parseStackLines } from './stack-lines';
import { LIMITS, Reader, Truncation, asNumber, asString, isMap, parseJson } from './values';

export interface ExceptionSource {
  handled: boolean;
  mechanism: string;
  /** Where the page URL may be; on span events url.full is the span's (request) URL. */
  urlKeys?: readonly string[];
}

/** Instrumentations that report from window.onerror / onunhandledrejection: unhandled. */
const GLOBAL_HANDLERS: Record<string, ExceptionSource> = {
  '@opentelemetry/browser-instrumentation/errors': { handled: false, mechanism: 'onerror' },
  '@opentelemetry/instrumentation-web-exception': { handled: false, mechanism: 'onerror' },
  '@honeycombio/instrumentation-global-errors': { handled: false, mechanism: 'onerror' },
};

export function exceptionSource(scopeName: string, fallback: ExceptionSource): ExceptionSource {
  return GLOBAL_HANDLERS[scopeName] ?? fallback;
}

/**
 * 1 when the frame is the app's own code: an http(s) (or file, blob) URL or a source path, not
 * an extension, browser-internal, eval'd, vendor or SDK frame (fingerprint/in-app.ts).
 */
export function isInApp(filename: string, isEval = false): number {
  return isAppFile(filename, isEval);
}

/**
 * Frames in the order the stack lists them (innermost call first), with the number of frame
 * lines left out (see stack-lines.ts: at most LIMITS.frames, only lines shaped like frames).
 */
export function parseStack(
  stack: string,
  name: string,
  message: string,
): { frames: StackFrame[]; dropped: number } {
  if (!stack) return { frames: [], dropped: 0 };
  const { frames, dropped } = parseStackLines(stack, name, message);
  // The Firefox/Safari branch turns any non-frame line into a frame: keep located ones only.
  const located = frames.filter((f) => f.fileName || f.lineNumber);
  return {
    frames: located.map((f) => ({
      filename: f.fileName ?? '',
      function: f.functionName ?? '',
      lineno: f.lineNumber ?? 0,
      colno: f.columnNumber ?? 0,
      in_app: isInApp(f.fileName ?? '', f.isEval === true),
    })),
    dropped,
  };
}

export function parseFrames(stack: string, name: string, message: string): StackFrame[] {
  return parseStack(stack, name, message).frames;
}

function faroFrames(v: AttrValue | undefined): StackFrame[] | undefined {
  const frames = isMap(v) ? v.frames : undefined;
  if (!Array.isArray(frames)) return undefined;
  return frames.filter(isMap).map((f) => {
    const filename = asString(f.filename);
    return {
      filename,
      function: asString(f.function),
      lineno: asNumber(f.lineno) ?? 0,
      colno: asNumber(f.colno) ?? 0,
      in_app: isInApp(filename),
    };
  });
}

/** A V8-style stack text for senders that only send structured frames. */
function renderStack(type: string, message: string, frames: StackFrame[]): string {
  const lines = frames.map(
    (f) => `    at ${f.function || '?'} (${f.filename}${f.lineno ? `:${f.lineno}:${f.colno}` : ''})`,
  );
  return [`${type}: ${message}`, ...lines].join('\n');
}

const TYPE_PREFIX = /^([A-Za-z_$][\w$.]*)(?::|$)/;

function typeFromStack(stack: string): string {
  return TYPE_PREFIX.exec(stack.split('\n', 1)[0] ?? '')?.[1] ?? '';
}

interface Cause {
  type: string;
  message: string;
  stacktrace: string;
}

function causesJson(r: Reader, t: Truncation): string {
  const list: Cause[] = [];
  const raw = r.str(sc.PT.causes);
  const parsed = raw ? parseJson(raw) : undefined;
  if (Array.isArray(parsed)) {
    for (const c of parsed) {
      if (!isMap(c)) continue;
      list.push({ type: asString(c.type), message: asString(c.message), stacktrace: asString(c.stacktrace) });
    }
  }
  const faroContext = r.get('faro.error.context');
  if (isMap(faroContext) && typeof faroContext.cause === 'string') {
    const text = faroContext.cause;
    const type = typeFromStack(text);
    list.push({ type, message: type ? text.slice(type.length + 1).trim() : text, stacktrace: '' });
  }
  return t.cap(JSON.stringify(list), LIMITS.stacktrace);
}

function breadcrumbsJson(r: Reader, t: Truncation): string {
  const raw = r.str(sc.PT.breadcrumbs);
  const parsed = raw ? parseJson(raw) : undefined;
  return Array.isArray(parsed) ? t.cap(raw, LIMITS.stacktrace) : '[]';
}

/**
 * Maps exception attributes (exception.type/message/stacktrace plus PulseTrace and Faro extras)
 * read from `layers` (event first, then span/record, then resource).
 */
export function errorFromAttributes(
  layers: Attributes[],
  meta: RecordMeta,
  ctx: MapContext,
  source: ExceptionSource,
): ErrorRow | Rejection {
  const r = new Reader(layers);
  const t = r.t;
  const message = r.str(sc.ATTR_EXCEPTION_MESSAGE);
  // Cut before parsing, so the parse is bounded by the stored size (counted once in `truncated`).
  const stack = t.cap(r.str(sc.ATTR_EXCEPTION_STACKTRACE), LIMITS.stacktrace);
  const structured = faroFrames(r.get('faro.error.stacktrace'));
  let type = r.str(sc.ATTR_EXCEPTION_TYPE);
  if (!type && !message && !stack && !structured?.length) {
    return rejection('errors: exception without type, message or stacktrace');
  }
  type ||= typeFromStack(stack) || 'Error';
  const escaped = r.bool('exception.escaped');
  const handled = r.bool(sc.PT.handled) ?? (escaped === true ? false : source.handled);
  const mechanism = r.str(sc.PT.mechanism) || source.mechanism;
  for (const k of Object.keys(layers[0] ?? {}))
    if (k.startsWith('exception.structured_stacktrace.')) r.consume(k);

  let frames = structured;
  if (!frames) {
    const parsed = parseStack(stack, type, message);
    frames = parsed.frames;
    if (parsed.dropped) t.count++;
  }
  if (frames.length > LIMITS.frames) {
    frames = frames.slice(0, LIMITS.frames);
    t.count++;
  }
  for (const f of frames) {
    f.filename = t.cap(f.filename, LIMITS.url);
    f.function = t.cap(f.function, LIMITS.attributeValue);
  }
  const stacktrace = stack || (frames.length ? renderStack(type, message, frames) : '');
  const common = commonColumns(r, meta, ctx, { urlKeys: source.urlKeys ?? PAGE_OR_URL_KEYS });
  const row: ErrorRow = Object.assign(common, {
    exception_type: t.cap(type, 256),
    exception_message: t.cap(message, LIMITS.message),
    stacktrace: t.cap(stacktrace, LIMITS.stacktrace),
    'frames.filename': frames.map((f) => f.filename),
    'frames.function': frames.map((f) => f.function),
    'frames.lineno': frames.map((f) => f.lineno),
    'frames.colno': frames.map((f) => f.colno),
    'frames.in_app': frames.map((f) => f.in_app),
    'frames.abs_path': frames.map((f) => f.filename),
    'frames.raw_lineno': frames.map((f) => f.lineno),
    'frames.raw_colno': frames.map((f) => f.colno),
    'frames.raw_function': frames.map((f) => f.function),
    'frames.context': frames.map(() => ''),
    'frames.symbolicated': frames.map(() => 0),
    symbolication: frames.length ? 'missing' : 'none',
    handled: handled ? 1 : 0,
    mechanism,
    fingerprint: '',
    fingerprint_version: 0,
    grouping: '',
    causes: causesJson(r, t),
    breadcrumbs: breadcrumbsJson(r, t),
  });
  return finish(row, r);
}
