/**
 * One error event's stack frames and breadcrumbs as table rows. Pure: the stored row holds the
 * frames as parallel arrays (a Nested column) and the breadcrumbs and source context as JSON text,
 * which is parsed here rather than in SQL so that malformed JSON from any SDK degrades to empty
 * values instead of failing the query.
 */
import type { FieldSpec, Row } from '../../frames';

export const STACK_FIELDS: FieldSpec[] = [
  { name: 'function', type: 'string' },
  { name: 'filename', type: 'string' },
  { name: 'lineno', type: 'number', config: { unit: 'none' } },
  { name: 'colno', type: 'number', config: { unit: 'none' } },
  { name: 'in_app', type: 'boolean' },
  { name: 'symbolicated', type: 'boolean' },
  /** The frame's own source line from the source map's sourcesContent, when there was one. */
  { name: 'context_line', type: 'string' },
  /** The lines before and after it (newline-separated), so a stack trace view can show the code around it. */
  { name: 'context_pre', type: 'string' },
  { name: 'context_post', type: 'string' },
  /** The minified function and position as received, before symbolication. */
  { name: 'raw_function', type: 'string' },
  { name: 'raw_position', type: 'string' },
];

export const BREADCRUMB_FIELDS: FieldSpec[] = [
  { name: 'time', type: 'time' },
  { name: 'category', type: 'string' },
  { name: 'level', type: 'string' },
  { name: 'message', type: 'string' },
  { name: 'data', type: 'string' },
];

function parseJson(text: unknown): unknown {
  if (typeof text !== 'string' || text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The `line`, `pre` and `post` of a `{pre, line, post}` context document (lines newline-joined). */
function contextOf(text: unknown): { line: string; pre: string; post: string } {
  const doc = parseJson(text);
  if (!doc || typeof doc !== 'object') return { line: '', pre: '', post: '' };
  const { line, pre, post } = doc as { line?: unknown; pre?: unknown; post?: unknown };
  const lines = (v: unknown) => list(v).map(str).join('\n');
  return { line: str(line), pre: lines(pre), post: lines(post) };
}

/** Stack frames in stored order (as the stack trace lists them), one row each. */
export function stackRows(event: Row | undefined): Row[] {
  if (!event) return [];
  const functions = list(event.functions);
  const at = (key: string, i: number) => list(event[key])[i];
  return functions.map((fn, i) => {
    const context = contextOf(at('contexts', i));
    return {
      function: fn,
      filename: at('filenames', i),
      lineno: at('linenos', i),
      colno: at('colnos', i),
      in_app: at('in_apps', i),
      symbolicated: at('symbolicated', i),
      context_line: context.line,
      context_pre: context.pre,
      context_post: context.post,
      raw_function: at('raw_functions', i),
      raw_position: `${str(at('abs_paths', i))}:${at('raw_linenos', i) ?? 0}:${at('raw_colnos', i) ?? 0}`,
    };
  });
}

/** Epoch ms from a breadcrumb time: the SDK sends epoch ms; seconds and ISO strings are accepted too. */
function breadcrumbTime(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v < 1e11 ? Math.round(v * 1000) : v;
  if (typeof v === 'string') {
    const parsed = Date.parse(v);
    return Number.isNaN(parsed) ? null : parsed;
  }
  return null;
}

/** Breadcrumbs in stored order (oldest first, as the SDK's ring buffer keeps them). */
export function breadcrumbRows(event: Row | undefined): Row[] {
  if (!event) return [];
  return list(parseJson(event.breadcrumbs)).flatMap((b) => {
    if (!b || typeof b !== 'object') return [];
    const c = b as Record<string, unknown>;
    return [
      {
        time: breadcrumbTime(c.timestamp),
        category: str(c.category),
        level: str(c.level),
        message: str(c.message),
        data: c.data === undefined ? '' : JSON.stringify(c.data),
      },
    ];
  });
}

export const CAUSE_FIELDS: FieldSpec[] = [
  /** 1 for the error's own cause, 2 for that cause's cause, and so on. */
  { name: 'depth', type: 'number', config: { unit: 'none' } },
  { name: 'type', type: 'string' },
  { name: 'message', type: 'string' },
  /** The cause's stack as the SDK printed it (causes are not symbolicated). */
  { name: 'stacktrace', type: 'string' },
];

/** The `cause` chain (stored outermost first, as the SDK walks Error.cause), one row each. */
export function causeRows(event: Row | undefined): Row[] {
  if (!event) return [];
  return list(parseJson(event.causes))
    .filter((c): c is Record<string, unknown> => !!c && typeof c === 'object' && !Array.isArray(c))
    .map((c, i) => ({
      depth: i + 1,
      type: str(c.type),
      message: str(c.message),
      stacktrace: str(c.stacktrace),
    }));
}
