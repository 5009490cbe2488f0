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
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import * as prettier from 'prettier';
import {
  ERRORS,
  FLUSH_RECORDS,
  FLUSH_REPEATS,
  TRACKS,
  eventRound,
  flushRound,
  launchChromium,
  type Round,
} from './browser';
import { startPageServer, startSink } from './servers';
import { hasFlag, numberArg, stringArg } from '../cli';
import { machineInfo } from '../machine';

const ROUNDS = numberArg('rounds', 10);
const CPU_THROTTLE = numberArg('cpu-throttle', 1);
const ROOT = path.resolve(__dirname, '../..');
const SDK_FILE_ARG = stringArg('sdk-file');
/** The CDN build under test; `--sdk-file <path>` benchmarks another build (and skips the build). */
const SDK_FILE =
  SDK_FILE_ARG !== undefined ? path.resolve(SDK_FILE_ARG) : path.join(ROOT, 'sdk/dist/pulsetrace.min.js');

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
const med = <T>(rows: T[], f: (r: T) => number, digits = 2) => round(median(rows.map(f)), digits);

async function main() {
  if (!hasFlag('no-build') && SDK_FILE_ARG === undefined) {
    process.stderr.write('building the SDK (npm run build -w sdk)…\n');
    execFileSync('npm', ['run', 'build', '-w', 'sdk'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (!fs.existsSync(SDK_FILE)) throw new Error(`${SDK_FILE} is missing: npm run build -w sdk`);
  const sdk = fs.readFileSync(SDK_FILE, 'utf8').replace(/\/\/# sourceMappingURL=.*$/m, '');
  const sink = await startSink();
  const server = await startPageServer(sdk, sink.url);
  const browser = await launchChromium();
  try {
    const sdkRounds: Round[] = [];
    const baseRounds: Round[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      process.stderr.write(`[round ${r + 1}/${ROUNDS}] baseline and SDK pages…\n`);
      // Alternate which goes first so drift in the machine's state hits both alike.
      if (r % 2 === 0) {
        baseRounds.push(await eventRound(browser, `${server.url}/baseline.html`, CPU_THROTTLE));
        sdkRounds.push(await eventRound(browser, `${server.url}/sdk.html`, CPU_THROTTLE));
      } else {
        sdkRounds.push(await eventRound(browser, `${server.url}/sdk.html`, CPU_THROTTLE));
        baseRounds.push(await eventRound(browser, `${server.url}/baseline.html`, CPU_THROTTLE));
      }
    }
    const eventBytes = { requests: sink.requests, bytes: sink.bytes, records: sink.records };
    process.stderr.write(`flush: ${Math.max(3, Math.round(ROUNDS / 2))} pages × ${FLUSH_REPEATS} flushes…\n`);
    const flushes = [];
    for (let r = 0; r < Math.max(3, Math.round(ROUNDS / 2)); r++)
      flushes.push(...(await flushRound(browser, `${server.url}/sdk-flush.html`, sink, CPU_THROTTLE)));

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
        ...machineInfo(),
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
