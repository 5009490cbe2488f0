/**
 * The SDK benchmark's browser side: Chromium, a fresh context and CDP session per page, and the
 * functions that measure in the page (load, idle, track(), captureException(), flush()). See run.ts.
 */
import { chromium, type Browser, type CDPSession, type Page } from 'playwright-core';
import type { Sink } from './servers';
// Headless on a closed network: without the background-networking flags Chromium keeps dialling out.
import CHROMIUM_ARGS from '../../scripts/chromium-args.json';

export const TRACKS = 1000;
export const ERRORS = 200;
export const FLUSH_RECORDS = 50;
export const FLUSH_REPEATS = 10;
const IDLE_MS = 3000;
const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

export const launchChromium = () => chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

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

async function openPage(browser: Browser, url: string, cpuThrottle: number) {
  const context = await browser.newContext();
  const p = await context.newPage();
  const errors: string[] = [];
  p.on('pageerror', (e) => errors.push(e.message));
  const cdp = await context.newCDPSession(p);
  await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
  if (cpuThrottle > 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuThrottle });
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
export async function eventRound(browser: Browser, url: string, cpuThrottle: number) {
  const { page: p, cdp, errors, close } = await openPage(browser, url, cpuThrottle);
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

export type Round = Awaited<ReturnType<typeof eventRound>>;

/** flush() of FLUSH_RECORDS buffered track() records, FLUSH_REPEATS times in one page. */
export async function flushRound(browser: Browser, url: string, sink: Sink, cpuThrottle: number) {
  const { page: p, cdp, errors, close } = await openPage(browser, url, cpuThrottle);
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
