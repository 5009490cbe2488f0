/**
 * Edge-biased value arbitraries for the OTLP fuzz target: strings, integers, doubles, timestamps
 * and AnyValues. Every generator mixes plausible values (so records still reach the mappers)
 * with the values that have broken ingest before or are likely to: wrong time units, uint64
 * max, lone UTF-16 surrogates, 1e30 where an integer is expected, huge and deep values.
 */
import fc from 'fast-check';
import type { FuzzKeyValue, FuzzValue } from './otlp-model';

/** Size bounds, so the bounded test stays fast and the long run can go bigger. */
export interface FuzzSizes {
  /** Longest "long string" (attribute values, messages, URLs). */
  maxStringLength: number;
  /** Longest generated stack trace text, in characters. */
  maxStackLength: number;
  /** Most records (spans or log records) per scope. */
  maxRecords: number;
  /** Longest "long array" / widest "wide map" value. */
  maxCollection: number;
}

export const SMALL: FuzzSizes = {
  maxStringLength: 2_000,
  maxStackLength: 3_000,
  maxRecords: 6,
  maxCollection: 200,
};
export const LARGE: FuzzSizes = {
  maxStringLength: 70_000,
  maxStackLength: 120_000,
  maxRecords: 40,
  maxCollection: 5_000,
};

export const UINT64_MAX = (1n << 64n) - 1n;
export const INT64_MAX = (1n << 63n) - 1n;
export const INT64_MIN = -(1n << 63n);

const NS_PER_MS = 1_000_000n;
const WEEK_MS = 7 * 24 * 3600 * 1000;

/** Code units that are not valid on their own in UTF-8: lone high and low surrogates. */
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));

export function edgeString(sizes: FuzzSizes): fc.Arbitrary<string> {
  // Weights keep each rare kind rare per string: a request holds dozens of strings, and one
  // lone surrogate makes a protobuf body invalid (400) before anything else is exercised.
  return fc.oneof(
    { weight: 100, arbitrary: fc.string({ maxLength: 24 }) },
    { weight: 20, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
    {
      weight: 20,
      arbitrary: fc.constantFrom(
        '',
        '\u0000',
        '\u2028\u2029',
        '\ufeff',
        "'; DROP TABLE errors; --",
        '{p:String}',
        '\\',
        '"',
        'ada@example.com',
        '4111 1111 1111 1111',
        '192.168.1.20',
        'Version 1.2.3.4 of the widget',
        'https://shop.example/cb?code=abc123&state=xyz&X-Amz-Signature=deadbeef',
        '𝒳😀',
        'NaN',
        '1e30',
        '-7',
      ),
    },
    { weight: 4, arbitrary: longString(sizes.maxStringLength) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.constantFrom('\ud800', 'a\udfffb', '\ud83d'),
        fc.string({ unit: fc.oneof(fc.string({ maxLength: 3 }), loneSurrogate), minLength: 1, maxLength: 8 }),
      ),
    },
  );
}

/** A long run of one short piece: cheap to generate and to shrink, long on the wire. */
export function longString(maxLength: number): fc.Arbitrary<string> {
  return fc
    .tuple(fc.constantFrom('a', 'é', '😀', ' at ', '/', '%', '\n'), fc.integer({ min: 1, max: maxLength }))
    .map(([piece, n]) => piece.repeat(Math.max(1, Math.floor(n / piece.length))));
}

export const edgeInt: fc.Arbitrary<bigint> = fc.oneof(
  { weight: 4, arbitrary: fc.bigInt({ min: -5n, max: 1_000n }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      0n,
      -1n,
      2n ** 31n - 1n,
      -(2n ** 31n),
      2n ** 32n,
      2n ** 53n - 1n,
      2n ** 53n + 1n,
      INT64_MAX,
      INT64_MIN,
    ),
  },
  { weight: 1, arbitrary: fc.bigInt({ min: INT64_MIN, max: INT64_MAX }) },
);

export const edgeDouble: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -1_000, max: 100_000, noNaN: true }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      0,
      -0,
      1.5,
      -7,
      0.1,
      1e30,
      -1e30,
      1e308,
      Number.MAX_VALUE,
      Number.MIN_VALUE,
      2 ** 53 + 2,
      2 ** 64,
      NaN,
      Infinity,
      -Infinity,
    ),
  },
  { weight: 1, arbitrary: fc.double() },
);

/**
 * A record time in uint64 nanoseconds as OTLP says, or as buggy SDKs send it: in s, ms or µs,
 * zero, tiny, uint64 max, far in the past or future, or spread over many weeks.
 * Negative values become two's complement on the protobuf wire and an error in JSON.
 */
export function edgeTimestamp(nowMs: number): fc.Arbitrary<bigint> {
  const nowNs = BigInt(nowMs) * NS_PER_MS;
  return fc.oneof(
    {
      weight: 40,
      arbitrary: fc.bigInt({ min: nowNs - 3_600_000n * NS_PER_MS, max: nowNs + 60_000n * NS_PER_MS }),
    },
    {
      weight: 4,
      arbitrary: fc.constantFrom(
        nowNs / 1_000_000_000n,
        nowNs / 1_000_000n,
        nowNs / 1_000n,
        0n,
        1n,
        999_999_999n,
        UINT64_MAX,
        INT64_MAX,
        2n ** 63n,
        -1n,
        nowNs * 1_000n,
        nowNs - 10n * 365n * 24n * 3_600_000n * NS_PER_MS,
        nowNs + 2n * 365n * 24n * 3_600_000n * NS_PER_MS,
      ),
    },
    {
      weight: 2,
      arbitrary: fc.integer({ min: 0, max: 300 }).map((w) => nowNs - BigInt(w * WEEK_MS) * NS_PER_MS),
    },
    { weight: 1, arbitrary: fc.bigInt({ min: 0n, max: UINT64_MAX }) },
  );
}

