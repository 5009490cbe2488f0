/**
 * Function scopes of an original source (a map's `sourcesContent`): which named function encloses a
 * line and column. Symbolication names a frame from its caller's call token (frames.ts); a frame
 * with no mapped caller (the outermost one: an event listener, a timer callback, an async
 * continuation) is named by the function around its own position instead, as Sentry names frames
 * from scopes. The token at the frame's own position would name what it calls or reads there
 * (`renderReport`, `price`), never the function it is in.
 *
 * A small lexer, not a parser: it skips comments, strings, template literals and regular
 * expressions, pairs braces, and reads the text before each `{` to tell a function head
 * (`function pay(`, `pay(a) {`, `pay = (a) => {`, `'cart-total': () => {`) from a block. Arrows
 * with expression bodies open no brace: a frame inside one is named by the function around it.
 */

export interface FunctionScope {
  /** Offsets of the body's `{` and `}` in the source. */
  start: number;
  end: number;
  /** '' for an anonymous function. */
  name: string;
  /** Index of the function this one is inside, or -1. */
  parent: number;
}

const IDENT = String.raw`[A-Za-z_$][\w$]*`;
const KEY = String.raw`(${IDENT}|'[^'\n]*'|"[^"\n]*")`;
/** A parameter list: no braces or semicolons, so a match never reaches back into an earlier function. */
const PARAMS = String.raw`\([^{};]*\)`;
/** Arrow parameters: one identifier, or a list with at most one level of inner parentheses. */
const ARROW_PARAMS = String.raw`(?:\([^()]*(?:\([^()]*\)[^()]*)*\)|${IDENT})`;
/** TypeScript: type parameters after the name, a return type before the body. */
const GENERICS = String.raw`(?:\s*<[^{};()]*>)?`;
const RETURNS = String.raw`(?:\s*:[^{};=()]*(?:\([^{};=()]*\)[^{};=()]*)?)?`;
const MODIFIERS = String.raw`(?:(?:async|static|get|set|public|private|protected|override|readonly)\s+|\*\s*)*`;
/** The text before a `{`, matched at its end: group 1 is the name. */
const FUNCTION = new RegExp(String.raw`\bfunction\s*\*?\s*(${IDENT})${GENERICS}\s*${PARAMS}${RETURNS}\s*$`);
const FUNCTION_VALUE = new RegExp(
  String.raw`${KEY}\s*[:=]\s*(?:async\s+)?function\b\s*\*?\s*${GENERICS}\s*${PARAMS}${RETURNS}\s*$`,
);
const ANONYMOUS_FUNCTION = new RegExp(String.raw`\bfunction\b\s*\*?\s*${PARAMS}${RETURNS}\s*$`);
const ARROW = /=>\s*$/;
const NAMED_ARROW = new RegExp(
  String.raw`${KEY}(?:\s*:[^{};=]*)?\s*[:=]\s*(?:async\s*)?${GENERICS}\s*${ARROW_PARAMS}${RETURNS}\s*=>\s*$`,
);
const ENDS_LIKE_PARAMS = /\)[^(){}]*$/;
const METHOD = new RegExp(
  String.raw`(?:^|[\s;{},])${MODIFIERS}${KEY}${GENERICS}\s*\([^()]*(?:\([^()]*\)[^()]*)*\)${RETURNS}\s*$`,
);
const NOT_METHODS = new Set(['if', 'for', 'while', 'switch', 'catch', 'with', 'function', 'return']);
const CLASS_HEAD = new RegExp(String.raw`\bclass\s+(${IDENT})[^{]*$`);
/** After these, `/` starts a regular expression rather than dividing. */
const BEFORE_REGEX =
  /[(,=:[!&|?{};+\-*%<>~^]$|(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|new|delete|void|throw)$/;

function unquote(name: string): string {
  return /^['"]/.test(name) ? name.slice(1, -1) : name;
}

/** What a `{` opens, from the code before it (comments and strings already blanked). */
function headOf(
  code: string,
  enclosingClass: string | undefined,
): { fn: boolean; name: string; cls?: string } {
  // A head never spans a statement: what is before the last `;` cannot name this brace (and
  // short inputs keep the unanchored patterns cheap on big files).
  let head = code.slice(-200);
  const statement = head.lastIndexOf(';');
  if (statement >= 0) head = head.slice(statement + 1);
  const cls = CLASS_HEAD.exec(head);
  if (cls) return { fn: false, name: '', cls: cls[1] };
  if (ARROW.test(head)) return { fn: true, name: unquote(NAMED_ARROW.exec(head)?.[1] ?? '') };
  if (head.includes('function')) {
    const named = FUNCTION.exec(head) ?? FUNCTION_VALUE.exec(head);
    if (named) return { fn: true, name: unquote(named[1]) };
    if (ANONYMOUS_FUNCTION.test(head)) return { fn: true, name: '' };
  }
  const method = ENDS_LIKE_PARAMS.test(head) ? METHOD.exec(head) : null;
  if (!method || NOT_METHODS.has(unquote(method[1]))) return { fn: false, name: '' };
  const name = unquote(method[1]);
  // Chrome prints `new Cart` for a constructor: the class is its name.
  return { fn: true, name: name === 'constructor' && enclosingClass ? enclosingClass : name };
}

interface Open {
  at: number;
  fn: boolean;
  name: string;
  cls?: string;
  /** A template literal's `${`: its `}` returns to the template. */
  template?: boolean;
}

/** Every brace-bodied function of `text`, in order of their opening brace. */
export function functionScopes(text: string): FunctionScope[] {
  const scopes: FunctionScope[] = [];
  const stack: Open[] = [];
  // The code seen so far with comments, strings and regexes blanked, for the head patterns.
  let code = '';
  let i = 0;
  const n = text.length;
  // Strings stay in the buffer (a quoted key names an arrow); braces in them are never counted.
  const skipQuoted = (quote: string) => {
    const start = i;
    for (i++; i < n && text[i] !== quote && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    i++;
    code += text.slice(start, Math.min(i, start + 200));
  };
  /** Inside a template literal from i; stops after its closing backtick or at a `${`. */
  const skipTemplate = () => {
    for (; i < n; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === '`') {
        i++;
        code += '``';
        return;
      } else if (text[i] === '$' && text[i + 1] === '{') {
        stack.push({ at: i + 1, fn: false, name: '', template: true });
        i += 2;
        code += '`${';
        return;
      }
    }
  };
  const special = /[{}'"`/]/g;
  while (i < n) {
    // Ordinary code up to the next character that can open or close something, in one piece.
    special.lastIndex = i;
    const next = special.exec(text)?.index ?? n;
    if (next > i) {
      code += text.slice(i, next);
      i = next;
      if (code.length > 4096) code = code.slice(-1024);
      if (i >= n) break;
    }
    const c = text[i];
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i);
      i = end < 0 ? n : end;
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      code += ' ';
    } else if (c === '"' || c === "'") skipQuoted(c);
    else if (c === '`') {
      i++;
      skipTemplate();
    } else if (c === '/' && BEFORE_REGEX.test(code.trimEnd())) {
      let inClass = false;
      for (i++; i < n && text[i] !== '\n'; i++) {
        if (text[i] === '\\') i++;
        else if (text[i] === '[') inClass = true;
        else if (text[i] === ']') inClass = false;
        else if (text[i] === '/' && !inClass) break;
      }
      i++;
      code += '/r/';
    } else if (c === '{') {
      const cls = [...stack].reverse().find((o) => o.cls)?.cls;
      stack.push({ at: i, ...headOf(code, cls) });
      code += c;
      i++;
    } else if (c === '}') {
      const open = stack.pop();
      i++;
      if (open?.template) {
        code += '}';
        skipTemplate();
        continue;
      }
      if (open?.fn) scopes.push({ start: open.at, end: i - 1, name: open.name, parent: -1 });
      code += c;
    } else {
      code += c;
      i++;
    }
  }
  // Braces nest, so in order of their start each function's parent is still on the stack.
  scopes.sort((a, b) => a.start - b.start);
  const open: number[] = [];
  scopes.forEach((scope, index) => {
    while (open.length && scopes[open[open.length - 1]].end < scope.start) open.pop();
    scope.parent = open.length ? open[open.length - 1] : -1;
    open.push(index);
  });
  return scopes;
}

/** Offsets where each line starts (lines split as contextFor splits them). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || (c === '\r' && text[i + 1] !== '\n')) starts.push(i + 1);
  }
  return starts;
}

/**
 * The innermost brace-bodied function around a 1-based line and column: its name, '' when that
 * function is anonymous, undefined when the position is in no function (module code).
 */
export function enclosingFunction(
  scopes: FunctionScope[],
  starts: number[],
  line: number,
  column: number,
): string | undefined {
  if (line < 1 || line > starts.length) return undefined;
  const offset = starts[line - 1] + Math.max(0, column - 1);
  // The last function opened at or before the offset, then out through its parents.
  let lo = 0;
  let hi = scopes.length - 1;
  let index = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (scopes[mid].start <= offset) {
      index = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  while (index >= 0 && scopes[index].end < offset) index = scopes[index].parent;
  return index >= 0 ? scopes[index].name : undefined;
}
