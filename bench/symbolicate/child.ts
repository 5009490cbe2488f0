/**
 * One measurement, in its own process so memory deltas are clean (run.ts starts it with
 * --expose-gc): a library's cold parse, first lookup, memory after parse and warm lookups/s, or
 * the symbolicate stage's warm frames/s.
 *
 *   node --expose-gc --import tsx bench/symbolicate/child.ts <trace-mapping|source-map|stage> <dir>
 *
 * <dir> holds bundle.js.map and positions.bin (Int32 pairs: 1-based line, 0-based column) from
 * run.ts. Prints one JSON object.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import * as tm from '@jridgewell/trace-mapping';
import { SourceMapConsumer } from 'source-map';
import pino from 'pino';
import { createSymbolicator } from '../../collector-processor/src/symbolicate';
import { FsArtifactStore } from '../../collector-processor/src/symbolicate/artifact-store';
import { commonRow } from '../../collector-processor/test/helpers/rows';
import type { ErrorRow, RumRows } from '../../collector-processor/src/store/rows';
import type { StageContext } from '../../collector-processor/src/pipeline/stages';
import { emptyRumRows } from '../../collector-processor/src/store/rows';
import { createHash } from 'node:crypto';

const [mode, dir] = process.argv.slice(2);
const PARSES = Number(process.env.BENCH_PARSES ?? 7);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

const raw = fs.readFileSync(path.join(dir, 'bundle.js.map'), 'utf8');
const ints = new Int32Array(fs.readFileSync(path.join(dir, 'positions.bin')).buffer.slice(0));
const count = ints.length / 2;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Wall and CPU milliseconds of `fn`. The machine is shared: CPU time (this process, all its
 * threads, GC included) is what the work costs; wall time also counts being descheduled.
 */
async function timed(fn: () => unknown): Promise<{ wall: number; cpu: number }> {
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  const used = process.cpuUsage(c);
  return { wall: performance.now() - t, cpu: (used.user + used.system) / 1000 };
}

/** Median throughput over passes, per wall second and per CPU second. */
function rates(items: number, passes: { wall: number; cpu: number }[]) {
  return {
    perWallSecond: Math.round(items / (median(passes.map((p) => p.wall)) / 1000)),
    perCpuSecond: Math.round(items / (median(passes.map((p) => p.cpu)) / 1000)),
  };
}
const PASSES = 5;
const round = (x: number, d = 1) => Math.round(x * 10 ** d) / 10 ** d;

let stripped: string | undefined;
const withoutContent = () => (stripped ??= JSON.stringify({ ...JSON.parse(raw), sourcesContent: undefined }));

interface Lib {
  parse(): Promise<unknown>;
  lookup(m: unknown, line: number, column: number): string | null;
  destroy(m: unknown): void;
}

const LIBS: Record<string, Lib> = {
  'trace-mapping': {
    parse: async () => new tm.TraceMap(raw),
    lookup: (m, line, column) => tm.originalPositionFor(m as tm.TraceMap, { line, column }).source,
    destroy: () => undefined,
  },
  // What the stage calls (symbolicate/lookup.ts): the raw segment, 0-based line and column.
  'trace-mapping traceSegment': {
    parse: async () => new tm.TraceMap(raw),
    lookup: (m, line, column) => (tm.traceSegment(m as tm.TraceMap, line - 1, column) ? '' : null),
    destroy: () => undefined,
  },
  // For cache sizing: the parsed/raw ratio when maps carry no sourcesContent.
  'trace-mapping, no sourcesContent': {
    parse: async () => new tm.TraceMap(withoutContent()),
    lookup: (m, line, column) => tm.originalPositionFor(m as tm.TraceMap, { line, column }).source,
    destroy: () => undefined,
  },
  'source-map': {
    parse: async () => new SourceMapConsumer(raw),
    lookup: (m, line, column) => (m as SourceMapConsumer).originalPositionFor({ line, column }).source,
    // The consumer's WASM memory is only freed by destroy().
    destroy: (m) => (m as SourceMapConsumer).destroy(),
  },
};

function memory() {
  gc!();
  const m = process.memoryUsage();
  return { heap: m.heapUsed, external: m.external + m.arrayBuffers, rss: m.rss };
}

async function benchLibrary(lib: Lib) {
  // Memory first, in a process that has parsed nothing yet: source-map's WASM memory never
  // shrinks and V8's heap stays grown, so a measurement after the cold parses would under-count.
  if (lib === LIBS['trace-mapping, no sourcesContent']) withoutContent();
  const before = memory();
  const kept = await lib.parse();
  lib.lookup(kept, ints[0], ints[1]);
  const after = memory();
  let found = 0;
  const pass = () =>
    timed(() => {
      found = 0;
      for (let i = 0; i < count; i++) if (lib.lookup(kept, ints[2 * i], ints[2 * i + 1]) !== null) found++;
    });
  await pass(); // warm-up: JIT, caches
  const passes = [];
  for (let i = 0; i < PASSES; i++) passes.push(await pass());
  lib.destroy(kept);
  const parseMs: number[] = [];
  const firstMs: number[] = [];
  // The first lookup is where both libraries decode the mappings (lazily): part of a cold start.
  for (let i = 0; i < PARSES; i++) {
    gc!();
    const t0 = performance.now();
    const m = await lib.parse();
    const t1 = performance.now();
    lib.lookup(m, ints[0], ints[1]);
    firstMs.push(performance.now() - t1);
    parseMs.push(t1 - t0);
    lib.destroy(m);
  }
  const mb = (b: number) => round(b / 2 ** 20);
  return {
    rawMapMB: round(
      Buffer.byteLength(lib === LIBS['trace-mapping, no sourcesContent'] ? withoutContent() : raw) / 2 ** 20,
      2,
    ),
    coldParseMs: round(median(parseMs)),
    firstLookupMs: round(median(firstMs)),
    coldTotalMs: round(median(parseMs.map((p, i) => p + firstMs[i]))),
    memoryAfterParseMB: {
      heap: mb(after.heap - before.heap),
      external: mb(after.external - before.external),
      rss: mb(after.rss - before.rss),
    },
    warmLookups: count,
    warmFrames: rates(count, passes),
    /** Share of the sampled positions that resolved to a source: both libraries must agree. */
    resolvedShare: round(found / count, 4),
  };
}