/** A number the mappers read (durations, status codes, line numbers) in any AnyValue kind. */
export function numberLike(sizes: FuzzSizes): fc.Arbitrary<FuzzValue> {
  return fc.oneof(
    { weight: 4, arbitrary: edgeDouble.map((v): FuzzValue => ({ doubleValue: v })) },
    { weight: 4, arbitrary: edgeInt.map((v): FuzzValue => ({ intValue: v })) },
    {
      weight: 1,
      arbitrary: fc
        .oneof(fc.constantFrom('1.5', '1e30', '-7', ' 42 ', '0x10', ''), edgeString(sizes))
        .map((v): FuzzValue => ({ stringValue: v })),
    },
    { weight: 1, arbitrary: fc.boolean().map((v): FuzzValue => ({ boolValue: v })) },
  );
}

export function stringValue(sizes: FuzzSizes): fc.Arbitrary<FuzzValue> {
  return edgeString(sizes).map((v): FuzzValue => ({ stringValue: v }));
}

/** Any AnyValue, nested up to `depth`; plus deep chains and long arrays / wide maps. */
export function anyValue(sizes: FuzzSizes, depth = 3): fc.Arbitrary<FuzzValue> {
  const { tree } = fc.letrec<{ tree: FuzzValue; kv: FuzzKeyValue }>((tie) => ({
    tree: fc.oneof(
      { depthSize: 'small', maxDepth: depth, depthIdentifier: 'any-value' },
      stringValue(sizes),
      fc.boolean().map((v): FuzzValue => ({ boolValue: v })),
      edgeInt.map((v): FuzzValue => ({ intValue: v })),
      edgeDouble.map((v): FuzzValue => ({ doubleValue: v })),
      fc.uint8Array({ maxLength: 32 }).map((v): FuzzValue => ({ bytesValue: v })),
      fc.constant<FuzzValue>({}),
      fc.array(tie('tree'), { maxLength: 4 }).map((v): FuzzValue => ({ arrayValue: v })),
      fc.array(tie('kv'), { maxLength: 4 }).map((v): FuzzValue => ({ kvlistValue: v })),
    ),
    kv: fc.record({ key: edgeString(sizes), value: tie('tree') }),
  }));
  return fc.oneof({ weight: 12, arbitrary: tree }, { weight: 1, arbitrary: bulkyValue(sizes) });
}

/** Values that are big in one dimension: nesting depth, array length or map width. */
function bulkyValue(sizes: FuzzSizes): fc.Arbitrary<FuzzValue> {
  return fc.oneof(
    fc.integer({ min: 1, max: 40 }).map((levels) => {
      let v: FuzzValue = { stringValue: 'leaf' };
      for (let i = 0; i < levels; i++)
        v = i % 2 ? { arrayValue: [v] } : { kvlistValue: [{ key: 'k', value: v }] };
      return v;
    }),
    fc.integer({ min: 1, max: sizes.maxCollection }).map((n): FuzzValue => ({
      arrayValue: Array.from({ length: n }, (_, i) => ({ intValue: BigInt(i) })),
    })),
    fc.integer({ min: 1, max: sizes.maxCollection }).map((n): FuzzValue => ({
      kvlistValue: Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: { stringValue: 'v' } })),
    })),
  );
}

/** A stack trace in V8 or Firefox/Safari form, with edge line numbers and long or repeated lines. */
export function stackTrace(sizes: FuzzSizes): fc.Arbitrary<string> {
  const frame = fc
    .tuple(
      fc.constantFrom('v8', 'gecko', 'junk'),
      fc.constantFrom('render', 'Object.<anonymous>', 'async onClick', '', 'a'.repeat(200)),
      fc.constantFrom('https://shop.example/assets/app-3f2a.js', 'webpack:///./src/x.ts', '<anonymous>', 'x'),
      fc.oneof(
        fc.nat({ max: 100_000 }).map(String),
        fc.constantFrom('1.5', '-7', '1e30', '99999999999999999999'),
      ),
      fc.oneof(fc.nat({ max: 500 }).map(String), fc.constantFrom('0', '-1', '1.5')),
    )
    .map(([style, fn, file, line, col]) =>
      style === 'v8'
        ? `    at ${fn} (${file}:${line}:${col})`
        : style === 'gecko'
          ? `${fn}@${file}:${line}:${col}`
          : `${fn}(${file}:${line}`,
    );
  const normal = fc
    .tuple(fc.constantFrom('TypeError', 'Error', ''), edgeString(sizes), fc.array(frame, { maxLength: 12 }))
    .map(([type, msg, frames]) => [`${type}: ${msg}`, ...frames].join('\n').slice(0, sizes.maxStackLength));
  // Long lines of one repeated shape: what made stack parsing quadratic (issue #12).
  const adversarial = fc
    .tuple(
      fc.constantFrom('    at ', '@', '(', ':1', ' (a:1:1)', 'at a ('),
      fc.integer({ min: 1, max: sizes.maxStackLength }),
    )
    .map(([piece, n]) => `Error: x\n${piece.repeat(Math.max(1, Math.floor(n / piece.length)))}`);
  return fc.oneof({ weight: 5, arbitrary: normal }, { weight: 1, arbitrary: adversarial });
}
