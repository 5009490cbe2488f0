/**
 * Cost of making rows valid for their columns (store/sanitize.ts) on the ingest hot path, next to
 * what ingest already does per row: map the decoded OTLP records and serialise the rows to
 * JSONEachRow. Rows are every captured real-SDK fixture (all tables), repeated; the timings
 * alternate so both see the same machine state. A valid row is the common case: the sanitiser
 * only checks it.
 *
 *   node --import tsx bench/ingest/sanitize.ts [-- --rounds 30]
 */
import { fixtureBody, loadFixtures } from '../../collector-processor/test/helpers/fixtures';
import { decodeOtlp } from '../../collector-processor/src/otlp';
import { mapResource } from '../../collector-processor/src/pipeline/map';
import type { DecodedResource } from '../../collector-processor/src/pipeline/types';
import { rowToJsonLine } from '../../collector-processor/src/store/row-json';
import { countRows, SIGNAL_TABLES, type RumRows } from '../../collector-processor/src/store/rows';
import { sanitizeRows } from '../../collector-processor/src/store/sanitize';
import { numberArg } from '../cli';

const ROUNDS = numberArg('rounds', 30);
const REPEAT = 20;

const resources: DecodedResource[] = [];
for (const fixture of loadFixtures()) {
  resources.push(...decodeOtlp(fixture.signal, fixtureBody(fixture), fixture.request.encoding).resources);
}

function mapAll(): RumRows[] {
  const out: RumRows[] = [];
  for (let i = 0; i < REPEAT; i++) {
    for (const resource of resources) {
      out.push(
        mapResource(resource, { projectId: 'pbench', retentionDays: 30, receivedAtMs: Date.now() }).rows,
      );
    }
  }
  return out;
}

function serialise(batches: RumRows[]): number {
  let bytes = 0;
  for (const rows of batches)
    for (const table of SIGNAL_TABLES) for (const row of rows[table]) bytes += rowToJsonLine(row).length;
  return bytes;
}

const time = (f: () => void): number => {
  const start = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - start) / 1e6;
};

let rows = 0;
const totals = { map: 0, serialise: 0, sanitise: 0 };
for (let round = 0; round < ROUNDS + 3; round++) {
  let batches: RumRows[] = [];
  const map = time(() => (batches = mapAll()));
  const sanitise = time(() => batches.forEach((b) => sanitizeRows(b)));
  const ser = time(() => serialise(batches));
  if (round < 3) continue; // warm-up
  rows += batches.reduce((n, b) => n + countRows(b), 0);
  totals.map += map;
  totals.serialise += ser;
  totals.sanitise += sanitise;
}
const perRow = (ms: number) => ((ms * 1000) / rows).toFixed(2);
console.log(
  `${rows} rows: map ${perRow(totals.map)} µs/row, serialise ${perRow(totals.serialise)} µs/row, ` +
    `sanitise ${perRow(totals.sanitise)} µs/row = ${((100 * totals.sanitise) / (totals.map + totals.serialise)).toFixed(1)}% ` +
    `of map + serialise`,
);
