/**
 * Memory under concurrent large bodies (issue #12): `--concurrency` clients (default 128) each
 * post ~4.5 MB OTLP/JSON exports back to back for `--seconds` (default 20) over loopback, without
 * honouring Retry-After, as an attacker with an ingest key would. Records the processor's RSS
 * (peak sampled every 100 ms, VmHWM, and settled: once the WAL is drained and 10 s have passed)
 * and the answers by status. Runs twice: with the in-flight bounds effectively off (the "before",
 * with Node's own HTTP timeouts) and with the defaults.
 *
 *   npm run bench:ingest -- --memory [--seconds 20 --concurrency 128]
 *
 * Writes bench/results/ingest-memory.json; docs/benchmarks.md quotes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { encodeTraces, TracePayloads } from '../../collector-processor/test/helpers/otlp-payloads';
import {
  createProject,
  freePort,
  spawnProcessor,
  tempDataDir,
} from '../../collector-processor/test/helpers/processor';
import { numberArg } from '../cli';
import { machineInfo } from '../machine';

const SECONDS = numberArg('seconds', 20);
const CONCURRENCY = numberArg('concurrency', 128);
const BODY_BYTES = 4.5 * 1024 * 1024;
const ROOT = path.resolve(__dirname, '../..');
const MB = 2 ** 20;

/** A valid export of fetch spans just under 4.5 MB (the default body limit is 5 MiB). */
function largeExport(): Buffer {
  const payloads = new TracePayloads({ 'service.name': 'shop-web', 'service.version': '2.14.0' });
  const probe = encodeTraces(payloads.fetchSpans(200).spans, 'json').body.length / 200;
  return encodeTraces(payloads.fetchSpans(Math.floor((BODY_BYTES * 0.98) / probe)).spans, 'json').body;
}

function status(pid: number): { rssMB: number; hwmMB: number } {
  const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
  return { rssMB: Math.round(kb('VmRSS') / 1024), hwmMB: Math.round(kb('VmHWM') / 1024) };
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) if (line.startsWith(name)) total += Number(line.split(' ').pop());
  return total;
}

const percentile = (sorted: number[], p: number) =>
  sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : 0;

async function memoryRun(label: string, env: Record<string, string>, body: Buffer) {
  const proc = await spawnProcessor(tempDataDir('pt-bench-mem-'), await freePort(), env, { built: true });
  const pid = proc.child.pid!;
  try {
    const { ingestKey } = await createProject(proc.url, { name: 'bench', rateLimitPerSecond: 1_000_000 });
    const idle = status(pid);
    let peak = idle.rssMB;
    const sampler = setInterval(() => {
      try {
        peak = Math.max(peak, status(pid).rssMB);
      } catch {
        /* process gone */
      }
    }, 100);
    const codes: Record<string, number> = {};
    const acceptedLatencies: number[] = [];
    const refusedLatencies: number[] = [];
    const deadline = Date.now() + SECONDS * 1000;
    const client = async () => {
      while (Date.now() < deadline) {
        const started = Date.now();
        let code = 'network error';
        try {
          const res = await fetch(`${proc.url}/v1/traces`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-pulsetrace-key': ingestKey },
            body,
          });
          await res.arrayBuffer();
          code = String(res.status);
        } catch {
          await new Promise((r) => setTimeout(r, 50));
        }
        codes[code] = (codes[code] ?? 0) + 1;
        (code === '200' ? acceptedLatencies : refusedLatencies).push(Date.now() - started);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, client));
    const loadEnded = Date.now();
    while ((await metric(proc.url, 'pulsetrace_queue_depth_rows')) > 0)
      await new Promise((r) => setTimeout(r, 200));
    const drainSeconds = (Date.now() - loadEnded) / 1000;
    await new Promise((r) => setTimeout(r, 10_000));
    clearInterval(sampler);
    const settled = status(pid);
    acceptedLatencies.sort((a, b) => a - b);
    refusedLatencies.sort((a, b) => a - b);
    return {
      run: label,
      idleRssMB: idle.rssMB,
      peakRssMB: Math.max(peak, settled.hwmMB),
      settledRssMB: settled.rssMB,
      answers: codes,
      acceptedP50Ms: percentile(acceptedLatencies, 50),
      acceptedMaxMs: acceptedLatencies.at(-1) ?? 0,
      refusedP50Ms: percentile(refusedLatencies, 50),
      rowsStored: await metric(proc.url, 'pulsetrace_ingest_rows_accepted_total'),
      drainSeconds: Math.round(drainSeconds),
    };
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
  }
}

export async function benchMemory() {
  const body = largeExport();
  process.stderr.write(
    `memory run: ${CONCURRENCY} clients × ${(body.length / MB).toFixed(2)} MiB bodies for ${SECONDS}s, twice…\n`,
  );
  const unbounded = {
    PULSETRACE_INGEST_MAX_INFLIGHT_BYTES: String(2 ** 40),
    PULSETRACE_INGEST_MAX_CONCURRENT: '1000000',
    PULSETRACE_HEADERS_TIMEOUT_MS: '60000',
    PULSETRACE_REQUEST_TIMEOUT_MS: '300000',
  };
  const results = [
    await memoryRun('before: bounds off, Node default timeouts', unbounded, body),
    await memoryRun('after: default bounds (64 MiB, 64 requests)', {}, body),
  ];
  const report = {
    date: new Date().toISOString(),
    machine: machineInfo(),
    seconds: SECONDS,
    concurrency: CONCURRENCY,
    bodyBytes: body.length,
    results,
  };
  const out = path.join(ROOT, 'bench/results/ingest-memory.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(report, null, 2) + '\n');
  console.table(results.map(({ answers, ...rest }) => ({ ...rest, answers: JSON.stringify(answers) })));
  process.stderr.write(`wrote ${out}\n`);
}
