/**
 * Value patterns: PII recognised by what it looks like, wherever it appears in a string. The set
 * covers Sentry Relay's `@common` (@ip, @email, @creditcard, @iban, @pemkey, @urlauth, @userpath,
 * @usssn, @bearer) plus JWTs, HTTP Basic credentials and well-known API key formats. Key-name
 * rules (@password) live in keys.ts and scrubber.ts, since they need the key.
 */
import {
  isBasicCredentials,
  isCardNumber,
  isIban,
  isIpv6,
  isNonPersonalIpv4,
  isNonPersonalIpv6,
  isUsSsn,
} from './validators';

export const PLACEHOLDER = {
  pemkey: '[pemkey]',
  bearer: '[bearer]',
  basicauth: '[basicauth]',
  urlauth: '[urlauth]',
  jwt: '[jwt]',
  apikey: '[apikey]',
  email: '[email]',
  creditcard: '[creditcard]',
  iban: '[iban]',
  ssn: '[ssn]',
  ip: '[ip]',
  user: '[user]',
  /** The value of a key whose name says it is a secret (password, token, api_key…). */
  secret: '[secret]',
  /** The value of a key on the project's `denyKeys` list. */
  filtered: '[filtered]',
  /** Default for a project's custom rules. */
  redacted: '[redacted]',
} as const;

/**
 * A value that is already a placeholder, ours or a sender's (the browser SDK sends filtered query
 * values as `[Filtered]`): it holds nothing to replace, and keeping it tells where it came from.
 */
export function isPlaceholder(v: string): boolean {
  return v.length < 40 && /^\[[A-Za-z][\w -]*\]$/.test(v);
}

export type PiiKind = Exclude<keyof typeof PLACEHOLDER, 'secret' | 'filtered' | 'redacted'>;

interface Detector {
  kind: PiiKind;
  /** Cheap test first: most strings hold none of a detector's anchor characters. */
  quick: RegExp;
  re: RegExp;
  replace: (match: string, ...groups: string[]) => string;
  /** Replaces the whole pass when one regex cannot do it in linear time. */
  scan?: (text: string) => string;
}

const keepUnless =
  (valid: (s: string) => boolean, placeholder: string) =>
  (match: string): string =>
    valid(match) ? placeholder : match;

/**
 * A run of digit groups may hold a card next to other numbers ("qty 2 4111 1111 1111 1111"), so
 * the longest valid sub-run of whole groups is replaced, and the scan goes on after it. Cards are
 * printed whole or in groups of 3 to 6 digits (4-4-4-4, Amex 4-6-5): a shorter group ends a
 * candidate, so a candidate spans at most 6 groups and the search stays linear in the run.
 */
function replaceCards(run: string): string {
  const parts = run.split(/([ -])/); // [group, sep, group, sep, …]
  const n = (parts.length + 1) / 2;
  const out: string[] = [];
  let i = 0;
  while (i < n) {
    let found = -1;
    let end = i;
    let digits = parts[2 * i].length;
    // Extend while groups are card-like and separators agree; remember the longest valid span.
    const spans: number[] = [];
    while (digits <= 19) {
      if (digits >= 13) spans.push(end);
      const next = end + 1;
      if (next >= n || parts[2 * next].length < 3 || parts[2 * i].length < 3) break;
      if (end > i && parts[2 * next - 1] !== parts[2 * i + 1]) break;
      end = next;
      digits += parts[2 * end].length;
    }
    for (let k = spans.length - 1; k >= 0 && found < 0; k--) {
      let joined = '';
      for (let g = i; g <= spans[k]; g++) joined += parts[2 * g];
      if (isCardNumber(joined)) found = spans[k];
    }
    const last = found >= 0 ? found : i;
    out.push(found >= 0 ? PLACEHOLDER.creditcard : parts[2 * i]);
    if (last + 1 < n) out.push(parts[2 * last + 1]);
    i = last + 1;
  }
  return out.join('');
}

/** A greedy IBAN candidate may have swallowed the next word ("… 0130 00 EUR"): trim word by word. */
function replaceIban(candidate: string): string {
  const words = candidate.split(' ');
  for (let n = words.length; n >= 1; n--) {
    const head = words.slice(0, n).join(' ');
    if (head.replace(/ /g, '').length < 15) break;
    if (isIban(head)) return [PLACEHOLDER.iban, ...words.slice(n)].join(' ');
  }
  return candidate;
}

/** Candidates come from a loose hex-and-colons regex; Node's parser decides. */
function replaceIpv6(candidate: string): string {
  let addr = candidate;
  // A trailing colon is punctuation ("2001:db8::1: refused") unless it completes a "::".
  while (!isIpv6(addr) && addr.endsWith(':')) addr = addr.slice(0, -1);
  if (!isIpv6(addr) || isNonPersonalIpv6(addr)) return candidate;
  return PLACEHOLDER.ip + candidate.slice(addr.length);
}

