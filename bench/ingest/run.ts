/**
 * Ingest benchmark: sustained events/s into embedded ClickHouse through pulsetrace-processor (the
 * compiled build, as production runs it) for realistic browser batches, JSON and gzip protobuf,
 * and the same load through the real otelcol-pulsetrace into a sink (debug exporter) as the peer.
 * The load comes from wrk (C, one thread) so the generator takes little of the 2 cores.
 *
 *   npm run bench:ingest [-- --seconds 60 --connections 64]
 *   npm run bench:ingest -- --memory [--seconds 20 --concurrency 128]   (memory.ts instead)
 *
 * Writes bench/results/ingest.json; docs/benchmarks.md quotes it.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  encodeTraces,
  TracePayloads,
  type Encoding,
} from '../../collector-processor/test/helpers/otlp-payloads';
import {
  createProject,
  freePort,
  spawnProcessor,
  tempDataDir,
} from '../../collector-processor/test/helpers/processor';
import { startOtelcol } from '../../collector-processor/test/helpers/otelcol';
import { hasFlag, numberArg } from '../cli';
import { machineInfo } from '../machine';
import { benchMemory } from './memory';

const SECONDS = numberArg('seconds', 60);
const CONNECTIONS = numberArg('connections', 64);
const SPANS_PER_REQUEST = 50;
const ROOT = path.resolve(__dirname, '../..');

/** Writes `count` distinct realistic browser exports and a wrk script that rotates through them. */
function writeLoad(
  dir: string,
  encoding: Encoding,
  gzip: boolean,
  key: string | undefined,
  count = 100,
): string {
  const payloads = new TracePayloads({
    'service.name': 'shop-web',
    'service.version': '2.14.0',
    'deployment.environment.name': 'production',
    'browser.language': 'en-US',
  });
  let headers: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    const page = payloads.pageLoad(`https://shop.example/products/${i}?utm_source=news`);
    const calls = payloads.fetchSpans(SPANS_PER_REQUEST - page.spans.length);
    const encoded = encodeTraces([...page.spans, ...calls.spans], encoding, gzip);
    headers = encoded.headers;
    fs.writeFileSync(path.join(dir, `body-${i}.bin`), encoded.body);
  }
  if (key) headers['x-pulsetrace-key'] = key;
  const script = path.join(dir, 'load.lua');
  fs.writeFileSync(
    script,
    `wrk.method = "POST"
${Object.entries(headers)
  .map(([k, v]) => `wrk.headers["${k}"] = "${v}"`)
  .join('\n')}
local bodies = {}
for i = 0, ${count - 1} do
  local f = io.open("${dir}/body-" .. i .. ".bin", "rb"); bodies[#bodies + 1] = f:read("*all"); f:close()
end
local n = 0
request = function()
  n = n % #bodies + 1
  return wrk.format(nil, nil, nil, bodies[n])
end
`,
  );
  return script;
}

function rssSampler(pid: number) {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const kb = Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
      peak = Math.max(peak, kb * 1024);
    } catch {
      /* process gone */
    }
  }, 100);
  return () => (clearInterval(timer), Math.round(peak / 2 ** 20));
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;

/** CPU seconds per thread group of a process: the JS main thread, libuv's pool, chDB's pools. */
function threadCpu(pid: number): Map<string, number> {
  const cpu = new Map<string, number>();
  for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const group = tid === String(pid) ? 'js main' : comm === 'node' ? 'libuv pool (inserts, fsync)' : comm;
      cpu.set(group, (cpu.get(group) ?? 0) + (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS);
    } catch {
      /* thread exited */
    }
  }
  return cpu;
}

/** Runs wrk; returns 2xx requests and non-2xx counts parsed from its summary. */
function wrk(url: string, script: string): Promise<{ requests: number; non2xx: number; seconds: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t1', `-c${CONNECTIONS}`, `-d${SECONDS}s`, '--latency', '-s', script, url]);
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => {
      // "12747 requests in 20.02s" or "34715 requests in 1.00m"
      const summary = /(\d+) requests in ([\d.]+)(ms|s|m)/.exec(out);
      const total = Number(summary?.[1]);
      const seconds = Number(summary?.[2]) * ({ ms: 0.001, s: 1, m: 60 }[summary?.[3] ?? 's'] ?? 1);
      const non2xx = Number(/Non-2xx or 3xx responses: (\d+)/.exec(out)?.[1] ?? 0);
      if (code !== 0 || !Number.isFinite(total)) return reject(new Error(`wrk failed:\n${out}`));
      resolve({ requests: total - non2xx, non2xx, seconds });
    });
  });
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) if (line.startsWith(name)) total += Number(line.split(' ').pop());
  return total;
}