/** Warm frames/s through the real stage: rows of 20 frames, maps from the store and cache. */
async function benchStage() {
  const dataDir = fs.mkdtempSync(path.join(dir, 'data-'));
  const store = new FsArtifactStore(dataDir);
  const symbolicator = createSymbolicator({
    dataDir,
    cacheBytes: 256 * 2 ** 20,
    log: pino({ level: 'silent' }),
    store,
  });
  const staging = await store.stagingDir();
  fs.writeFileSync(path.join(staging, 'm.map'), raw);
  const sha256 = createHash('sha256').update(raw).digest('hex');
  const entry = {
    name: '~/assets/bundle.js.map',
    kind: 'sourcemap' as const,
    debugId: null,
    bytes: Buffer.byteLength(raw),
    sha256,
    uploadedAt: '',
  };
  await store.put('pbench', 'bench', [{ entry, path: path.join(staging, 'm.map') }]);
  const url = 'https://bench.example/assets/bundle.js';
  const FRAMES = 20;
  const ROWS = 50;
  const rows = (offset: number): RumRows => {
    const errors: ErrorRow[] = [];
    for (let r = 0; r < ROWS; r++) {
      const at = (k: number) => (offset + r * FRAMES + k) % count;
      const lines = Array.from({ length: FRAMES }, (_, k) => ints[2 * at(k)]);
      const cols = Array.from({ length: FRAMES }, (_, k) => ints[2 * at(k) + 1] + 1);
      errors.push({
        ...commonRow({ release: 'bench' }),
        exception_type: 'Error',
        exception_message: 'bench',
        stacktrace: '',
        'frames.filename': lines.map(() => url),
        'frames.function': lines.map(() => 'a'),
        'frames.lineno': lines,
        'frames.colno': cols,
        'frames.in_app': lines.map(() => 1),
        'frames.abs_path': lines.map(() => url),
        'frames.raw_lineno': lines,
        'frames.raw_colno': cols,
        'frames.raw_function': lines.map(() => 'a'),
        'frames.context': lines.map(() => ''),
        'frames.symbolicated': lines.map(() => 0),
        symbolication: 'missing',
        handled: 0,
        mechanism: '',
        fingerprint: '',
        fingerprint_version: 0,
        grouping: '',
        causes: '[]',
        breadcrumbs: '[]',
      });
    }
    return { ...emptyRumRows(), errors };
  };
  const ctx = { project: { id: 'pbench' }, receivedAtMs: Date.now(), client: {} } as unknown as StageContext;
  const before = memory();
  const t0 = performance.now();
  const first = await symbolicator.stage(rows(0), ctx);
  const coldMs = performance.now() - t0;
  const after = memory();
  if (first.errors[0].symbolication !== 'mapped')
    throw new Error(`stage did not map: ${first.errors[0].symbolication}`);
  const batches = Math.ceil(200_000 / (ROWS * FRAMES));
  /** `distinct`: every frame a new position (worst case); `repeated`: 100 stacks over and over. */
  const scenario = async (offsetOf: (b: number) => number) => {
    const pass = async () => {
      const input = Array.from({ length: batches }, (_, b) => rows(offsetOf(b)));
      return timed(async () => {
        for (const batch of input) await symbolicator.stage(batch, ctx);
      });
    };
    await pass();
    const passes = [];
    for (let i = 0; i < PASSES; i++) passes.push(await pass());
    return rates(batches * ROWS * FRAMES, passes);
  };
  const distinct = await scenario((b) => b * ROWS * FRAMES);
  const repeated = await scenario((b) => (b % 2) * ROWS * FRAMES);
  await symbolicator.close();
  return {
    framesPerRow: FRAMES,
    rowsPerCall: ROWS,
    coldFirstCallMs: round(coldMs),
    cacheHeldMB: {
      heap: round((after.heap - before.heap) / 2 ** 20),
      external: round((after.external - before.external) / 2 ** 20),
    },
    warmFramesPerPass: batches * ROWS * FRAMES,
    warmDistinctPositions: distinct,
    warmRepeatedErrors: repeated,
  };
}

(async () => {
  const result = mode === 'stage' ? await benchStage() : await benchLibrary(LIBS[mode]);
  process.stdout.write(JSON.stringify(result));
})().catch((err) => {
  console.error(err);
  process.exit(1);
});