/**
 * What comes right before a four-part version rather than an address: a version word
 * ("Version 1.2.3.4 of the widget", "firmware 4.1.0.12", "upgraded to 10.4.2.1", "build: 5.0.1.3")
 * or a package's `@` (`widget@3.2.1.0`). Checked on the 40 characters before the candidate only.
 */
const VERSION_BEFORE =
  /(?:@|\b(?:version|ver|v|release|rel|build|firmware|fw|update[ds]?|upgraded?|upgrades|patch|rev|revision|sdk|driver|bios|kernel)\.?\s{0,4}(?:[:=#]\s{0,4}|(?:to|from)\s{1,4})?)$/i;

function replaceIpv4(ip: string, offset: number, text: string): string {
  if (isNonPersonalIpv4(ip) || VERSION_BEFORE.test(text.slice(Math.max(0, offset - 40), offset))) return ip;
  return PLACEHOLDER.ip;
}

const FILE_EXTENSION =
  /\.(?:png|jpe?g|gif|svg|webp|avif|ico|m?js|cjs|jsx|tsx?|css|map|json|html?|woff2?|ttf|txt|xml)$/i;

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

const PEM_BEGIN = /-----BEGIN ([A-Z0-9 ]{0,40}?(?:PRIVATE|PUBLIC) KEY(?: BLOCK)?)-----/g;
/** The key's base64 lines when there is no END line (a capped message): they go too. */
const PEM_BODY = /(?:\s*[A-Za-z0-9+/=]{16,})*(?:\s*[A-Za-z0-9+/=]{1,15}(?![\sA-Za-z0-9+/=]))?/y;
/** A 4096-bit RSA key is about 3.3 KB: an END line further away belongs to something else. */
const PEM_MAX_BODY = 16_384;

/**
 * PEM blocks, BEGIN line through its END line. A regex with a lazy scan for the END line per BEGIN
 * is quadratic on a text of BEGIN lines; here the next `-----END ` is found once and reused by
 * every BEGIN before it, so the whole pass is linear.
 */
function replacePemKeys(text: string): string {
  let out = '';
  let copied = 0;
  let nextEnd = -2; // -2: not searched yet, -1: none in the rest of the text
  for (const m of text.matchAll(PEM_BEGIN)) {
    if (m.index < copied) continue;
    const bodyStart = m.index + m[0].length;
    if (nextEnd !== -1 && nextEnd < bodyStart) nextEnd = text.indexOf('-----END ', bodyStart);
    const endLine = `-----END ${m[1]}-----`;
    let blockEnd: number;
    if (nextEnd >= 0 && nextEnd - bodyStart <= PEM_MAX_BODY && text.startsWith(endLine, nextEnd)) {
      blockEnd = nextEnd + endLine.length;
    } else {
      PEM_BODY.lastIndex = bodyStart;
      PEM_BODY.test(text);
      blockEnd = PEM_BODY.lastIndex || bodyStart;
    }
    out += text.slice(copied, m.index) + PLACEHOLDER.pemkey;
    copied = blockEnd;
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/** Order matters: structured secrets first, so their parts are not matched as emails or IPs. */
const DETECTORS: readonly Detector[] = [
  {
    kind: 'pemkey',
    quick: /-----BEGIN /,
    re: PEM_BEGIN,
    replace: () => PLACEHOLDER.pemkey,
    scan: replacePemKeys,
  },
  {
    kind: 'bearer',
    quick: /bearer/i,
    re: /\bbearer\s+(?!(?:undefined|null)\b)[A-Za-z0-9\-._~+/]{8,}=*/gi,
    replace: () => PLACEHOLDER.bearer,
  },
  {
    kind: 'basicauth',
    quick: /basic\s/i,
    re: /\bbasic\s+([A-Za-z0-9+/]{8,}={0,2})(?![A-Za-z0-9+/=])/gi,
    replace: (m, b64) => (isBasicCredentials(b64) ? PLACEHOLDER.basicauth : m),
  },
  {
    kind: 'urlauth',
    quick: /:\/\/[^/]*@/,
    re: /\b([a-z][a-z0-9+.-]{0,31}:\/\/)[^\s/?#@"'<>[\]]+@(?=[^\s@])/gi,
    replace: (_m, scheme) => `${scheme}${PLACEHOLDER.urlauth}@`,
  },
  {
    kind: 'jwt',
    quick: /eyJ/,
    // The signature may be missing: `alg: none`, or a token cut off by a length cap.
    re: /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?:\.[A-Za-z0-9_-]*)?/g,
    replace: () => PLACEHOLDER.jwt,
  },
  {
    kind: 'apikey',
    quick: /AKIA|ASIA|gh[pousr]_|github_pat_|xox[abposr]-|[sr]k_(?:live|test)_|AIza|sk-|npm_|glpat-/,
    re: /\b(?:(?:AKIA|ASIA)[0-9A-Z]{16}\b|gh[pousr]_[A-Za-z0-9]{36,255}\b|github_pat_\w{22,255}|xox[abposr]-[A-Za-z0-9-]{10,250}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,247}\b|AIza[0-9A-Za-z_-]{35}(?![\w-])|sk-(?:proj-|ant-)?[A-Za-z0-9_-]{32,}|npm_[A-Za-z0-9]{36}\b|glpat-[A-Za-z0-9_-]{20,})/g,
    replace: () => PLACEHOLDER.apikey,
  },
  {
    kind: 'email',
    quick: /@|%40/,
    // %40 is an @ inside a URL-encoded query or path, where `%20` may come right before. Parts
    // are bounded by RFC 5321 lengths, which also keeps the scan linear.
    re: /(?<=^|[^\w.%+-]|%[0-9A-Fa-f]{2})[A-Za-z0-9_][\w.!#$%'*+^~-]{0,63}(?:@|%40)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,24}\b/g,
    // `logo@2x.png`, `chunk@1.2.3.js`: a file name, not a mailbox.
    replace: (m) => (FILE_EXTENSION.test(m) ? m : PLACEHOLDER.email),
  },
  {
    kind: 'creditcard',
    quick: /\d(?:[ -]?\d){12}/,
    // Not after "0." or letters: JS floats (0.4532015112830366) and hex hashes are not cards.
    re: /(?<![\w]|\d\.)\d(?:[ -]?\d){12,}(?!\w|\.\d)/g,
    replace: replaceCards,
  },
  {
    kind: 'iban',
    quick: /[A-Z]{2}\d{2}/,
    // Groups of four (printed or not), then a shorter last group: one way to split a candidate,
    // where `{1,4}` groups would backtrack through every split of a long capital run.
    re: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]{4}){2,7}(?: ?[A-Z0-9]{1,4})?\b/g,
    replace: replaceIban,
  },
  {
    kind: 'ssn',
    quick: /\d{3}-\d{2}-\d{4}/,
    re: /(?<![\w-])\d{3}-\d{2}-\d{4}(?![\w-])/g,
    replace: keepUnless(isUsSsn, PLACEHOLDER.ssn),
  },
  {
    kind: 'ip',
    quick: /::|(?:[0-9A-Fa-f]{1,4}:){7}/,
    // Not a URL's host (`http://[2001:db8::1]/`): see the IPv4 rule.
    re: /(?<![\w:.]|:\/\/\[)[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:\.\d{1,3}){0,3}(?![\w:])/g,
    replace: replaceIpv6,
  },
  {
    kind: 'ip',
    quick: /\d\.\d{1,3}\.\d{1,3}\.\d/,
    // Not inside a longer dotted number, nor a product version token (`Chrome/120.1.2.3`), nor a
    // URL's host: that names the server, not the visitor, and is kept in URL columns too.
    re: new RegExp(
      `(?<![\\w.]|(?:^|[\\s(;,])[A-Za-z][\\w.-]{0,31}/|://(?:[^\\s/@]{0,256}@)?)(?:${OCTET}\\.){3}${OCTET}(?!\\w|\\.\\d)`,
      'g',
    ),
    replace: replaceIpv4 as unknown as Detector['replace'], // called as (match, offset, text)
  },
];

const USERPATH: readonly Detector[] = [
  {
    kind: 'user',
    quick: /:[\\/]+(?:users|documents and settings)[\\/]/i,
    re: /\b([A-Za-z]:[\\/]+(?:Users|Documents and Settings)[\\/]+)[^\\/\s"'<>:|?*]+/gi,
    replace: (_m, prefix) => prefix + PLACEHOLDER.user,
  },
  {
    kind: 'user',
    quick: /\/(?:Users|home)\//,
    // Only at the root of a path: `https://site/home/feed` is a web route, not a home directory.
    // `/home/x` must go on (`/home/x/…`): a bare `/home/feed` is more often a route.
    re: /(?<=^|[\s"'(=[,:]|[a-z-]{1,32}:\/\/)(\/Users\/[^/\s"'<>:]+|\/home\/[^/\s"'<>:]+(?=\/))/g,
    replace: (m) => m.slice(0, m.indexOf('/', 1) + 1) + PLACEHOLDER.user,
  },
];

export interface PatternOptions {
  /** Home-directory user names in file paths; off for http(s) URL paths. */
  userPaths?: boolean;
}

function apply(text: string, detectors: readonly Detector[]): string {
  let out = text;
  for (const d of detectors) {
    if (!d.quick.test(out)) continue;
    out = d.scan ? d.scan(out) : out.replace(d.re, d.replace as (m: string, ...g: string[]) => string);
  }
  return out;
}

/** Replaces every value-pattern match in `text` with its typed placeholder. */
export function scrubPatterns(text: string, opts: PatternOptions = {}): string {
  // Nothing shorter can hold a detectable value (the shortest, an email, is "a@b.co").
  if (text.length < 6) return text;
  const out = apply(text, DETECTORS);
  return opts.userPaths === false ? out : apply(out, USERPATH);
}
