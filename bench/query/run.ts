/**
 * Query API benchmark (issue #5): seeds 10M events over 7 days into embedded ClickHouse through
 * the processor's own store and migrations (once; the data dir is reused), starts the processor on
 * it, and times every registered query type through POST /api/v1/query as Grafana calls it.
 * Then, with the processor stopped, runs each case's handler in process to split ClickHouse time
 * from HTTP time and explain what each statement reads.
 *
 *   npm run bench:query [-- --events 10000000 --runs 30 --warmup 3 --reseed --only issues,live]
 *
 * Writes bench/results/query.json; docs/benchmarks.md quotes it.
 */
// First: chDB's allocator options, before the explain phase loads chDB in this process.
import '../../collector-processor/src/store/embedded-allocator';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { HANDLERS } from '../../collector-processor/src/query/registry';
import type { DataFrameJSON } from '../../collector-processor/src/query/types';
import { ADMIN_TOKEN, freePort, spawnProcessor } from '../../collector-processor/test/helpers/processor';
import { hasFlag, numberArg, stringArg } from '../cli';
import { machineInfo } from '../machine';
import { explainCases } from './explain';
import { GENERATOR_VERSION } from './generate';
import { CASES, type BenchCase, type BenchContext } from './queries';
import { printReport, summarise, TARGET_MS, type CaseResult } from './report';
import { MARKER, type SeedMarker } from './seed';

const EVENTS = numberArg('events', 10_000_000);
const RUNS = numberArg('runs', 30);
const WARMUP = numberArg('warmup', 3);
/** Comma-separated query types to run (all when absent); results then go to the temp dir, not bench/results. */
const ONLY = stringArg('only')?.split(',');
const ROOT = path.resolve(__dirname, '../..');
/** Under the OS temp dir, one per event count, so a small trial run does not discard the 10M one. */
const DATA_DIR = path.join(os.tmpdir(), `pulsetrace-bench-query-${EVENTS}`);
const log = (line: string) => process.stderr.write(`${line}\n`);

function readMarker(): SeedMarker | undefined {
  try {
    const marker = JSON.parse(fs.readFileSync(path.join(DATA_DIR, MARKER), 'utf8')) as SeedMarker;
    return marker.generatorVersion === GENERATOR_VERSION && marker.events === EVENTS ? marker : undefined;
  } catch {
    return undefined;
  }
}

/** Seeds in a child process, so its chDB engine has let go of the data dir before the processor opens it. */
async function seed(): Promise<SeedMarker> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/query/seed.ts', '--dir', DATA_DIR, '--events', String(EVENTS)],
    { cwd: ROOT, stdio: 'inherit' },
  );
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const marker = readMarker();
  if (code !== 0 || !marker) throw new Error(`seeding failed (exit ${code})`);
  return marker;
}

/** The processor's RSS every 100 ms: the peak overall, and the peak since the last `casePeak()`. */
function rssSampler(pid: number) {
  const read = () =>
    Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;
  let peak = 0;
  let sinceCase = 0;
  const timer = setInterval(() => {
    try {
      const now = read();
      peak = Math.max(peak, now);
      sinceCase = Math.max(sinceCase, now);
    } catch {
      /* process gone */
    }
  }, 100);
  return {
    now: () => Math.round(read()),
    casePeak: () => {
      const value = Math.round(Math.max(sinceCase, read()));
      sinceCase = 0;
      return value;
    },
    peak: () => (clearInterval(timer), Math.round(peak)),
  };
}
type Sampler = ReturnType<typeof rssSampler>;

async function post(
  url: string,
  c: BenchCase,
  body: string,
): Promise<{ ms: number; frames: DataFrameJSON[] }> {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
    body,
  });
  const answer = (await res.json()) as {
    results?: Record<string, { status: number; frames: DataFrameJSON[] }>;
  };
  const ms = performance.now() - t0;
  const result = answer.results?.A;
  if (res.status !== 200 || result?.status !== 200)
    throw new Error(
      `${c.type} "${c.name}" failed (HTTP ${res.status}): ${JSON.stringify(answer).slice(0, 2000)}`,
    );
  return { ms, frames: result.frames };
}

function frameShape(frames: DataFrameJSON[]) {
  const sources = new Set(frames.map((f) => f.schema.meta?.custom?.source).filter((s) => s !== undefined));
  return {
    frames: frames.length,
    rows: frames.reduce((n, f) => n + (f.data.values[0]?.length ?? 0), 0),
    source: [...sources].map(String).join(', ') || '?',
  };
}

