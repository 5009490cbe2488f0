/**
 * Bounded fuzz run of the ingest path against the real processor (embedded ClickHouse): batches
 * of generated OTLP requests (JSON and protobuf, gzip, byte mutations; ./otlp-arbitraries), then
 * a normal request from a second project must be stored and the WAL must drain. The long run is
 * `npm run fuzz:ingest` (bench/fuzz/run.ts), which also minimises what it finds; docs/fuzzing.md.
 *
 * The seed is random per run and printed on failure; PULSETRACE_FUZZ_SEED replays it, and
 * PULSETRACE_FUZZ_BATCHES / PULSETRACE_FUZZ_CASES change the size of the run.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { RunningProcessor } from '../../src/processor';
import { startTestProcessor } from '../helpers/processor';
import {
  answerProblem,
  describeCase,
  fuzzTarget,
  sendCase,
  storageProblem,
  type FuzzTarget,
} from './ingest-harness';
import { ingestCase } from './otlp-arbitraries';
import type { FuzzCase } from './otlp-model';
import { SMALL } from './otlp-values';

const SEED = Number(process.env.PULSETRACE_FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const BATCHES = Number(process.env.PULSETRACE_FUZZ_BATCHES ?? 6);
const CASES_PER_BATCH = Number(process.env.PULSETRACE_FUZZ_CASES ?? 40);
/** A browser batch is answered in milliseconds; seconds without an answer is a stalled process. */
const REQUEST_TIMEOUT_MS = 10_000;
const STORAGE_TIMEOUT_MS = 20_000;

jest.setTimeout(240_000);

let processor: RunningProcessor;
let target: FuzzTarget;

beforeAll(async () => {
  processor = await startTestProcessor({ PULSETRACE_SHUTDOWN_TIMEOUT_MS: '1000' });
  target = await fuzzTarget(processor);
});
afterAll(() => processor?.stop());

class FuzzFailure extends Error {
  constructor(
    message: string,
    readonly cases: FuzzCase[],
  ) {
    super(message);
  }
}

test(`${BATCHES} batches of ${CASES_PER_BATCH} fuzzed OTLP requests: no 5xx or hang, storage keeps progressing`, async () => {
  let sent = 0;
  const result = await fc.check(
    fc.asyncProperty(
      fc.array(ingestCase(SMALL), { minLength: CASES_PER_BATCH, maxLength: CASES_PER_BATCH }),
      async (cases) => {
        for (const [i, c] of cases.entries()) {
          const problem = answerProblem(await sendCase(target, c, REQUEST_TIMEOUT_MS));
          sent++;
          if (problem) throw new FuzzFailure(`case ${i} of the batch: ${problem}`, [c]);
        }
        const stuck = await storageProblem(target, STORAGE_TIMEOUT_MS);
        if (stuck) throw new FuzzFailure(`after a batch of ${cases.length} cases: ${stuck}`, cases);
      },
    ),
    // One processor for the whole run: after a poisoning it stays stuck, so shrinking here
    // would only shrink towards the smallest batch. The long run restarts and minimises.
    { seed: SEED, numRuns: BATCHES, endOnFailure: true },
  );
  if (!result.failed) {
    expect(sent).toBe(BATCHES * CASES_PER_BATCH);
    return;
  }
  const err = result.errorInstance;
  const cases = err instanceof FuzzFailure ? err.cases : [];
  const file = path.join(os.tmpdir(), `pulsetrace-ingest-fuzz-${SEED}.json`);
  fs.writeFileSync(
    file,
    JSON.stringify({ seed: SEED, path: result.counterexamplePath, cases: cases.map((c) => describeCase(c)) }),
  );
  throw new Error(
    `ingest fuzz failed after ${sent} requests (seed ${SEED}): ${err instanceof Error ? err.message : String(err)}\n` +
      `Replay: PULSETRACE_FUZZ_SEED=${SEED} npx jest collector-processor/test/fuzz/ingest-fuzz.test.ts\n` +
      `Cases written to ${file}; to minimise, run the long run (npm run fuzz:ingest, docs/fuzzing.md)`,
  );
});
