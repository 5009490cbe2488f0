/**
 * Message normalisation for grouping: the variable parts of an error message (ids, URLs, emails,
 * numbers, quoted values, timestamps...) become tokens like `<num>`, so "Order 1234 not found" and
 * "Order 5678 not found" group together. Used when an error has no usable stack frames, and for
 * `{{ message }}` in fingerprints. Pure; the order of the replacements matters (see each step).
 */

/** Normalised messages longer than this are cut: the tail of a long message rarely tells errors apart. */
export const MAX_MESSAGE_CHARS = 500;

type Replacement = [RegExp, string];

const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*';
const WEEKDAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)[a-z]*';

/**
 * Quoted values. An opening quote must not follow a letter, so the apostrophes of "can't" and
 * "don't" are not quotes; Firefox quotes property names with ", Chrome and Safari with '.
 */
const QUOTED: Replacement[] = [
  [/(?<![\w'])'[^'\n]*'(?![\w'])/g, '<str>'],
  [/"[^"\n]*"/g, '<str>'],
  [/`[^`\n]*`/g, '<str>'],
  [/“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»/g, '<str>'],
];

const REPLACEMENTS: Replacement[] = [
  // Scrubbing placeholders ([email], [ip], [credit-card], custom "[order-id]") first, turned into
  // our token syntax: a scrubbed and an unscrubbed email then group alike, and no later rule
  // (numbers, hex) eats into them.
  [/\[([a-z][a-z0-9_-]{0,40})\]/g, '<$1>'],
  // URLs before emails (user:pass@host) and before numbers/hex, which they contain.
  // A URL ends at whitespace, quotes, angle brackets and parentheses (messages wrap URLs in them);
  // square brackets stay in (query strings like "args[]="). Schemes are at most 32 characters: an
  // unbounded one was rescanned from every word boundary of "a.a.a…" (quadratic).
  [/\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s'"`<>(){}]+/gi, '<url>'],
  // Only from the start of a run of address characters: a match from inside a run would also
  // match from its start, and trying every position of a long run without `@` is quadratic.
  [/(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g, '<email>'],
  ...QUOTED,
  [/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<uuid>'],
  // Dates before IPs and numbers: ISO 8601, Date.prototype.toString, RFC 7231, d/m/y.
  [
    /\b\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?(?![\w:])/g,
    '<date>',
  ],
  [
    new RegExp(
      `\\b${WEEKDAY},? (?:${MONTH} \\d{1,2}|\\d{1,2} ${MONTH}) \\d{4}(?: \\d{2}:\\d{2}:\\d{2})?(?: GMT(?:[+-]\\d{4})?)?(?: \\([^)]*\\))?`,
      'g',
    ),
    '<date>',
  ],
  [/\b\d{1,2}\/\d{1,2}\/\d{2,4}\b/g, '<date>'],
  [/\b\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:\s?[AP]M)?(?![\w:])/gi, '<time>'],
  [/\b(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?\b/g, '<ip>'],
  // IPv6: at least two colons and a digit, so "a:b" text and times (already gone) do not match.
  [/(?<![\w:])(?=[0-9a-f:]*\d)(?:[0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}(?![\w:])/gi, '<ip>'],
  [/\b0x[0-9a-f]+\b/gi, '<hex>'],
  // Hex runs (hashes, object ids): 7+ chars with both a digit and a letter, so words stay.
  [/\b(?=[0-9a-f]*\d)(?=[0-9a-f]*[a-f])[0-9a-f]{7,}\b/gi, '<hex>'],
  // Other tokens and hashes (base64, nanoid, JWT parts): 16+ chars with at least two digits.
  [/(?<![\w-])(?=(?:[A-Za-z_-]*\d){2})(?=[\w-]*[A-Za-z])[\w-]{16,}(?![\w-])/g, '<id>'],
  // Durations before plain numbers: "150ms", "2.5s", "30 seconds".
  [
    /(?<![\w.])\d+(?:\.\d+)?\s?(?:ms|milliseconds?|µs|us|ns|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|days?)\b/gi,
    '<duration>',
  ],
  // Numbers not glued to a letter: "WebGL2" and "h1" stay, "item_42", "#418" and "3.14" do not.
  [/(?<![A-Za-z\d.])\d+(?:\.\d+)*/g, '<num>'],
];

/**
 * One wording per fault for the messages engines word differently (V8 / SpiderMonkey /
 * JavaScriptCore), applied before the replacements so a message groups alike in every browser
 * when it has no usable frames. Table-driven test with the engines' real messages in
 * message.test.ts.
 */
const NOT_A_FUNCTION_IN = ' is not a function. (In ';
const readOf = (what: string) => `Cannot read properties of ${what}`;
const JSON_INVALID = 'JSON.parse: invalid JSON';

const ENGINE_CLASSES: [RegExp, (m: RegExpExecArray) => string][] = [
  // Property read of undefined / null.
  [
    /^Cannot read propert(?:y|ies) (?:of (undefined|null)(?: \(reading .*\))?|.* of (undefined|null))$/,
    (m) => readOf(m[1] ?? m[2]),
  ],
  [/^can't access property .* is (undefined|null)$/, (m) => readOf(m[1])],
  [/^(?:[\w$.[\]]+|\(intermediate value\)) is (undefined|null)$/, (m) => readOf(m[1])],
  [/^(undefined|null) is not an object \(evaluating .*\)$/, (m) => readOf(m[1])],
  // JSON.parse: each engine words each position of bad input its own way; one class for all.
  [
    /^(?:.* in JSON at position \d+.*|.* is not valid JSON|Unexpected end of JSON input|Unexpected non-whitespace character after JSON.*|JSON\.parse: .*|JSON Parse error: .*)$/s,
    () => JSON_INVALID,
  ],
  [/^Can't find variable: (.+)$/, (m) => `${m[1]} is not defined`],
];
/** The engine-neutral wording of `message`, or the message itself when no class matches. */
export function canonicalEngineMessage(message: string): string {
  const m = message.trim();
  // Calling a value that is not a function: JavaScriptCore adds ". (In 'y.x()', 'y.x' is undefined)".
  // String search, not /^(.+?) is not a function…/, which retries the tail at every occurrence.
  const jsc = m.indexOf(NOT_A_FUNCTION_IN);
  if (jsc > 0 && m.endsWith(')')) return m.slice(0, jsc) + ' is not a function';
  for (const [re, to] of ENGINE_CLASSES) {
    const match = re.exec(m);
    if (match) return to(match);
  }
  return message;
}

/** Engines and SDKs prefix the type to window.onerror messages ("Uncaught TypeError: ..."). */
export function stripPrefixes(message: string, type: string): string {
  let m = message.replace(/^\s*Uncaught\s+(?:\(in promise\)\s+)?/, '');
  if (type && m.startsWith(`${type}: `)) m = m.slice(type.length + 2);
  return m;
}

/** The message with its variable parts replaced by tokens and whitespace collapsed. */
export function normaliseMessage(message: string, type = ''): string {
  let m = canonicalEngineMessage(stripPrefixes(message, type));
  for (const [re, token] of REPLACEMENTS) m = m.replace(re, token);
  // Safari ends many messages with a period where V8 does not ("...size exceeded.").
  m = m.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return m.length > MAX_MESSAGE_CHARS ? m.slice(0, MAX_MESSAGE_CHARS) : m;
}

/** The replacements a title keeps: every one but quoted values, which name what failed. */
const TITLE_REPLACEMENTS = REPLACEMENTS.filter((r) => !QUOTED.includes(r));

/**
 * The first line of a message for an issue title: numbers, ids, URLs, emails, dates replaced as
 * the fingerprint replaces them, so a title does not carry one event's variable data; quoted
 * values and the engine's wording stay, as users read them.
 */
export function titleMessage(message: string, max = 200): string {
  let m = firstLine(message, 2000);
  for (const [re, token] of TITLE_REPLACEMENTS) m = m.replace(re, token);
  m = m.replace(/\s+/g, ' ').trim();
  return m.length > max ? m.slice(0, max) : m;
}

/** First line of a message, for titles (messages can carry component stacks or JSON bodies). */
export function firstLine(message: string, max = 200): string {
  const line = message.trim().split('\n', 1)[0]?.trim() ?? '';
  return line.length > max ? line.slice(0, max) : line;
}
