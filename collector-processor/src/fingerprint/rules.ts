/**
 * Per-project grouping rules (settings.groupingRules): the first rule whose every given matcher
 * matches decides the fingerprint, and `{{ ... }}` variables in fingerprint entries are expanded.
 */
import type { GroupingRule } from '../projects/settings';
import type { NormalisedFrame } from './frames';

const STAR = Symbol('*');
const ONE = Symbol('?');

/**
 * A case-insensitive glob: `*` any run of characters (newlines and slashes included), `?` one
 * character, `\` escapes the next one; everything else is literal. Not picomatch: that is a path
 * matcher, where `*` stops at `/` and newlines, `(...)` is a group, `[...]` a class and quotes are
 * removed, and messages are full of all of those ("(reading 'id')", "[email]", URLs). Matched
 * with the two-pointer wildcard algorithm rather than a RegExp: O(pattern x text) at worst, so a
 * rule like `*a*a*a*a*b` cannot stall ingest on a long message by backtracking.
 */
export class Glob {
  private readonly tokens: (string | typeof STAR | typeof ONE)[] = [];

  constructor(readonly pattern: string) {
    const p = pattern.toLowerCase();
    for (let i = 0; i < p.length; i++) {
      const c = p[i];
      if (c === '\\' && i + 1 < p.length) this.tokens.push(p[++i]);
      else if (c === '*') {
        if (this.tokens[this.tokens.length - 1] !== STAR) this.tokens.push(STAR);
      } else if (c === '?') this.tokens.push(ONE);
      else this.tokens.push(c);
    }
  }

  test(text: string): boolean {
    const p = this.tokens;
    const s = text.toLowerCase();
    let i = 0;
    let j = 0;
    let star = -1;
    let mark = 0;
    while (j < s.length) {
      if (i < p.length && (p[i] === ONE || p[i] === s[j])) {
        i++;
        j++;
      } else if (i < p.length && p[i] === STAR) {
        star = i++;
        mark = j;
      } else if (star >= 0) {
        // Let the last star swallow one more character and retry from there.
        i = star + 1;
        j = ++mark;
      } else return false;
    }
    while (i < p.length && p[i] === STAR) i++;
    return i === p.length;
  }
}

export interface CompiledRule {
  /** The rule's name, or its position in the list when it has none. */
  id: string | number;
  type?: Glob;
  message?: Glob;
  frame?: Glob;
  fingerprint: string[];
}

// Settings objects are replaced, never mutated, when a project changes: compile once per object.
const compiled = new WeakMap<readonly GroupingRule[], CompiledRule[]>();

export function compileRules(rules: readonly GroupingRule[]): CompiledRule[] {
  let out = compiled.get(rules);
  if (!out) {
    out = rules.map((r, i) => ({
      id: r.name ?? i,
      type: r.type === undefined ? undefined : new Glob(r.type),
      message: r.message === undefined ? undefined : new Glob(r.message),
      frame: r.frame === undefined ? undefined : new Glob(r.frame),
      fingerprint: r.fingerprint,
    }));
    compiled.set(rules, out);
  }
  return out;
}

export interface RuleSubject {
  type: string;
  message: string;
  /** In-app frames: a frame matcher tests each one's function and file, as stored and normalised. */
  frames: NormalisedFrame[];
}

function frameMatches(glob: Glob, frames: NormalisedFrame[]): boolean {
  return frames.some(
    (f) => glob.test(f.rawFunction) || glob.test(f.function) || glob.test(f.filename) || glob.test(f.module),
  );
}

export function matchRule(rules: CompiledRule[], subject: RuleSubject): CompiledRule | undefined {
  return rules.find(
    (r) =>
      (!r.type || r.type.test(subject.type)) &&
      (!r.message || r.message.test(subject.message)) &&
      (!r.frame || frameMatches(r.frame, subject.frames)),
  );
}

export interface TemplateValues {
  /** The built-in components (chunk load, frames or message), without rules or SDK fingerprint. */
  default: string[];
  type: string;
  /** The normalised message, so a rule keyed on it does not split on ids. */
  message: string;
  release: string;
}

const VARIABLE = /\{\{\s*(default|type|message|release)\s*\}\}/gi;

/**
 * Expands fingerprint entries: an entry that is exactly `{{ default }}` is replaced by the default
 * components (Sentry's semantics, so a rule can refine the default grouping, e.g. by release);
 * variables inside other text are substituted in place (`{{ default }}` joined by spaces). Unknown
 * variables stay as written.
 */
export function expandFingerprint(entries: readonly string[], values: TemplateValues): string[] {
  const out: string[] = [];
  for (const entry of entries) {
    if (/^\s*\{\{\s*default\s*\}\}\s*$/i.test(entry)) {
      out.push(...values.default);
      continue;
    }
    out.push(
      entry.replace(VARIABLE, (_, name: string) => {
        const key = name.toLowerCase() as keyof TemplateValues;
        return key === 'default' ? values.default.join(' ') : values[key];
      }),
    );
  }
  return out;
}
