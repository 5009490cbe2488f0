/**
 * Lenient readers for values from saved JSON: they return a value of the right type or
 * undefined, never throw. Template variables ("$name", "${name}") are kept as they are, since they
 * only get their value when the query runs.
 */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function hasVariable(value: string): boolean {
  return value.includes('$');
}

/** A trimmed, non-empty string (numbers and booleans are written out), else undefined. */
export function asString(value: unknown): string | undefined {
  if (typeof value === 'string') {
    const s = value.trim();
    return s === '' ? undefined : s;
  }
  if ((typeof value === 'number' && Number.isFinite(value)) || typeof value === 'boolean') {
    return String(value);
  }
  return undefined;
}

/** Distinct non-empty strings from a list or a single value, in their first order. */
export function asStringList(value: unknown): string[] {
  const items = Array.isArray(value) ? value : [value];
  const out: string[] = [];
  for (const item of items) {
    const s = asString(item);
    if (s !== undefined && !out.includes(s)) {
      out.push(s);
    }
  }
  return out;
}

export function asBoolean(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') {
    return value;
  }
  if (value === 1 || value === 'true' || value === '1') {
    return true;
  }
  if (value === 0 || value === 'false' || value === '0') {
    return false;
  }
  return undefined;
}

/** An integer from a number or a numeric string, clamped to [min, max]. */
export function asInteger(value: unknown, min: number, max: number): number | undefined {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN;
  if (!Number.isFinite(n)) {
    return undefined;
  }
  return Math.min(max, Math.max(min, Math.round(n)));
}

/** One of `values`, matched without regard to case, "-" or "_" ("webVitals" finds "web_vitals"). */
export function matchEnum<T extends string>(value: unknown, values: readonly T[]): T | undefined {
  const s = asString(value);
  if (s === undefined) {
    return undefined;
  }
  const key = comparable(s);
  return values.find((v) => comparable(v) === key);
}

function comparable(s: string): string {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/-/g, '_')
    .toLowerCase();
}

/** A percentile from 75, "75" or "p75", if the processor keeps it. */
export function asPercentile(value: unknown, allowed: readonly number[]): number | undefined {
  const s = asString(value)?.replace(/^p/i, '');
  const n = s === undefined ? NaN : Number(s);
  return allowed.includes(n) ? n : undefined;
}
