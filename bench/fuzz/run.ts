/**
 * Long fuzz run of the ingest path (issue #12): rounds of generated OTLP batches
 * (collector-processor/test/fuzz/) against an in-process processor on embedded ClickHouse. After
 * each batch a normal request from a second project must be stored and the WAL drain. A failure
 * is minimised by fast-check's shrinking (a fresh processor for every attempt after a poisoning),
 * recorded with its seed, and the run goes on with a fresh processor. Also recorded: rows the
 * writer set aside in `dead_letters` (accepted but not stored) and answers slower than --slow-ms.
 *
 *   npm run fuzz:ingest [-- --minutes 10 --max-cases 1000000 --batch 50 --seed 7 --sizes large]
 *
 * Writes the summary and findings to --out (default bench/results/fuzz-ingest.json); docs/fuzzing.md.
 */
import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../collector-processor/src/config/config';
import { startProcessor, type RunningProcessor } from '../../collector-processor/src/processor';
import { ADMIN_TOKEN, tempDataDir } from '../../collector-processor/test/helpers/processor';
import {
  answerProblem,
  describeCase,
  fuzzTarget,
  sendCase,
  storageProblem,
  type FuzzTarget,
} from '../../collector-processor/test/fuzz/ingest-harness';
import { ingestCase } from '../../collector-processor/test/fuzz/otlp-arbitraries';
import type { FuzzCase } from '../../collector-processor/test/fuzz/otlp-model';
import { LARGE, SMALL } from '../../collector-processor/test/fuzz/otlp-values';
import { numberArg, stringArg } from '../cli';

const MINUTES = numberArg('minutes', 10);
const MAX_CASES = numberArg('max-cases', 1_000_000);
const BATCH = numberArg('batch', 50);
const BATCHES_PER_ROUND = numberArg('round-batches', 20);
const SEED = numberArg('seed', Math.floor(Math.random() * 2 ** 31));
const SIZES = stringArg('sizes') === 'small' ? SMALL : LARGE;
const REQUEST_TIMEOUT_MS = numberArg('request-timeout-ms', 15_000);
const STORAGE_TIMEOUT_MS = numberArg('storage-timeout-ms', 8_000);
const SLOW_MS = numberArg('slow-ms', 2_000);
/** Time for minimising one finding; past it the smallest failing batch so far is kept. */
const SHRINK_BUDGET_MS = numberArg('shrink-seconds', 180) * 1000;
const OUT = path.resolve(stringArg('out') ?? path.join(__dirname, '../results/fuzz-ingest.json'));

interface Finding {
  kind: 'answer' | 'storage' | 'dead-letter' | 'slow';
  signature: string;
  seen: number;
  firstSeed: number;
  detail: string;
  /** Minimised cases (bodies base64, key placeholder FUZZ_KEY). */
  cases: object[];
  shrinkAttempts?: number;
}

/** Warn/error log lines with an error: how the writer says why ClickHouse refused a batch. */
const logErrors: string[] = [];
const log = pino(
  { level: 'warn' },
  {
    write(line: string) {
      const entry = JSON.parse(line) as { err?: { message?: string }; msg?: string };
      if (entry.err?.message) logErrors.push(`${entry.msg}: ${entry.err.message}`);
    },
  },
);

let dataDir = '';

async function startFresh(): Promise<FuzzTarget> {
  dataDir = tempDataDir('pt-fuzz-');
  const config = loadConfig({
    PULSETRACE_PORT: '0',
    PULSETRACE_HOST: '127.0.0.1',
    PULSETRACE_DATA_DIR: dataDir,
    PULSETRACE_ADMIN_TOKEN: ADMIN_TOKEN,
    PULSETRACE_BATCH_MAX_WAIT_MS: '100',
    PULSETRACE_SHUTDOWN_TIMEOUT_MS: '500',
  });
  return fuzzTarget(await startProcessor(config, log));
}

async function stopAndRemove(p: RunningProcessor): Promise<void> {
  await p.stop();
  fs.rmSync(dataDir, { recursive: true, force: true });
}

/** Digits, ids and quoted values out, so one cause gives one signature. */
function signatureOf(text: string): string {
  // A ClickHouse error names its cause before the row and the input format.
  return (text.split(/ \(at row |: While executing /)[0] ?? text)
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '…')
    .replace(/[0-9a-f]{8,}|\d+/gi, 'N')
    .slice(0, 160);
}

class BatchFailure extends Error {
  constructor(
    readonly kind: 'answer' | 'storage',
    message: string,
    readonly cases: FuzzCase[],
  ) {
    super(message);
  }
}

const findings = new Map<string, Finding>();
let target: FuzzTarget;
let dirty = false;
let casesRun = 0;
let deadLettersSeen = 0;
const started = Date.now();
const deadline = started + MINUTES * 60_000;

