/**
 * SDK benchmark: what @pulsetrace/web costs the page's main thread, in real Chromium. The CDN
 * build (dist/pulsetrace.min.js, inlined so evaluation is measured without the network) runs in a
 * page served from 127.0.0.1 and exports to a local sink on another port that answers 200 and
 * counts bytes (CORS as a real collector answers it). The peer, in the same run and browser, is the
 * same page without the SDK, driven by the same code against a no-op `PulseTrace`.
 *
 * Measured per round (a fresh browser context each):
 *   - page load with / without the SDK (DOMContentLoaded, load, main-thread task time, JS heap)
 *   - evaluating the bundle, and init() (synchronous, and main-thread time for the second after)
 *   - 1000 track() and 200 captureException() calls: synchronous µs per call (performance.now()
 *     in the page) and main-thread µs per call including the exports they cause (CDP
 *     Performance.getMetrics TaskDuration, minus the peer's)
 *   - flush() of 50 buffered records: its synchronous part, until it resolves, main-thread time
 *   - idle main-thread time per second with the SDK running
 *
 *   npm run bench:sdk [-- --rounds 10 --cpu-throttle 1 --no-build --sdk-file path/to/pulsetrace.min.js]
 *
 * Writes bench/results/sdk.json; docs/benchmarks.md quotes it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import * as prettier from 'prettier';

const args = process.argv.slice(2);
const arg = (name: string, fallback: number) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const ROUNDS = arg('rounds', 10);
const CPU_THROTTLE = arg('cpu-throttle', 1);
const TRACKS = 1000;
const ERRORS = 200;
const FLUSH_RECORDS = 50;
const FLUSH_REPEATS = 10;
const IDLE_MS = 3000;
const ROOT = path.resolve(__dirname, '../..');
const SDK_FILE_ARG = args.indexOf('--sdk-file');
/** The CDN build under test; `--sdk-file <path>` benchmarks another build (and skips the build). */
const SDK_FILE =
  SDK_FILE_ARG >= 0 ? path.resolve(args[SDK_FILE_ARG + 1]) : path.join(ROOT, 'sdk/dist/pulsetrace.min.js');
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * The slice of the page's globals the evaluated functions use. Those functions are serialised
 * into the page: they may use only their argument and page globals, never closures (and no named
 * inner functions: tsx's keepNames would reference a helper the page lacks).
 */
interface BenchGlobals {
  PulseTrace: {
    init(config: Record<string, unknown>): boolean;
    track(name: string, properties?: Record<string, string | number | boolean>): void;
    captureException(error: unknown): void;
    flush(): Promise<void>;
  };
  bench: { start: number; evaluated: number; initMs: number; initOk: boolean; sdk: boolean };
}
interface NavigationTiming {
  domContentLoadedEventEnd: number;
  loadEventEnd: number;
}

// ---------------------------------------------------------------------------------------------
// Servers: the page origin and the sink (a collector stand-in on another origin).

interface Sink {
  url: string;
  requests: number;
  bytes: number;
  records: number | null;
  contentTypes: Set<string>;
  close(): Promise<void>;
}

/** Spans and log records in an OTLP/JSON body; null when the body is not JSON (protobuf). */
function countRecords(body: Buffer, encoding: string | undefined): number | null {
  try {
    const text = (encoding === 'gzip' ? zlib.gunzipSync(body) : body).toString('utf8');
    const json = JSON.parse(text) as {
      resourceSpans?: { scopeSpans?: { spans?: unknown[] }[] }[];
      resourceLogs?: { scopeLogs?: { logRecords?: unknown[] }[] }[];
    };
    let n = 0;
    for (const r of json.resourceSpans ?? []) for (const s of r.scopeSpans ?? []) n += s.spans?.length ?? 0;
    for (const r of json.resourceLogs ?? [])
      for (const s of r.scopeLogs ?? []) n += s.logRecords?.length ?? 0;
    return n;
  } catch {
    return null;
  }
}

async function listen(server: http.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

async function startSink(): Promise<Sink> {
  const sink = { requests: 0, bytes: 0, records: 0 as number | null, contentTypes: new Set<string>() };
  const server = http.createServer((req, res) => {
    const origin = req.headers.origin ?? '*';
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('vary', 'origin');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*',
        'access-control-max-age': '600',
      });
      return res.end();
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      sink.requests++;
      sink.bytes += body.length;
      sink.contentTypes.add(
        `${req.headers['content-type'] ?? '?'}${req.headers['content-encoding'] ? ` (${req.headers['content-encoding']})` : ''}`,
      );
      const n = countRecords(body, req.headers['content-encoding']);
      sink.records = n === null || sink.records === null ? null : sink.records + n;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{}');
    });
  });
  const url = await listen(server);
  return Object.assign(sink, {
    url,
    close: () => new Promise<void>((r) => server.close(() => r())),
  });
}

