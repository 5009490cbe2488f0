/**
 * Conversions shared by the protobuf and JSON decoders: ids, 64-bit integers and the
 * attributes record.
 */
import type Long from 'long';
import type { AttrValue, Attributes } from '../pipeline/types';
import { OtlpDecodeError } from './errors';

/** Deepest AnyValue nesting (arrays / kvlists inside values) accepted from JSON bodies. */
export const MAX_VALUE_DEPTH = 32;

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;
const MIN_SAFE = BigInt(Number.MIN_SAFE_INTEGER);
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Bytes of a trace id (16) or span id (8). */
export type IdBytes = 16 | 8;

/** Binary id (protobuf `bytes`) → lowercase hex; empty stays ''. */
export function bytesToHexId(bytes: Uint8Array | null | undefined, size: IdBytes, what: string): string {
  if (!bytes || bytes.length === 0) return '';
  if (bytes.length !== size) throw new OtlpDecodeError(`${what} must be ${size} bytes, got ${bytes.length}`);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('hex');
}

const HEX = /^[0-9a-fA-F]*$/;

/** OTLP/JSON hex id → lowercase hex; empty or absent stays ''. */
export function hexId(value: unknown, size: IdBytes, what: string): string {
  if (value === undefined || value === null || value === '') return '';
  if (typeof value !== 'string') throw new OtlpDecodeError(`${what} must be a hex string`);
  if (value.length !== size * 2 || !HEX.test(value)) {
    throw new OtlpDecodeError(`${what} must be ${size * 2} hex characters`);
  }
  return value.toLowerCase();
}

/** protobufjs Long (or number, should Long be unavailable) → bigint without precision loss. */
export function longToBigInt(value: Long | number | null | undefined, unsigned: boolean): bigint {
  if (value === null || value === undefined) return 0n;
  if (typeof value === 'number') return BigInt(Math.trunc(value));
  const big = (BigInt(value.high >>> 0) << 32n) | BigInt(value.low >>> 0);
  return unsigned ? big : BigInt.asIntN(64, big);
}

const DECIMAL = /^-?[0-9]+$/;

/**
 * A JSON int64/uint64/fixed64: a decimal string or an integral number (proto3 JSON accepts both).
 * `null`/absent → 0n.
 */
export function jsonInt64(value: unknown, unsigned: boolean, what: string): bigint {
  if (value === undefined || value === null) return 0n;
  let big: bigint;
  if (typeof value === 'number') {
    if (!Number.isInteger(value)) throw new OtlpDecodeError(`${what} must be an integer`);
    big = BigInt(value);
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (text.length === 0 || text.length > 21 || !DECIMAL.test(text)) {
      throw new OtlpDecodeError(`${what} must be an integer (a decimal string or number)`);
    }
    big = BigInt(text);
  } else {
    throw new OtlpDecodeError(`${what} must be an integer (a decimal string or number)`);
  }
  const [min, max] = unsigned ? [0n, UINT64_MAX] : [INT64_MIN, INT64_MAX];
  if (big < min || big > max)
    throw new OtlpDecodeError(`${what} is out of range for a ${unsigned ? 'uint64' : 'int64'}`);
  return big;
}

/** AnyValue.int_value → number when it is a safe integer, else the decimal string. */
export function intValueToAttr(big: bigint): number | string {
  return big >= MIN_SAFE && big <= MAX_SAFE ? Number(big) : big.toString();
}

/** Sets `record[key] = value` as an own property, even for keys such as `__proto__`. */
export function setAttr(record: Attributes, key: string, value: AttrValue): void {
  if (key === '__proto__') {
    Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    record[key] = value;
  }
}