async function deadLetters(): Promise<{ table_name: string; error: string; raw_row: string }[]> {
  const client = target.processor.store.client;
  const exists = await client.query({ query: 'EXISTS TABLE dead_letters', format: 'JSONEachRow' });
  if (Number((await exists.json<{ result: number }>())[0]?.result) !== 1) return [];
  const rows = await client.query({
    query: `SELECT table_name, error, substring(raw_row, 1, 2000) AS raw_row FROM dead_letters
            ORDER BY failed_at, wal_batch, raw_row LIMIT 1000 OFFSET {o:UInt64}`,
    query_params: { o: deadLettersSeen },
    format: 'JSONEachRow',
  });
  const list = await rows.json<{ table_name: string; error: string; raw_row: string }>();
  deadLettersSeen += list.length;
  return list;
}

function record(
  kind: Finding['kind'],
  detail: string,
  seed: number,
  cases: object[],
  extra: Partial<Finding> = {},
) {
  const signature = `${kind}: ${signatureOf(detail)}`;
  const known = findings.get(signature);
  if (known) known.seen++;
  else {
    findings.set(signature, {
      kind,
      signature,
      seen: 1,
      firstSeed: seed,
      detail: detail.slice(0, 2000),
      cases,
      ...extra,
    });
    console.log(`  finding: ${signature}`);
  }
  return !known;
}

/** One batch against the current processor; restarts it first when a failure left it stuck. */
async function runBatch(cases: FuzzCase[], seed: number): Promise<void> {
  if (dirty) {
    await stopAndRemove(target.processor);
    target = await startFresh();
    dirty = false;
  }
  logErrors.length = 0;
  for (const [i, c] of cases.entries()) {
    const answer = await sendCase(target, c, REQUEST_TIMEOUT_MS);
    casesRun++;
    const problem = answerProblem(answer);
    if (problem) {
      dirty = true;
      throw new BatchFailure('answer', `case ${i}: ${problem}`, [c]);
    }
    if (answer.ms > SLOW_MS)
      record('slow', `answer took ${Math.round(answer.ms)} ms`, seed, [describeCase(c)]);
  }
  // The writer retries a refused insert after 0.1–0.2, 0.2–0.4, 0.4–0.8 s: a third refusal since
  // the batch began, with the sentinel still missing, means it is stuck (no need for the timeout).
  const insertFailures = () => logErrors.filter((e) => e.includes('insert failed'));
  const stuck = await storageProblem(target, STORAGE_TIMEOUT_MS, () => insertFailures()[2]);
  if (stuck) {
    dirty = true;
    throw new BatchFailure('storage', insertFailures()[0] ?? stuck, cases);
  }
  for (const row of await deadLetters())
    record('dead-letter', `${row.table_name}: ${row.error}`, seed, [{ raw_row: row.raw_row }]);
}

async function round(seed: number): Promise<void> {
  let shrinkStarted = 0;
  let attempts = 0;
  let firstFailure: BatchFailure | undefined;
  const batchArb = fc.array(ingestCase(SIZES), { minLength: 1, maxLength: BATCH });
  const result = await fc.check(
    fc.asyncProperty(batchArb, async (cases) => {
      if (!firstFailure && Date.now() > deadline) return;
      if (firstFailure) {
        // Shrinking: a known signature or a spent budget ends it (every later candidate "passes").
        attempts++;
        if (Date.now() - shrinkStarted > SHRINK_BUDGET_MS || Date.now() > deadline) return;
      }
      try {
        await runBatch(cases, seed);
      } catch (err) {
        if (!(err instanceof BatchFailure)) {
          // The harness itself failed (not a finding): say so instead of shrinking on it.
          console.error('  harness error:', err);
          throw err;
        }
        if (firstFailure) throw err;
        firstFailure = err;
        shrinkStarted = Date.now();
        // Already minimised once: no need to shrink again.
        if (findings.has(`${err.kind}: ${signatureOf(err.message)}`)) shrinkStarted = 0;
        throw err;
      }
    }),
    { seed, numRuns: BATCHES_PER_ROUND, maxSkipsPerRun: 0 },
  );
  if (!result.failed) return;
  const err = result.errorInstance;
  if (!(err instanceof BatchFailure) || !firstFailure) throw err;
  record(
    firstFailure.kind,
    err.message,
    seed,
    err.cases.map((c) => describeCase(c)),
    { shrinkAttempts: attempts },
  );
}

function write(): void {
  const summary = {
    seed: SEED,
    sizes: SIZES === SMALL ? 'small' : 'large',
    minutes: Number(((Date.now() - started) / 60_000).toFixed(1)),
    casesRun,
    findings: [...findings.values()],
  };
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `${JSON.stringify(summary, null, 2)}\n`);
}

async function main(): Promise<void> {
  console.log(
    `ingest fuzz: seed ${SEED}, ${MINUTES} min or ${MAX_CASES} cases, batches of ≤${BATCH}, out ${OUT}`,
  );
  target = await startFresh();
  for (let r = 0; Date.now() < deadline && casesRun < MAX_CASES; r++) {
    await round(SEED + r);
    write();
    const minutes = (Date.now() - started) / 60_000;
    console.log(
      `round ${r + 1} (seed ${SEED + r}): ${casesRun} cases, ${Math.round(casesRun / minutes / 60)}/s, ` +
        `${findings.size} findings, ${minutes.toFixed(1)} min`,
    );
  }
  await stopAndRemove(target.processor);
  write();
  console.log(`done: ${casesRun} cases, ${findings.size} findings → ${OUT}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
