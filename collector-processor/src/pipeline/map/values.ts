/** Attribute access, size caps, times and ids shared by the signal mappers. */
import crypto from 'node:crypto';
import type { AttrValue, Attributes } from '../types';

export const LIMITS = {
  attributes: 128,
  attributeValue: 4096,
  message: 8192,
  stacktrace: 65536,
  frames: 100,
  url: 4096,
} as const;

export function isMap(v: AttrValue | undefined): v is { [key: string]: AttrValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string view of a scalar; '' for null, arrays and maps. */
export function asString(v: AttrValue | undefined): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return '';
}

// `\d+(?:\.\d*)?` rather than `\d+\.?\d*`: the same numbers, without splitting a digit run between
// two quantifiers at every position (quadratic on "1111…x").
const NUMERIC = /^\s*-?(\d+(?:\.\d*)?|\.\d+)([eE][-+]?\d+)?\s*$/;

/** A finite number, accepting numeric strings (Faro sends timings as strings). */
export function asNumber(v: AttrValue | undefined): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'string' && NUMERIC.test(v)) return Number(v);
  return undefined;
}

export function asBool(v: AttrValue | undefined): boolean | undefined {
  if (typeof v === 'boolean') return v;
  if (v === 'true') return true;
  if (v === 'false') return false;
  return undefined;
}

/** Attribute value as stored in a Map(String, String) column: strings as-is, the rest as JSON. */
export function stringifyValue(v: AttrValue): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Counts the values a row had to cut; the count lands in the row's `truncated` column. */
export class Truncation {
  count = 0;

  cap(s: string, max: number): string {
    if (s.length <= max) return s;
    this.count++;
    return s.slice(0, max);
  }

  /** A string map under the attribute caps: at most 128 keys, values at most 4096 chars. */
  map(entries: Iterable<[string, AttrValue]>): Record<string, string> {
    const out: Record<string, string> = {};
    let n = 0;
    for (const [k, v] of entries) {
      if (v === null || k in out) continue;
      if (n >= LIMITS.attributes) {
        this.count++;
        continue;
      }
      out[this.cap(k, 256)] = this.cap(stringifyValue(v), LIMITS.attributeValue);
      n++;
    }
    return out;
  }
}

/**
 * Reads attributes from layers (most specific first: event, record/span, resource), remembering
 * which keys were used so the rest can go to the row's `attributes` map.
 */
export class Reader {
  readonly consumed = new Set<string>();
  readonly t = new Truncation();

  constructor(readonly layers: Attributes[]) {}

  get(key: string): AttrValue | undefined {
    for (const layer of this.layers) {
      const v = layer[key];
      if (v !== undefined && v !== null && v !== '') {
        this.consumed.add(key);
        return v;
      }
    }
    return undefined;
  }

  /**
   * First non-empty string among keys. Aliases holding the same value (http.url next to url.full
   * under http/dup) are consumed too, so they do not reappear in `attributes`.
   */
  str(...keys: string[]): string {
    // Hot path (tens of calls per row): plain loops, no closures or intermediate arrays.
    for (let i = 0; i < keys.length; i++) {
      const s = asString(this.get(keys[i]));
      if (s === '') continue;
      for (let j = i + 1; j < keys.length; j++) {
        const alias = keys[j];
        for (let l = 0; l < this.layers.length; l++) {
          const v = this.layers[l][alias];
          if (v !== undefined && asString(v) === s) {
            this.consumed.add(alias);
            break;
          }
        }
      }
      return s;
    }
    return '';
  }

  num(...keys: string[]): number | undefined {
    for (const k of keys) {
      const n = asNumber(this.get(k));
      if (n !== undefined) return n;
    }
    return undefined;
  }

  bool(...keys: string[]): boolean | undefined {
    for (const k of keys) {
      const b = asBool(this.get(k));
      if (b !== undefined) return b;
    }
    return undefined;
  }

  /** Marks keys as mapped without reading them (e.g. duplicates of a mapped value). */
  consume(...keys: string[]): void {
    for (const k of keys) this.consumed.add(k);
  }

  /** Every not-consumed attribute, most specific layer first. */
  rest(): [string, AttrValue][] {
    const out: [string, AttrValue][] = [];
    const single = this.layers.length === 1;
    const seen = single ? undefined : new Set<string>();
    for (const layer of this.layers) {
      for (const k in layer) {
        if (this.consumed.has(k) || seen?.has(k)) continue;
        seen?.add(k);
        out.push([k, layer[k]]);
      }
    }
    return out;
  }
}

/** "epochSeconds.mmm" from nanoseconds, exact (no float). */
export function nsToTimestamp(ns: bigint): string {
  const ms = ns / 1_000_000n;
  const sec = ms / 1000n;
  return `${sec}.${String(ms % 1000n).padStart(3, '0')}`;
}

export function msToTimestamp(ms: number): string {
  return nsToTimestamp(BigInt(Math.round(ms)) * 1_000_000n);
}

/** Milliseconds between two nanosecond times, never negative; 0 when either is missing. */
export function durationMs(startNs: bigint, endNs: bigint): number {
  if (startNs <= 0n || endNs <= 0n || endNs < startNs) return 0;
  return Number(endNs - startNs) / 1e6;
}

/** A deterministic event id: the same payload replayed maps to the same ids. */
export function eventId(...parts: (string | number | bigint)[]): string {
  // sha1 is plenty for a 128-bit row id and cheaper than sha256 on the ingest hot path.
  return sha1Hex(parts.join('\u0000')).slice(0, 32);
}

// crypto.hash (Node >= 20.12) hashes in one call, without a Hash object per row.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string) => string }).hash;
const sha1Hex: (data: string) => string = oneShotHash
  ? (data) => oneShotHash('sha1', data)
  : (data) => crypto.createHash('sha1').update(data).digest('hex');

/** Non-negative number rounded to 3 decimals (ms values). */
export function ms(v: number | undefined): number {
  if (v === undefined || !Number.isFinite(v) || v < 0) return 0;
  return Math.round(v * 1000) / 1000;
}

/** Non-negative integer (sizes). */
export function uint(v: number | undefined): number {
  if (v === undefined || !Number.isFinite(v) || v < 0) return 0;
  return Math.round(v);
}

/** Parses a JSON string into an AttrValue; undefined when it is not JSON. */
export function parseJson(s: string): AttrValue | undefined {
  try {
    return JSON.parse(s) as AttrValue;
  } catch {
    return undefined;
  }
}

/** Faro writes the literal "unknown" for ids it does not have yet. */
export function faroId(v: AttrValue | undefined): string {
  const s = asString(v);
  return s === 'unknown' ? '' : s;
}
