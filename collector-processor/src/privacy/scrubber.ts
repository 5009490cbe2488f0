/**
 * One project's scrubber: the default rules (detectors.ts, keys.ts) plus its settings (custom
 * regexes, denyKeys, allowKeys), with one entry point per kind of string the stage meets.
 * Compiled once per settings object (WeakMap): the ingest path never recompiles a regex.
 */
import type { ScrubbingSettings } from '../projects/settings';
import { PLACEHOLDER, isPlaceholder, scrubPatterns } from './detectors';
import { KeyPolicy } from './keys';
import { looksLikeUrl, scrubUrl, type UrlScrubber } from './url';

interface CompiledRule {
  re: RegExp;
  placeholder: string;
}

/**
 * `key=value`, `key: value`, `"key": "value"` (also JSON escaped inside a string) in free text:
 * KEY finds a key and its separator, VALUE (sticky) reads the value only when the key is
 * sensitive. Scanning on from the separator finds pairs nested in a value (`failed: password=x`,
 * `https://…?token=x`) and keeps the scan linear; values are bounded for the same reason.
 */
const KEY = /(?<![\w.-])(\\?["']|)([A-Za-z_][\w.-]{0,63})\1(\s{0,8}[:=]\s{0,8})/g;
/**
 * Quoted, or unquoted up to a delimiter. An unquoted value may carry an auth scheme
 * (`Authorization: Token abc`); it never starts with `=` (`token === x` is a comparison) or `[`
 * (already a placeholder), and stops before a stack frame's `:line:col` (`app.js?token=abc:1:2`).
 */
const VALUE =
  /\\"(?:[^"\\]|\\[^"]){0,2048}?\\"|"(?:[^"\\\n]|\\.){0,2048}"|'(?:[^'\\\n]|\\.){0,2048}'|(?:(?:bearer|basic|token|digest|negotiate)\s+)?[^\s,;&"'<>(){}[\]=][^\s,;&"'<>(){}[\]]{0,2048}?(?=(?::\d+){1,2}(?![\w:])|[\s,;&"'<>(){}[\]]|$)/iy;

/**
 * A URL inside free text, up to a space, quote or brace. Parentheses are kept: queries carry them
 * unencoded, and a stack frame's closing `)` after `:line:col` is left as it is by the URL rules.
 */
const EMBEDDED_URL = /\b[a-z][a-z0-9+.-]{0,31}:\/\/[^\s"'<>[\]{}]+/gi;

const MAX_PARAM_DEPTH = 2;

/** A document nested deeper than this is scrubbed as text rather than walked (bounded recursion). */
const MAX_JSON_DEPTH = 32;
const TOO_DEEP = new Error('JSON nested too deeply to walk');

export class Scrubber {
  readonly keys: KeyPolicy;
  private readonly rules: CompiledRule[];
  /** For url.ts: defaults only, the custom rules run once on the whole URL afterwards. */
  private readonly urlParts: UrlScrubber;

  /**
   * Results by input: a batch repeats the page URL, route and attribute keys on every row, and
   * pages repeat resource URLs across visitors. Bounded; see remember().
   */
  private readonly memo = {
    text: new Map<string, string>(),
    patterns: new Map<string, string>(),
    url: new Map<string, string>(),
  };

  /** Only URLs with parameters need the URL rules; the text rules cover the rest. */
  private readonly embeddedUrl = (url: string): string =>
    url.includes('?') || url.includes('#') ? scrubUrl(url, this.urlParts) : url;

  constructor(settings: ScrubbingSettings) {
    this.keys = new KeyPolicy(settings);
    this.rules = settings.customRules.map((r) => ({
      re: new RegExp(r.pattern, `${(r.flags ?? '').replace(/g/g, '')}g`),
      placeholder: r.placeholder ?? PLACEHOLDER.redacted,
    }));
    this.urlParts = {
      text: (s) => this.keyValues(scrubPatterns(this.urlsInParam(s))),
      path: (s, userPaths) => scrubPatterns(s, { userPaths }),
      keyReplacement: (k) => this.keys.replacement(k),
    };
  }

  /**
   * Messages, stack text, titles: URLs inside the text first (their parameters are decoded, so an
   * encoded `4111%201111…` is seen), then value patterns, key=value pairs and custom rules.
   */
  text(s: string): string {
    return this.memo.text.get(s) ?? remember(this.memo.text, s, this.textUncached(s));
  }

  /** Value patterns and custom rules only: routes, templates, names, map keys. */
  patterns(s: string): string {
    return this.memo.patterns.get(s) ?? remember(this.memo.patterns, s, this.custom(scrubPatterns(s)));
  }

  /** Page, referrer, request, resource and script URLs; frame file names. */
  url(s: string): string {
    return this.memo.url.get(s) ?? remember(this.memo.url, s, this.custom(scrubUrl(s, this.urlParts)));
  }

  /** How many URL parameters deep urlsInParam is; bounded so nesting cannot multiply the work. */
  private paramDepth = 0;

  /**
   * URLs inside a parameter's text (`?note=Failed to load https://…?code=…`) get the URL rules
   * too, down to MAX_PARAM_DEPTH parameters deep.
   */
  private urlsInParam(s: string): string {
    if (this.paramDepth >= MAX_PARAM_DEPTH || !s.includes('://')) return s;
    this.paramDepth++;
    try {
      return s.replace(EMBEDDED_URL, this.embeddedUrl);
    } finally {
      this.paramDepth--;
    }
  }

  private textUncached(s: string): string {
    const urls = s.includes('://') ? s.replace(EMBEDDED_URL, this.embeddedUrl) : s;
    return this.custom(this.keyValues(scrubPatterns(urls)));
  }

  /** A JSON document (breadcrumbs, causes, source context); unparseable text is scrubbed as text. */
  json(s: string): string {
    if (!s) return s;
    let parsed: unknown;
    try {
      parsed = JSON.parse(s);
    } catch {
      return this.text(s);
    }
    let clean: unknown;
    try {
      clean = this.walk(parsed, 0);
    } catch (err) {
      if (err === TOO_DEEP) return this.text(s);
      throw err;
    }
    return clean === parsed ? s : JSON.stringify(clean);
  }

  /** A string of unknown shape: JSON, URL or text. */
  auto(s: string): string {
    const c = s.charCodeAt(0);
    if ((c === 123 || c === 91) && s.length > 1) return this.json(s); // { or [
    return looksLikeUrl(s) ? this.url(s) : this.text(s);
  }

  /** A value stored under a key (attribute, property, attribution). */
  value(key: string, v: string): string {
    if (!v || isPlaceholder(v)) return v;
    return this.keys.replacement(key) ?? this.auto(v);
  }

  /** A string map; the same object back when nothing changed. */
  map(m: Record<string, string>): Record<string, string> {
    let out: Record<string, string> | undefined;
    for (const k in m) {
      const v = m[k];
      const cleanKey = this.patterns(k);
      const cleanValue = this.value(k, v);
      if (cleanKey === k && cleanValue === v) continue;
      out ??= { ...m };
      if (cleanKey !== k) delete out[k];
      out[cleanKey] = cleanValue;
    }
    return out ?? m;
  }

  private keyValues(s: string): string {
    if (s.length < 5 || (!s.includes('=') && !s.includes(':')) || !this.keys.mayMatch(s)) return s;
    let out = '';
    let last = 0;
    KEY.lastIndex = 0;
    for (let m = KEY.exec(s); m; m = KEY.exec(s)) {
      const replacement = this.keys.replacement(m[2]);
      if (!replacement) continue;
      VALUE.lastIndex = KEY.lastIndex;
      const value = VALUE.exec(s)?.[0];
      if (!value) continue;
      const quote = /^\\?["']/.exec(value)?.[0] ?? '';
      out += `${s.slice(last, KEY.lastIndex)}${quote}${replacement}${quote}`;
      last = KEY.lastIndex = VALUE.lastIndex;
    }
    return last === 0 ? s : out + s.slice(last);
  }

  private custom(s: string): string {
    let out = s;
    for (const r of this.rules) out = out.replace(r.re, (m) => (m === '' ? m : r.placeholder));
    return out;
  }

  /** Same value back when nothing under it changed, so unchanged documents keep their bytes. */
  private walk(v: unknown, depth: number): unknown {
    if (typeof v === 'string') return looksLikeUrl(v) ? this.url(v) : this.text(v);
    if (typeof v !== 'object' || v === null) return v;
    if (depth >= MAX_JSON_DEPTH) throw TOO_DEEP;
    if (Array.isArray(v)) {
      let out: unknown[] | undefined;
      v.forEach((item, i) => {
        const clean = this.walk(item, depth + 1);
        if (clean !== item) (out ??= v.slice())[i] = clean;
      });
      return out ?? v;
    }
    let out: Record<string, unknown> | undefined;
    const obj = v as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      const item = obj[k];
      const replacement = this.keys.replacement(k);
      const secret =
        replacement !== undefined &&
        item !== null &&
        item !== '' &&
        typeof item !== 'boolean' &&
        !(typeof item === 'string' && isPlaceholder(item));
      const clean = secret ? replacement : this.walk(item, depth + 1);
      const cleanKey = this.patterns(k);
      if (clean === item && cleanKey === k) continue;
      out ??= { ...obj };
      if (cleanKey !== k) delete out[k];
      out[cleanKey] = clean;
    }
    return out ?? v;
  }
}

// Small, as there is one per project: at most 3 maps × 256 entries × 512 + 512 UTF-16 characters
// (about 1.5 MB), typically a tenth of that. Most of the gain is within a batch.
const MEMO_ENTRIES = 256;
const MEMO_MAX_LENGTH = 512;

/** Stores a result unless the input is long (messages, stacks: rarely repeated); clears when full. */
function remember(memo: Map<string, string>, input: string, output: string): string {
  if (input.length <= MEMO_MAX_LENGTH) {
    if (memo.size >= MEMO_ENTRIES) memo.clear();
    memo.set(input, output);
  }
  return output;
}

const cache = new WeakMap<ScrubbingSettings, Scrubber>();

/** The scrubber for a project's settings, compiled on first use. */
export function scrubberFor(settings: ScrubbingSettings): Scrubber {
  let s = cache.get(settings);
  if (!s) {
    s = new Scrubber(settings);
    cache.set(settings, s);
  }
  return s;
}
