/**
 * The fuzz arbitraries themselves: a generator that drifted into producing only garbage would
 * let the fuzz test pass while exercising nothing past the decoder. Also a property of the
 * decoders: the protobuf and JSON encodings of one request decode to the same model.
 */
import fc from 'fast-check';
import { decodeOtlp } from '../../src/otlp';
import { mapResource } from '../../src/pipeline/map';
import type { DecodedRequest } from '../../src/pipeline/types';
import { SIGNAL_TABLES } from '../../src/store/rows';
import { ingestCase, otlpRequest } from './otlp-arbitraries';
import { encodeJson, encodeProtobuf, toWire } from './otlp-model';
import { SMALL } from './otlp-values';

const CASES = fc.sample(ingestCase(SMALL), { numRuns: 200, seed: 20_260_101 });

function decodes(fn: () => DecodedRequest): DecodedRequest | undefined {
  try {
    return fn();
  } catch {
    return undefined;
  }
}

test('cases cover both encodings, gzip, key placements and byte mutations', () => {
  const envelopes = CASES.map((c) => c.envelope);
  for (const encoding of ['json', 'protobuf'] as const)
    expect(envelopes.filter((e) => e.encoding === encoding).length).toBeGreaterThan(40);
  expect(envelopes.filter((e) => e.gzip).length).toBeGreaterThan(40);
  expect(envelopes.filter((e) => e.mutations.length > 0).length).toBeGreaterThan(20);
  expect(new Set(envelopes.map((e) => e.key))).toEqual(new Set(['header', 'resource', 'none']));
  expect(new Set(CASES.map((c) => toWire(c, 'k').path))).toEqual(new Set(['/v1/traces', '/v1/logs']));
});

test('most intact cases decode, and together they fill every signal table', () => {
  const intact = CASES.filter((c) => c.envelope.mutations.length === 0);
  const rows = Object.fromEntries(SIGNAL_TABLES.map((t) => [t, 0]));
  let decoded = 0;
  for (const { request } of intact) {
    const d = decodes(() => decodeOtlp(request.signal, encodeProtobuf(request), 'protobuf'));
    if (!d) continue;
    decoded++;
    for (const resource of d.resources) {
      const mapped = mapResource(resource, { projectId: 'p', retentionDays: 30, receivedAtMs: Date.now() });
      for (const t of SIGNAL_TABLES) rows[t]! += mapped.rows[t].length;
    }
  }
  expect(decoded / intact.length).toBeGreaterThan(0.6);
  for (const t of SIGNAL_TABLES) expect({ table: t, rows: rows[t]! > 3 }).toEqual({ table: t, rows: true });
});

/** -0 has no JSON spelling; everything else must survive both encodings alike. */
const withoutNegativeZero = (d: DecodedRequest) =>
  JSON.parse(JSON.stringify(d, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v === 0 ? 0 : v)));

test('protobuf and OTLP/JSON encodings of one request decode to the same model', () => {
  fc.assert(
    fc.property(otlpRequest(SMALL), (request) => {
      const pb = decodes(() => decodeOtlp(request.signal, encodeProtobuf(request), 'protobuf'));
      const json = decodes(() =>
        decodeOtlp(request.signal, encodeJson(request, { int64AsNumber: false, enumNames: false }), 'json'),
      );
      // JSON refuses what protobuf cannot even express (negative times); protobuf refuses lone
      // surrogates that JSON carries as escapes. Where both accept, they must agree.
      if (pb && json) expect(withoutNegativeZero(json)).toEqual(withoutNegativeZero(pb));
    }),
    { numRuns: 150, seed: 7 },
  );
});