async function benchProcessor(encoding: Encoding, gzip: boolean) {
  const proc = await spawnProcessor(
    tempDataDir('pt-bench-'),
    await freePort(),
    { PULSETRACE_LOG_LEVEL: 'warn' },
    { built: true },
  );
  try {
    const { ingestKey } = await createProject(proc.url, { name: 'bench', rateLimitPerSecond: 1_000_000 });
    const script = writeLoad(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-load-')), encoding, gzip, ingestKey);
    const peakRss = rssSampler(proc.child.pid!);
    const cpuBefore = threadCpu(proc.child.pid!);
    const started = Date.now();
    const sent = await wrk(`${proc.url}/v1/traces`, script);
    const ackedSeconds = (Date.now() - started) / 1000;
    while ((await metric(proc.url, 'pulsetrace_queue_depth_rows')) > 0)
      await new Promise((r) => setTimeout(r, 100));
    const storedSeconds = (Date.now() - started) / 1000;
    const cpuCores: Record<string, number> = {};
    for (const [group, seconds] of threadCpu(proc.child.pid!)) {
      const cores = (seconds - (cpuBefore.get(group) ?? 0)) / storedSeconds;
      if (cores >= 0.01) cpuCores[group] = Math.round(cores * 100) / 100;
    }
    const rows = await metric(proc.url, 'pulsetrace_ingest_rows_accepted_total');
    return {
      target: `processor → embedded ClickHouse (${encoding}${gzip ? ', gzip' : ''})`,
      requestsAcked: sent.requests,
      non2xx: sent.non2xx,
      spansPerSecondAcked: Math.round((sent.requests * SPANS_PER_REQUEST) / ackedSeconds),
      rowsStored: rows,
      drainSeconds: Math.round((storedSeconds - ackedSeconds) * 10) / 10,
      eventsPerSecondStored: Math.round(rows / storedSeconds),
      peakRssMB: peakRss(),
      cpuCores,
    };
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
  }
}

async function benchOtelcolSink(encoding: Encoding, gzip: boolean) {
  const collector = await startOtelcol({ sink: true, port: await freePort() });
  try {
    const script = writeLoad(fs.mkdtempSync(path.join(os.tmpdir(), 'pt-load-')), encoding, gzip, undefined);
    const peakRss = rssSampler(collector.pid);
    const started = Date.now();
    const sent = await wrk(`${collector.url}/v1/traces`, script);
    return {
      target: `otelcol-pulsetrace → debug sink (${encoding}${gzip ? ', gzip' : ''})`,
      requestsAcked: sent.requests,
      non2xx: sent.non2xx,
      spansPerSecondAcked: Math.round((sent.requests * SPANS_PER_REQUEST) / ((Date.now() - started) / 1000)),
      peakRssMB: peakRss(),
    };
  } finally {
    await collector.stop();
  }
}

async function main() {
  // The memory run (memory.ts) posts its own load and needs no wrk.
  try {
    if (!hasFlag('memory')) execFileSync('wrk', ['--version'], { stdio: 'ignore' });
  } catch (err) {
    // wrk --version exits 1 but runs; only a missing binary is fatal.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('wrk is not installed: apt-get install -y wrk', { cause: err });
  }
  process.stderr.write('building collector-processor (the benchmark runs the compiled service)…\n');
  execFileSync('npm', ['run', 'build', '-w', 'collector-processor'], { cwd: ROOT, stdio: 'ignore' });
  if (hasFlag('memory')) return benchMemory();
  const results: Record<string, unknown>[] = [];
  for (const [encoding, gzip] of [
    ['json', false],
    ['protobuf', true],
  ] as [Encoding, boolean][]) {
    const label = `${encoding}${gzip ? '+gzip' : ''}`;
    process.stderr.write(
      `[${results.length + 1}/4] processor ${label}: ${SECONDS}s, ${CONNECTIONS} connections…\n`,
    );
    results.push(await benchProcessor(encoding, gzip));
    process.stderr.write(
      `[${results.length + 1}/4] otelcol sink ${label}: ${SECONDS}s, ${CONNECTIONS} connections…\n`,
    );
    results.push(await benchOtelcolSink(encoding, gzip));
  }
  const report = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    seconds: SECONDS,
    connections: CONNECTIONS,
    batch: `1 documentLoad span (15 timing events + exception) + ${SPANS_PER_REQUEST - 1} fetch spans per request → 51 rows`,
    results,
  };
  const out = path.join(ROOT, 'bench/results/ingest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  console.table(results.map(({ cpuCores: _cpu, ...rest }) => rest));
  for (const r of results)
    if (r.cpuCores) process.stderr.write(`${r.target} CPU cores: ${JSON.stringify(r.cpuCores)}\n`);
  process.stderr.write(`wrote ${out}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