async function timeCases(
  url: string,
  cases: BenchCase[],
  ctx: BenchContext,
  rss: Sampler,
): Promise<CaseResult[]> {
  const results: CaseResult[] = [];
  for (const [i, c] of cases.entries()) {
    rss.casePeak();
    const body = JSON.stringify(c.body(ctx));
    let last: DataFrameJSON[] = [];
    for (let w = 0; w < WARMUP; w++) last = (await post(url, c, body)).frames;
    const samples: number[] = [];
    for (let r = 0; r < RUNS; r++) samples.push((await post(url, c, body)).ms);
    const result = { ...summarise(c, samples, frameShape(last)), rssPeakMB: rss.casePeak() };
    results.push(result);
    log(
      `[${i + 1}/${cases.length}] ${c.type} "${c.name}": p50 ${result.p50} ms, p95 ${result.p95} ms, ` +
        `${result.rows} rows from ${result.source}${result.met ? '' : '  MISS'}`,
    );
  }
  return results;
}

async function main() {
  let marker = hasFlag('reseed') ? undefined : readMarker();
  if (marker) log(`reusing ${DATA_DIR} (seeded ${marker.events.toLocaleString()} events; --reseed to redo)`);
  else marker = await seed();
  const { shape, samples } = marker;
  const ctx: BenchContext = {
    project: shape.projects.main,
    smallProject: shape.projects.small,
    anchorMs: shape.anchorMs,
    ...samples,
  };
  const registered = new Map(HANDLERS.map((h) => [h.type, h]));
  const cases = CASES.filter((c) => registered.has(c.type) && (!ONLY || ONLY.includes(c.type)));
  const notRegistered = [...new Set(CASES.filter((c) => !registered.has(c.type)).map((c) => c.type))];
  const uncovered = [...registered.keys()].filter((t) => !CASES.some((c) => c.type === t));

  const proc = await spawnProcessor(DATA_DIR, await freePort(), { PULSETRACE_LOG_LEVEL: 'warn' });
  let results: CaseResult[];
  let rss: { idleMB: number; peakMB: number };
  let loadAverage: { before: number; after: number };
  try {
    await new Promise((r) => setTimeout(r, 2000));
    const sampler = rssSampler(proc.child.pid!);
    const idleMB = sampler.now();
    log(
      `processor ready (RSS ${idleMB} MB); ${cases.length} cases × (${WARMUP} warm-up + ${RUNS} timed runs)`,
    );
    const load = os.loadavg()[0]!;
    results = await timeCases(proc.url, cases, ctx, sampler);
    rss = { idleMB, peakMB: sampler.peak() };
    // The machine is shared: the load around the timed runs says how far to trust them.
    loadAverage = { before: load, after: os.loadavg()[0]! };
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
  }

  log('explaining each case in process (processor stopped)…');
  const explained = await explainCases(
    DATA_DIR,
    cases.map((c) => ({ key: `${c.type}/${c.name}`, handler: registered.get(c.type)!, body: c.body(ctx) })),
  );
  for (const r of results) {
    const e = explained.get(`${r.type}/${r.name}`);
    // The statements' SQL is kept for the misses only: it is what the report's reader needs, and the rest is bulk.
    r.explained = e && {
      directMs: Math.round(e.directMs * 10) / 10,
      statements: r.met ? e.statements.map(({ sql: _sql, ...rest }) => ({ ...rest, sql: '' })) : e.statements,
    };
  }

  printReport(results, notRegistered, uncovered);
  log(`processor RSS: ${rss.idleMB} MB idle, ${rss.peakMB} MB peak during the timed runs`);
  const report = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    method: `POST /api/v1/query, one query per request, sequential; ${WARMUP} warm-up + ${RUNS} timed runs per case`,
    targetsMs: TARGET_MS,
    dataset: {
      events: marker.events,
      rowsStored: marker.tables.filter((t) => SIGNAL.has(t.table)).reduce((n, t) => n + t.rows, 0),
      sessions: shape.sessions,
      windowDays: 7,
      seedSeconds: Math.round(marker.seedSeconds),
      mergeWaitSeconds: Math.round(marker.mergeWaitSeconds),
      dataDirMB: Math.round(marker.dataDirBytes / 2 ** 20),
      tables: marker.tables,
    },
    processorRssMB: rss,
    loadAverage1m: loadAverage,
    notRegistered,
    uncovered,
    results,
  };
  // A partial run (--only) must not replace the full results.
  const out = ONLY
    ? path.join(os.tmpdir(), 'pulsetrace-bench-query.only.json')
    : path.join(ROOT, 'bench/results/query.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  log(`wrote ${out}`);
}

const SIGNAL = new Set([
  'page_views',
  'web_vitals',
  'errors',
  'custom_events',
  'http_requests',
  'long_tasks',
  'resources',
]);

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
