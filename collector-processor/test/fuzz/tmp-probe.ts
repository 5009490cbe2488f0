import fc from 'fast-check';
import { ingestCase } from './otlp-arbitraries';
import { toWire, encodeJson, encodeProtobuf } from './otlp-model';
import { SMALL } from './otlp-values';
import { decodeOtlp } from '../../src/otlp';
import { mapResource } from '../../src/pipeline/map';
import { isDeepStrictEqual } from 'node:util';
const cases = fc.sample(ingestCase(SMALL), { numRuns: 400, seed: 42 });
const tables: Record<string, number> = {};
let ok = 0,
  bad = 0,
  intact = 0,
  mism = 0;
const errs: Record<string, number> = {};
let bytes = 0;
for (const c of cases) {
  const w = toWire(c, 'k');
  bytes += w.body.length;
  if (c.envelope.mutations.length || c.envelope.wrongPath) continue;
  intact++;
  try {
    const d = decodeOtlp(c.request.signal, encodeProtobuf(c.request), 'protobuf');
    const j = decodeOtlp(
      c.request.signal,
      encodeJson(c.request, { int64AsNumber: false, enumNames: false }),
      'json',
    );
    if (!isDeepStrictEqual(d, j)) {
      mism++;
      if (mism < 3)
        console.log(
          'MISMATCH',
          JSON.stringify(d, (k, v) => (typeof v === 'bigint' ? v.toString() : v)).slice(0, 300),
        );
    }
    ok++;
    for (const r of d.resources) {
      const m = mapResource(r, { projectId: 'p', retentionDays: 30, receivedAtMs: Date.now() });
      for (const [t, rows] of Object.entries(m.rows))
        tables[t] = (tables[t] ?? 0) + (rows as unknown[]).length;
    }
  } catch (e) {
    bad++;
    const k = String((e as Error).message)
      .replace(/\[\d+\]/g, '[]')
      .slice(0, 80);
    errs[k] = (errs[k] ?? 0) + 1;
  }
}
console.log({ intact, ok, bad, mism, avgBytes: bytes / cases.length, tables, errs });
