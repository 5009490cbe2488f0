/**
 * Stack text → frames in time linear in the text, whatever a sender puts in it.
 *
 * error-stack-parser's regexes backtrack polynomially on lines that are not frames: a V8 line
 * `at x:1 aaaa…` costs O(n²), a Firefox line without `@` O(n²) and one full of `"` O(n³) or
 * worse (an 8 KB stack blocked the event loop for 0.5 s, a 324 KB one for minutes). So the text
 * is cut to LIMITS.stacktrace, and only lines that have the shape of a frame, checked here with
 * linear tests, reach the parser, at most LIMITS.frames of them: on those shapes its regexes stop
 * after a bounded number of steps per character. Frames of real browsers pass every check (the
 * captured stacks in fingerprint/testdata and the mapper fixtures parse as before); a line that
 * fails one is dropped and counted, so the row's `truncated` flag shows it.
 */
import * as errorStackParser from 'error-stack-parser';
import { LIMITS } from './values';

// error-stack-parser 3 sets module.exports.default without __esModule, so under CJS interop the
// parser sits at .default.default; an ESM-flagged build would put it at .default.
type Parser = typeof errorStackParser.default;
const parser: Parser =
  (errorStackParser.default as unknown as { default?: Parser }).default ?? errorStackParser.default;

export type ParsedFrame = ReturnType<Parser['parse']>[number];

/** The per-engine entry points parse() dispatches to (public, though not in the type definitions). */
const esp = parser as Parser & {
  parseV8OrIE(error: Error): ParsedFrame[];
  parseFFOrSafari(error: Error): ParsedFrame[];
};

/** A frame line longer than this is no frame: a URL is capped at 4096 characters, a name at 1024. */
export const MAX_FRAME_LINE = LIMITS.url + 1024;

/**
 * Limits on the characters error-stack-parser's regexes backtrack over. Real frames carry a
 * handful: `at eval (eval at f (a.js:1:2), <anonymous>:3:4)` has two `(`, a Firefox eval frame
 * one or two ` > eval`, a Firefox name with a quoted key (`obj["k"]@…`) two `"`.
 */
const MAX_PARENS = 8;
const MAX_QUOTES = 4;
const MAX_EVALS = 4;

/** error-stack-parser's own test for a V8/IE stack, per line: `at ` then `\S+:\d+` or `(native)`. */
const V8_PREFIX = /^\s*at /;
const V8_LOCATION = /\S:\d/;
/**
 * What a V8 frame ends with: `:line[:col]` with a closing `)` or `(native)`. The parser searches
 * for a location backwards from the end, so with the location last it finds it at once.
 */
const V8_END = /(?::\d{1,10}){1,2}\)?$|\(native\)$/;

function count(s: string, needle: string, max: number): boolean {
  let n = 0;
  for (let i = s.indexOf(needle); i >= 0; i = s.indexOf(needle, i + needle.length))
    if (++n > max) return false;
  return true;
}

function isV8FrameLine(line: string): boolean {
  const prefix = V8_PREFIX.exec(line);
  if (!prefix) return false;
  const rest = line.slice(prefix[0].length);
  return V8_LOCATION.test(rest) || rest.includes('(native)');
}

/** A V8 frame line whose shape keeps the parser's regexes linear. */
function v8Parsable(line: string): boolean {
  return V8_END.test(line.trimEnd()) && count(line, '(', MAX_PARENS);
}

/** A Firefox/Safari line that may be a located frame (others become unlocated frames, dropped). */
function mayBeFfFrame(line: string): boolean {
  return line.includes('@') || line.includes(':');
}

/**
 * The function-name regex backtracks over each pair of `"`, the eval rewrite over each ` > eval`;
 * location extraction is linear.
 */
function ffParsable(line: string): boolean {
  return count(line, '"', MAX_QUOTES) && count(line, ' > eval', MAX_EVALS);
}

/**
 * Without an `@` the function-name regex would try every start position to the end of the line
 * (O(n²)) and match nothing. With one in front it matches that `@` at once, yields no name, and
 * the parser reads the location from the rest of the line, exactly as it would have.
 */
function ffLine(line: string): string {
  return line.includes('@') ? line : `@${line}`;
}

/** V8's `(eval at f (url:1:2), <anonymous>:3:4)`, Firefox's `url line 2 > eval:1:1` (and `> Function`). */
const EVAL_FRAME = /\(eval at |\sline \d+ > (?:eval|Function)\b/;

export interface ParsedStack {
  frames: ParsedFrame[];
  /** Frame lines left out: beyond LIMITS.frames, longer than MAX_FRAME_LINE, or of no frame's shape. */
  dropped: number;
}

/** Frames of a stack text as error-stack-parser gives them, innermost first. */
export function parseStackLines(stack: string, name: string, message: string): ParsedStack {
  const text = stack.length > LIMITS.stacktrace ? stack.slice(0, LIMITS.stacktrace) : stack;
  const lines = text.split('\n');
  const v8 = lines.some((l) => l.length <= MAX_FRAME_LINE && isV8FrameLine(l));
  const frames: ParsedFrame[] = [];
  let dropped = 0;
  for (const line of lines) {
    if (v8 ? !isV8FrameLine(line) : !mayBeFfFrame(line)) continue;
    const parsable = line.length <= MAX_FRAME_LINE && (v8 ? v8Parsable(line) : ffParsable(line));
    if (!parsable || frames.length >= LIMITS.frames) {
      dropped++;
      continue;
    }
    const error = { name, message, stack: line } as Error;
    try {
      const parsed = v8 ? esp.parseV8OrIE(error) : esp.parseFFOrSafari({ ...error, stack: ffLine(line) });
      // The parser rewrites an eval frame to the location of the eval call, losing the mark.
      if (EVAL_FRAME.test(line)) for (const f of parsed) f.isEval = true;
      frames.push(...parsed);
    } catch {
      // The parser's regexes stop at characters such as U+2028, then it reads a property of
      // null: a line it cannot read is dropped like any other unparsable line.
      dropped++;
    }
  }
  return { frames, dropped };
}
