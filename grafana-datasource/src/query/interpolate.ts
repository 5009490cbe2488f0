/**
 * Template variables to values. Every string and list field of a query goes through here; a
 * multi-value variable becomes several list entries (filters, ids…), or its first value where the
 * field holds one value (project, ids of one thing, search).
 */
import { ScopedVars } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';

export interface Interpolator {
  /** A field that holds one value: '' when the variable has none. */
  one(text: string): string;
  /** A field that holds a list: every value of every variable in `text`. */
  many(text: string): string[];
}

/** Joins a multi-value variable's values so they can be split again afterwards (never in a value). */
const SEPARATOR = '\u001f';

/** Grafana calls a function format with the variable's value: one string, or an array for multi-value. */
function joinValues(value: unknown): string {
  return Array.isArray(value) ? value.map(String).join(SEPARATOR) : String(value ?? '');
}

export function templateInterpolator(scopedVars: ScopedVars = {}): Interpolator {
  const many = (text: string): string[] => {
    if (!text.includes('$')) {
      return text.trim() === '' ? [] : [text.trim()];
    }
    return getTemplateSrv()
      .replace(text, scopedVars, joinValues)
      .split(SEPARATOR)
      .map((v) => v.trim())
      .filter((v) => v !== '');
  };
  return { many, one: (text) => many(text)[0] ?? '' };
}

/**
 * Values that mean "every value": `*` (the custom "All" value the README recommends) and
 * Grafana's `$__all`. A filter with one of these is left out rather than sent.
 */
export function meansAll(values: string[]): boolean {
  return values.some((v) => v === '*' || v === '$__all');
}

/** Interpolates a list field: each entry may expand to several values; duplicates removed. */
export function interpolateList(values: string[] | undefined, interpolate: Interpolator): string[] {
  return [...new Set((values ?? []).flatMap((v) => interpolate.many(v)))];
}
