/**
 * Deterministic "random" SQL expressions for the query benchmark's generator: every value is a
 * function of a salt and row keys through cityHash64, so the same --events gives the same data on
 * every run and machine, and ClickHouse computes it in bulk (INSERT … SELECT FROM numbers()).
 * Only constants from bench/query/vocab.ts are interpolated: nothing here comes from a request.
 */
import type { Weighted } from './vocab';

/** A SQL string literal. */
export const lit = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

/** A SQL array literal of strings or numbers. */
export const arr = (values: ReadonlyArray<string | number>): string =>
  `[${values.map((v) => (typeof v === 'number' ? String(v) : lit(v))).join(', ')}]`;

/** Uniform in [0, 1), from a hash of the salt and the keys (column names or expressions). */
export const uniform = (salt: string, ...keys: string[]): string =>
  `((cityHash64(${[lit(salt), ...keys].join(', ')}) % 4294967296) / 4294967296.)`;

/** Standard normal from two uniforms (Box–Muller). */
export const normal = (u1: string, u2: string): string =>
  `(sqrt(-2 * ln(1 - ${u1})) * cos(2 * pi() * ${u2}))`;

/** Lognormal around `median` (both expressions), spread `sigma`: latencies and vitals. */
export const lognormal = (median: string, sigma: number, salt: string, ...keys: string[]): string =>
  `(${median} * exp(${sigma} * ${normal(uniform(`${salt}1`, ...keys), uniform(`${salt}2`, ...keys))}))`;

function cumulative(weights: readonly number[]): number[] {
  const total = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  return weights.map((w) => (acc += w) / total);
}

/** The 1-based index chosen by uniform `u` (an alias, it is repeated) with these weights. */
export function pickIndex(u: string, weights: readonly number[]): string {
  const bounds = cumulative(weights);
  const branches = bounds.slice(0, -1).flatMap((b, i) => [`${u} < ${b.toFixed(6)}`, String(i + 1)]);
  return branches.length ? `multiIf(${branches.join(', ')}, ${weights.length})` : '1';
}

/** The value chosen by uniform `u` (an alias) with these weights. */
export function pick(u: string, items: Weighted): string {
  return `${arr(items.map(([v]) => v))}[${pickIndex(
    u,
    items.map(([, w]) => w),
  )}]`;
}

/** Uniformly one of `values`, by a hash of the salt and keys. */
export const oneOf = (values: ReadonlyArray<string | number>, salt: string, ...keys: string[]): string =>
  `${arr(values)}[1 + cityHash64(${[lit(salt), ...keys].join(', ')}) % ${values.length}]`;

/** 32 lower-case hex characters (trace, event, session ids), from a hash of the salt and keys. */
export const hexId = (salt: string, ...keys: string[]): string =>
  `lower(hex(sipHash128(${[lit(salt), ...keys].join(', ')})))`;
