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
  // Quoted values. An opening quote must not follow a letter, so the apostrophes of "can't" and
  // "don't" are not quotes; Firefox quotes property names with ", Chrome and Safari with '.
  [/(?<![\w'])'[^'\n]*'(?![\w'])/g, '<str>'],
  [/"[^"\n]*"/g, '<str>'],
  [/`[^`\n]*`/g, '<str>'],
  [/“[^”\n]*”|‘[^’\n]*’|«[^»\n]*»/g, '<str>'],
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

/** Engines and SDKs prefix the type to window.onerror messages ("Uncaught TypeError: ..."). */
function stripPrefixes(message: string, type: string): string {
  let m = message.replace(/^\s*Uncaught\s+(?:\(in promise\)\s+)?/, '');
  if (type && m.startsWith(`${type}: `)) m = m.slice(type.length + 2);
  return m;
}

/** The message with its variable parts replaced by tokens and whitespace collapsed. */
export function normaliseMessage(message: string, type = ''): string {
  let m = stripPrefixes(message, type);
  for (const [re, token] of REPLACEMENTS) m = m.replace(re, token);
  // Safari ends many messages with a period where V8 does not ("...size exceeded.").
  m = m.replace(/\s+/g, ' ').trim().replace(/\.$/, '');
  return m.length > MAX_MESSAGE_CHARS ? m.slice(0, MAX_MESSAGE_CHARS) : m;
}

/** First line of a message, for titles (messages can carry component stacks or JSON bodies). */
export function firstLine(message: string, max = 200): string {
  const line = message.trim().split('\n', 1)[0]?.trim() ?? '';
  return line.length > max ? line.slice(0, max) : line;
}