/**
 * The test page. With `sdk`, the bundle is inlined and init() runs right after it, as a CDN
 * snippet would; without, `PulseTrace` is a no-op object with the same methods (the peer).
 * Cross-origin isolated (COOP/COEP) so performance.now() has 5 µs rather than 100 µs resolution.
 */
function pageHtml(sdk: string | undefined, config: Record<string, unknown>): string {
  const stub = `window.PulseTrace = { init: function () { return true; }, track: function () {},
    captureException: function () {}, flush: function () { return Promise.resolve(); } };`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>SDK bench</title>
<script>window.bench = { start: performance.now(), sdk: ${sdk !== undefined} };</script>
<script>${sdk ?? stub}</script>
<script>
  bench.evaluated = performance.now();
  var t = performance.now();
  bench.initOk = PulseTrace.init(${JSON.stringify(config)});
  bench.initMs = performance.now() - t;
</script>
</head><body>
<header><nav><a href="/cart">Cart</a> <a href="/account">Account</a></nav></header>
<main><h1>Products</h1>${Array.from({ length: 40 }, (_, i) => `<article><h2>Product ${i}</h2><p>Description ${i}</p><button>Add</button></article>`).join('')}</main>
</body></html>`;
}

async function startPageServer(sdk: string, sinkUrl: string) {
  const pages: Record<string, string> = {
    '/sdk.html': pageHtml(sdk, {
      endpoint: sinkUrl,
      key: 'pt_bench',
      release: '1.0.0',
      environment: 'bench',
    }),
    // Flush: nothing leaves on its own (batches bigger than what is buffered, timer far away).
    '/sdk-flush.html': pageHtml(sdk, {
      endpoint: sinkUrl,
      key: 'pt_bench',
      batchSize: 1000,
      batchDelayMs: 3_600_000,
    }),
    '/baseline.html': pageHtml(undefined, {}),
  };
  const server = http.createServer((req, res) => {
    const html = pages[new URL(req.url ?? '/', 'http://x').pathname];
    if (!html) {
      res.writeHead(404);
      return res.end();
    }
    res.writeHead(200, {
      'content-type': 'text/html; charset=utf-8',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
      'cache-control': 'no-store',
    });
    res.end(html);
  });
  const url = await listen(server);
  return { url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

// ---------------------------------------------------------------------------------------------
// Measurements in one page.

/** Main-thread task time (ms) and JS heap (bytes) from CDP Performance.getMetrics. */
async function metrics(cdp: CDPSession) {
  const { metrics: list } = (await cdp.send('Performance.getMetrics')) as {
    metrics: { name: string; value: number }[];
  };
  const get = (name: string) => list.find((m) => m.name === name)?.value ?? 0;
  return {
    taskMs: get('TaskDuration') * 1000,
    scriptMs: get('ScriptDuration') * 1000,
    heap: get('JSHeapUsedSize'),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Main-thread ms spent while fn runs in the page and during `settleMs` after it. */
async function mainThreadDuring<T>(cdp: CDPSession, fn: () => Promise<T>, settleMs: number) {
  const before = await metrics(cdp);
  const result = await fn();
  await sleep(settleMs);
  const after = await metrics(cdp);
  return { result, taskMs: after.taskMs - before.taskMs };
}

async function openPage(browser: Browser, url: string) {
  const context = await browser.newContext();
  const p = await context.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  const cdp = await context.newCDPSession(p);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  if (CPU_THROTTLE > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_THROTTLE });
  await p.goto(url, { waitUntil: 'load' });
  return { page: p, cdp, errors, close: () => context.close() };
}

async function loadMetrics(p: Page, cdp: CDPSession) {
  await sleep(1000); // init's asynchronous work (observers, first page view) is part of the load cost
  const timing = await p.evaluate(() => {
    const nav = (
      performance as unknown as { getEntriesByType(type: string): NavigationTiming[] }
    ).getEntriesByType('navigation')[0];
    const b = (globalThis as unknown as BenchGlobals).bench;
    return {
      dclMs: nav.domContentLoadedEventEnd,
      loadMs: nav.loadEventEnd,
      evaluateMs: b.evaluated - b.start,
      initMs: b.initMs,
      initOk: b.initOk,
      isolated: (globalThis as unknown as { crossOriginIsolated: boolean }).crossOriginIsolated,
    };
  });
  await cdp.send('HeapProfiler.collectGarbage');
  const m = await metrics(cdp);
  return { ...timing, taskMs: m.taskMs, scriptMs: m.scriptMs, heapKB: m.heap / 1024 };
}

/** One round on /sdk.html or /baseline.html: load, idle, track loop, error loop. */
async function eventRound(browser: Browser, url: string) {
  const { page: p, cdp, errors, close } = await openPage(browser, url);
  try {
    const load = await loadMetrics(p, cdp);
    if (load.initOk !== true)
      throw new Error(`PulseTrace.init() returned ${load.initOk} (${errors.join('; ')})`);
    const idle = await mainThreadDuring(cdp, async () => undefined, IDLE_MS);
    const track = await mainThreadDuring(
      cdp,
      () =>
        p.evaluate(async (n) => {
          const pt = (globalThis as unknown as BenchGlobals).PulseTrace;
          const t = performance.now();
          for (let i = 0; i < n; i++)
            pt.track('add_to_cart', { i, sku: `sku-${i % 50}`, price: 19.99, promo: i % 2 === 0 });
          const ms = performance.now() - t;
          await pt.flush().catch(() => undefined); // flush() should not reject; the sink tells
          return ms;
        }, TRACKS),
      500,
    );
    const capture = await mainThreadDuring(
      cdp,
      () =>
        p.evaluate(async (n) => {
          const pt = (globalThis as unknown as BenchGlobals).PulseTrace;
          const errs: Error[] = [];
          for (let i = 0; i < n; i++)
            try {
              throw new TypeError(`Cannot read properties of undefined (reading 'item${i}')`);
            } catch (e) {
              errs.push(e as Error);
            }
          const t = performance.now();
          for (const e of errs) pt.captureException(e);
          const ms = performance.now() - t;
          await pt.flush().catch(() => undefined); // flush() should not reject; the sink tells
          return ms;
        }, ERRORS),
      500,
    );
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return {
      load,
      idleTaskMsPerSecond: (idle.taskMs / IDLE_MS) * 1000,
      trackSyncUs: (track.result * 1000) / TRACKS,
      trackTaskUs: (track.taskMs * 1000) / TRACKS,
      captureSyncUs: (capture.result * 1000) / ERRORS,
      captureTaskUs: (capture.taskMs * 1000) / ERRORS,
    };
  } finally {
    await close();
  }
}

type Round = Awaited<ReturnType<typeof eventRound>>;

/** flush() of FLUSH_RECORDS buffered track() records, FLUSH_REPEATS times in one page. */
async function flushRound(browser: Browser, url: string, sink: Sink) {
  const { page: p, cdp, errors, close } = await openPage(browser, url);
  try {
    await sleep(1000);
    const initOk = await p.evaluate(() => (globalThis as unknown as BenchGlobals).bench.initOk);
    if (initOk !== true) throw new Error(`PulseTrace.init() returned ${initOk} (${errors.join('; ')})`);
    await p.evaluate(() => (globalThis as unknown as BenchGlobals).PulseTrace.flush()); // init's own records
    const out = [];
    for (let r = 0; r < FLUSH_REPEATS; r++) {
      await p.evaluate((n) => {
        const pt = (globalThis as unknown as BenchGlobals).PulseTrace;
        for (let i = 0; i < n; i++) pt.track('add_to_cart', { i, sku: `sku-${i}`, price: 19.99 });
      }, FLUSH_RECORDS);
      await sleep(100);
      const bytesBefore = sink.bytes;
      const requestsBefore = sink.requests;
      const m = await mainThreadDuring(
        cdp,
        () =>
          p.evaluate(async () => {
            const t = performance.now();
            const done = (globalThis as unknown as BenchGlobals).PulseTrace.flush();
            const syncMs = performance.now() - t;
            await done;
            return { syncMs, totalMs: performance.now() - t };
          }),
        200,
      );
      out.push({
        ...m.result,
        taskMs: m.taskMs,
        bytes: sink.bytes - bytesBefore,
        requests: sink.requests - requestsBefore,
      });
    }
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return out;
  } finally {
    await close();
  }
}

// ---------------------------------------------------------------------------------------------

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const med = <T>(rows: T[], f: (r: T) => number, digits = 2) => round(median(rows.map(f)), digits);

async function main() {
  if (!args.includes('--no-build') && SDK_FILE_ARG < 0) {
    process.stderr.write('building the SDK (npm run build -w sdk)…\n');
    execFileSync('npm', ['run', 'build', '-w', 'sdk'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (!fs.existsSync(SDK_FILE)) throw new Error(`${SDK_FILE} is missing: npm run build -w sdk`);
  const sdk = fs.readFileSync(SDK_FILE, 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
  const sink = await startSink();
  const server = await startPageServer(sdk, sink.url);
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  try {
    const sdkRounds: Round[] = [];
    const baseRounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      process.stderr.write(`[round ${r + 1}/${ROUNDS}] baseline and SDK pages…\n`);
      // Alternate which goes first so drift in the machine's state hits both alike.
      if (r % 2 === 0) {
        baseRounds.push(await eventRound(browser, `${server.url}/baseline.html`));
        sdkRounds.push(await eventRound(browser, `${server.url}/sdk.html`));
      } else {
        sdkRounds.push(await eventRound(browser, `${server.url}/sdk.html`));
        baseRounds.push(await eventRound(browser, `${server.url}/baseline.html`));
      }
    }
    const eventBytes = { requests: sink.requests, bytes: sink.bytes, records: sink.records };
    process.stderr.write(`flush: ${Math.max(3, Math.round(ROUNDS / 2))} pages × ${FLUSH_REPEATS} flushes…\n`);
    const flushes = [];
    for (let r = 0; r < Math.max(3, Math.round(ROUNDS / 2)); r++)
      flushes.push(...(await flushRound(browser, `${server.url}/sdk-flush.html`, sink)));

    const load = (rows: typeof sdkRounds) => ({
      domContentLoadedMs: med(rows, (x) => x.load.dclMs, 1),
      loadEventMs: med(rows, (x) => x.load.loadMs, 1),
      mainThreadMsAfterLoadAndInit: med(rows, (x) => x.load.taskMs, 1),
      scriptMs: med(rows, (x) => x.load.scriptMs, 1),
      jsHeapKB: med(rows, (x) => x.load.heapKB, 0),
      idleMainThreadMsPerSecond: med(rows, (x) => x.idleTaskMsPerSecond, 2),
    });
    const sdkLoad = load(sdkRounds);
    const baseLoad = load(baseRounds);
    const ratio = (a: number, b: number) => (b > 0 ? round(a / b, 2) : null);
    const trackTask = med(sdkRounds, (x) => x.trackTaskUs, 1);
    const baseTrackTask = med(baseRounds, (x) => x.trackTaskUs, 1);
    const captureTask = med(sdkRounds, (x) => x.captureTaskUs, 1);
    const baseCaptureTask = med(baseRounds, (x) => x.captureTaskUs, 1);
    const { size: raw } = fs.statSync(SDK_FILE);
    const report = {
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model,
        memoryGB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version,
        loadAverage1m5m15mAtEnd: os.loadavg().map((x) => round(x, 2)),
        browser: `Chromium ${browser.version()} (headless, playwright-core)`,
        cpuThrottle: CPU_THROTTLE,
        crossOriginIsolated: sdkRounds[0]?.load.isolated,
      },
      rounds: ROUNDS,
      bundle: {
        file: 'sdk/dist/pulsetrace.min.js',
        rawKB: round(raw / 1024, 1),
        gzipKB: round(zlib.gzipSync(fs.readFileSync(SDK_FILE), { level: 9 }).length / 1024, 1),
      },
      pageLoad: {
        sdk: sdkLoad,
        baseline: baseLoad,
        ratio: {
          domContentLoaded: ratio(sdkLoad.domContentLoadedMs, baseLoad.domContentLoadedMs),
          loadEvent: ratio(sdkLoad.loadEventMs, baseLoad.loadEventMs),
          mainThread: ratio(sdkLoad.mainThreadMsAfterLoadAndInit, baseLoad.mainThreadMsAfterLoadAndInit),
        },
        extraMainThreadMs: round(
          sdkLoad.mainThreadMsAfterLoadAndInit - baseLoad.mainThreadMsAfterLoadAndInit,
          1,
        ),
        extraJsHeapKB: sdkLoad.jsHeapKB - baseLoad.jsHeapKB,
      },
      evaluateBundleMs: med(sdkRounds, (x) => x.load.evaluateMs, 2),
      initSyncMs: med(sdkRounds, (x) => x.load.initMs, 2),
      track: {
        calls: TRACKS,
        syncUsPerCall: med(sdkRounds, (x) => x.trackSyncUs, 2),
        baselineSyncUsPerCall: med(baseRounds, (x) => x.trackSyncUs, 2),
        mainThreadUsPerCall: trackTask,
        baselineMainThreadUsPerCall: baseTrackTask,
        netMainThreadUsPerCall: round(trackTask - baseTrackTask, 1),
      },
      captureException: {
        calls: ERRORS,
        syncUsPerCall: med(sdkRounds, (x) => x.captureSyncUs, 2),
        baselineSyncUsPerCall: med(baseRounds, (x) => x.captureSyncUs, 2),
        mainThreadUsPerCall: captureTask,
        baselineMainThreadUsPerCall: baseCaptureTask,
        netMainThreadUsPerCall: round(captureTask - baseCaptureTask, 1),
      },
      flush: {
        bufferedRecords: FLUSH_RECORDS,
        samples: flushes.length,
        syncMs: med(flushes, (x) => x.syncMs, 3),
        untilResolvedMs: med(flushes, (x) => x.totalMs, 2),
        mainThreadMs: med(flushes, (x) => x.taskMs, 2),
        bytesPerFlush: med(flushes, (x) => x.bytes, 0),
        requestsPerFlush: med(flushes, (x) => x.requests, 0),
      },
      sink: {
        eventRounds: eventBytes,
        contentTypes: [...sink.contentTypes],
      },
    };
    const out = path.join(ROOT, 'bench/results/sdk.json');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    // Formatted as the repository's Prettier config wants it (`npm test` checks it).
    const options = { ...(await prettier.resolveConfig(out)), parser: 'json' };
    fs.writeFileSync(out, await prettier.format(JSON.stringify(report), options));
    process.stdout.write(JSON.stringify(report, null, 2) + '\n');
    process.stderr.write(`wrote ${out}\n`);
  } finally {
    await browser.close();
    await server.close();
    await sink.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
