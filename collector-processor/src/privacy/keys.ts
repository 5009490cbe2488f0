/**
 * Key-name rules (Relay's @password): a value is a secret because of the name it is stored under
 * (`password`, `api_key`, `Authorization`…), whatever it looks like.
 *
 * Keys are matched by words, not substrings: `session.id` is not a `session_key`, `author` is not
 * `auth`, `gen_ai.usage.input_tokens` is a count, not a `token`. A key is split at `.`, `_`, `-`,
 * spaces and camelCase humps (`apiKey`, `X-Api-Key`, `API_KEY` all give `api key`).
 */
import type { ScrubbingSettings } from '../projects/settings';
import { PLACEHOLDER } from './detectors';

/** Words that name a secret wherever they appear in the key (`password.reset`, `x-auth-token`). */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'pwd',
  'passphrase',
  'secret',
  'secrets',
  'token',
  'credential',
  'credentials',
  'apikey',
  'privatekey',
  'accesskey',
  'secretkey',
  'sessionkey',
  'creditcard',
  'cardnumber',
  'ccnumber',
  'ccnum',
  'cvv',
  'cvv2',
  'cvc',
  'ssn',
]);

/** Run-together compounds: `accesstoken`, `clientsecret`, `userpassword`, `passwordhash`. */
const SECRET_SUFFIXES = ['password', 'passwd', 'secret', 'token', 'apikey', 'credential', 'credentials'];
const SECRET_PREFIXES = ['password', 'passwd', 'secret'];

/** Two-word names: `api_key`, `private-key`, `credit.card`, `card_number`, `security_code`. */
const SECRET_PAIRS = new Set([
  'api key',
  'auth key',
  'private key',
  'access key',
  'secret key',
  'session key',
  'signing key',
  'encryption key',
  'master key',
  'credit card',
  'card number',
  'card num',
  'cc number',
  'cc num',
  'security code',
  'account number',
]);

/**
 * Words that name a secret only as the last word: `authorization` and `http.request.header.cookie`
 * hold credentials, while `auth.method` or `cookie.consent.version` describe them.
 */
const LAST_WORDS = new Set([
  'auth',
  'authorization',
  'authentication',
  'cookie',
  'cookies',
  'otp',
  'pin',
  'sig',
  'signature',
]);

/** Lower-case words of a key. */
export function keyWords(key: string): string[] {
  // Words past 256 characters add nothing to a verdict; the cap also bounds the acronym split,
  // which backtracks over a run of capitals from each of its positions.
  return key
    .slice(0, 256)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function wordsAreSecret(words: string[]): boolean {
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (SECRET_WORDS.has(w)) return true;
    if (w.length > 6 && SECRET_SUFFIXES.some((s) => w.endsWith(s))) return true;
    if (w.length > 6 && SECRET_PREFIXES.some((s) => w.startsWith(s))) return true;
    if (i > 0 && SECRET_PAIRS.has(`${words[i - 1]} ${w}`)) return true;
  }
  return words.length > 0 && LAST_WORDS.has(words[words.length - 1]);
}

/**
 * Whether `text` may hold a secret key name at all: one scan instead of the key=value scan for
 * most messages and stack traces. Every word above contains one of these (keys.test.ts checks).
 */
const SECRET_HINT =
  /pass|pwd|secret|token|credential|key|auth|cookie|card|cc|cvv|cvc|ssn|otp|pin|sig|security|account/i;

// The same few attribute keys arrive on every row: remember the verdicts (bounded).
const verdicts = new Map<string, boolean>();
const MAX_VERDICTS = 10_000;

/** Whether the built-in rules treat values under `key` as secrets. */
export function isSecretKey(key: string): boolean {
  let v = verdicts.get(key);
  if (v === undefined) {
    v = wordsAreSecret(keyWords(key));
    if (verdicts.size >= MAX_VERDICTS) verdicts.clear();
    verdicts.set(key, v);
  }
  return v;
}

/**
 * A project's key rules on top of the built-in ones. `allowKeys` are exact key names
 * (case-insensitive) and win over everything: the most specific setting decides. `denyKeys` are
 * case-insensitive substrings, as the settings schema documents.
 */
export class KeyPolicy {
  private readonly deny: string[];
  private readonly allow: Set<string>;

  constructor(settings: Pick<ScrubbingSettings, 'denyKeys' | 'allowKeys'>) {
    this.deny = settings.denyKeys.map((k) => k.toLowerCase());
    this.allow = new Set(settings.allowKeys.map((k) => k.toLowerCase()));
  }

  /** False when no key in `text` can be one this policy replaces (a fast pre-check). */
  mayMatch(text: string): boolean {
    if (SECRET_HINT.test(text)) return true;
    if (!this.deny.length) return false;
    const lower = text.toLowerCase();
    return this.deny.some((d) => lower.includes(d));
  }

  /** The placeholder for any value stored under `key`, or undefined when the name says nothing. */
  replacement(key: string): string | undefined {
    if (!key) return undefined;
    if (this.allow.size || this.deny.length) {
      const lower = key.toLowerCase();
      if (this.allow.has(lower)) return undefined;
      for (const d of this.deny) if (lower.includes(d)) return PLACEHOLDER.filtered;
    }
    return isSecretKey(key) ? PLACEHOLDER.secret : undefined;
  }
}
