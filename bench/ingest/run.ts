/**
 * Ingest benchmark: sustained events/s into embedded ClickHouse through pulsetrace-processor for
 * realistic browser batches (JSON and gzip protobuf), and the same load through the real
 * otelcol-pulsetrace into a sink (debug exporter) as the peer, in one run on this machine.
 *
 *   npm run bench:ingest [-- --seconds 20 --workers 8]
 *
 * Writes bench/results/ingest.json; docs/benchmarks.md quotes it.
 */
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

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const SECONDS = arg('seconds', 20);
const WORKERS = arg('workers', 8);

interface Batch {
  body: Buffer;
  headers: Record<string, string>;
  spans: number;
}

/** A realistic browser export: a page load (+ exception) and the page's fetch calls. */
function makeBatches(encoding: Encoding, gzip: boolean, count = 200): Batch[] {
  const payloads = new TracePayloads({
    'service.name': 'shop-web',
    'service.version': '2.14.0',
    'deployment.environment.name': 'production',
    'telemetry.sdk.language': 'webjs',
    'browser.language': 'en-US',
  });
  return Array.from({ length: count }, (_, i) => {
    const page = payloads.pageLoad(`https://shop.example/products/${i}?utm_source=news`);
    const calls = payloads.fetchSpans(49);
    const spans = [...page.spans, ...calls.spans];
    return { ...encodeTraces(spans, encoding, gzip), spans: spans.length };
  });
}

function rssSampler(pid: number) {
  let peak = 0;
  const timer = setInterval(() => {
    try {
      const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
      peak = Math.max(peak, kb * 1024);
    } catch {
      /* process gone */
    }
  }, 100);
  return { stop: () => (clearInterval(timer), peak) };
}

async function drive(url: string, headers: Record<string, string>, batches: Batch[], seconds: number) {
  const deadline = Date.now() + seconds * 1000;
  let spans = 0;
  let requests = 0;
  const failures = new Map<string, number>();
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, w) => {
      for (let i = w; Date.now() < deadline; i += WORKERS) {
        const batch = batches[i % batches.length];
        const res = await fetch(url, {
          method: 'POST',
          headers: { ...batch.headers, ...headers },
          body: batch.body,
        });
        await res.arrayBuffer();
        requests++;
        if (res.ok) spans += batch.spans;
        else failures.set(String(res.status), (failures.get(String(res.status)) ?? 0) + 1);
      }
    }),
  );
  return { spans, requests, failures: Object.fromEntries(failures) };
}

async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  let total = 0;
  for (const line of text.split('\n')) if (line.startsWith(name)) total += Number(line.split(' ').pop());
  return total;
}

async function benchProcessor(encoding: Encoding, gzip: boolean) {
  const dataDir = tempDataDir('pt-bench-');
  const proc = await spawnProcessor(dataDir, await freePort(), { PULSETRACE_LOG_LEVEL: 'warn' });
  try {
    const { ingestKey } = await createProject(proc.url, { name: 'bench', rateLimitPerSecond: 1_000_000 });
    const batches = makeBatches(encoding, gzip);
    const rss = rssSampler(proc.child.pid!);
    const started = Date.now();
    const sent = await drive(`${proc.url}/v1/traces`, { 'x-pulsetrace-key': ingestKey }, batches, SECONDS);
    const sendSeconds = (Date.now() - started) / 1000;
    while ((await metric(proc.url, 'pulsetrace_queue_depth_rows')) > 0)
      await new Promise((r) => setTimeout(r, 100));
    const totalSeconds = (Date.now() - started) / 1000;
    const rows = await metric(proc.url, 'pulsetrace_ingest_rows_accepted_total');
    const peakRss = rss.stop();
    return {
      target: `processor → embedded ClickHouse (${encoding}${gzip ? ', gzip' : ''})`,
      spansAcked: sent.spans,
      rowsStored: rows,
      requests: sent.requests,
      failures: sent.failures,
      sendSeconds,
      drainSeconds: totalSeconds - sendSeconds,
      spansPerSecondAcked: Math.round(sent.spans / sendSeconds),
      eventsPerSecondStored: Math.round(rows / totalSeconds),
      peakRssMB: Math.round(peakRss / 2 ** 20),
    };
  } finally {
    proc.child.kill('SIGTERM');
    await proc.exited;
  }
}

async function benchOtelcolSink(encoding: Encoding, gzip: boolean) {
  const collector = await startOtelcol({ sink: true, port: await freePort() });
  try {
    const batches = makeBatches(encoding, gzip);
    const rss = rssSampler(collector.pid);
    const started = Date.now();
    const sent = await drive(`${collector.url}/v1/traces`, {}, batches, SECONDS);
    const sendSeconds = (Date.now() - started) / 1000;
    return {
      target: `otelcol-pulsetrace → debug sink (${encoding}${gzip ? ', gzip' : ''})`,
      spansAcked: sent.spans,
      requests: sent.requests,
      failures: sent.failures,
      sendSeconds,
      spansPerSecondAcked: Math.round(sent.spans / sendSeconds),
      peakRssMB: Math.round(rss.stop() / 2 ** 20),
    };
  } finally {
    await collector.stop();
  }
}

async function main() {
  const results = [];
  for (const [encoding, gzip] of [
    ['json', false],
    ['protobuf', true],
  ] as [Encoding, boolean][]) {
    process.stderr.write(
      `processor ${encoding}${gzip ? '+gzip' : ''}: ${SECONDS}s with ${WORKERS} workers…\n`,
    );
    results.push(await benchProcessor(encoding, gzip));
    process.stderr.write(
      `otelcol sink ${encoding}${gzip ? '+gzip' : ''}: ${SECONDS}s with ${WORKERS} workers…\n`,
    );
    results.push(await benchOtelcolSink(encoding, gzip));
  }
  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: os.cpus().length,
      cpuModel: os.cpus()[0]?.model,
      memoryGB: Math.round(os.totalmem() / 2 ** 30),
      node: process.version,
    },
    seconds: SECONDS,
    workers: WORKERS,
    batch: '1 documentLoad span (15 timing events + exception) + 49 fetch spans = 50 spans per request',
    results,
  };
  const out = path.resolve(__dirname, '../results/ingest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, JSON.stringify(report, null, 2));
  console.table(
    results.map((r) => ({
      target: r.target,
      'spans/s acked': r.spansPerSecondAcked,
      'events/s stored': 'eventsPerSecondStored' in r ? r.eventsPerSecondStored : '-',
      'peak RSS MB': r.peakRssMB,
      failures: JSON.stringify(r.failures),
    })),
  );
  process.stderr.write(`wrote ${out}\n`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
