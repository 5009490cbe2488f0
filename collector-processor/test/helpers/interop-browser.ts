/**
 * Third-party browser SDKs (Faro, Honeycomb, Splunk RUM, stock OTel web) in real Chromium against
 * the real processor. The SDKs come from npm at the versions pinned in
 * test/fixtures/capture/package-lock.json (installed by `scripts/ensure-tools.mjs interop`); each
 * scenario is one of test/fixtures/capture/scenarios/*.mjs, bundled with esbuild and driven the way
 * capture.mjs drives it: load, API calls and errors, a slow click, an SPA route change, page hidden,
 * flush. The page talks to the processor directly (cross-origin, key in the query string), so CORS
 * and the processor's own responses are part of what is tested.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Page } from 'playwright-core';
import chromiumArgs from '../../../scripts/chromium-args.json';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const CAPTURE_DIR = path.join(REPO_ROOT, 'collector-processor/test/fixtures/capture');
const ENSURE_TOOLS = path.join(REPO_ROOT, 'scripts/ensure-tools.mjs');
/** npm ci of the pinned SDKs on a fresh machine: about a minute, more on a slow registry. */
export const INTEROP_INSTALL_TIMEOUT_MS = 10 * 60_000;
export const PAGE_PATH =
  '/shop/products/12345?utm_source=newsletter&utm_medium=email&utm_campaign=spring_sale';
const REFERER = 'https://www.google.com/';

/** Installs (once, cached by lockfile hash) the pinned third-party SDKs; returns their folder. */
export function ensureInteropSdks(): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENSURE_TOOLS, 'interop'], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-8000)));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(stdout.trim())
        : reject(new Error(`node scripts/ensure-tools.mjs interop failed (exit ${code}):\n${stderr}`)),
    );
  });
}

/** Bundles scenarios/<entry> with the pinned SDKs, as capture.mjs does. */
export async function bundleScenario(entry: string, define: Record<string, string> = {}): Promise<string> {
  await ensureInteropSdks();
  const result = await esbuild.build({
    entryPoints: [path.join(CAPTURE_DIR, 'scenarios', entry)],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    absWorkingDir: CAPTURE_DIR,
    logLevel: 'error',
    define: { 'process.env.NODE_ENV': '"production"', ...define },
    outfile: 'bundle.js',
  });
  return result.outputFiles[0].text;
}

/** Where the scenario's exporters send: read by scenarios/common.mjs as window.__PT_OTLP. */
export interface InteropEndpoint {
  /** Processor base URL, e.g. http://127.0.0.1:4318 */
  base: string;
  ingestKey: string;
}

export interface InteropRun {
  pageUrl: string;
  userAgent: string;
  /** Uncaught page errors (the scenarios throw some on purpose). */
  pageErrors: string[];
  /** Requests the page sent to the processor, with their response status (0: failed). */
  exports: Array<{ method: string; url: string; status: number }>;
  /** Console messages, for failure messages. */
  console: string[];
}

export interface InteropSite {
  /** The page's origin: put it in the project's allowedOrigins. */
  origin: string;
  run(options: {
    entry: string;
    endpoint: InteropEndpoint;
    define?: Record<string, string>;
    /** Replaces the default drive (afterLoad, click, route change, hide, flush). */
    drive?: (page: Page) => Promise<void>;
  }): Promise<InteropRun>;
  close(): Promise<void>;
}

const html = (otlp: Record<string, string>) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Running Shoe 12345 – Demo Shop</title>
<link rel="stylesheet" href="/static/app.css"></head>
<body><header><h1>Demo Shop</h1></header>
<main>
<img id="hero" src="/static/hero.svg" width="640" height="320" alt="A running shoe">
<div id="shift-target"></div>
<p id="lead">${'Lightweight, breathable and built for long distances. '.repeat(12)}</p>
<button id="buy" data-otel-feature="checkout">Buy now</button>
</main>
<script>window.__PT_OTLP = ${JSON.stringify(otlp)};</script>
<script src="/bundle/scenario.js"></script>
</body></html>`;

const STATIC: Record<string, [string, string]> = {
  '/static/app.css': [
    'text/css',
    'body{font-family:sans-serif;margin:2rem}#buy{font-size:1.4rem;padding:1rem}',
  ],
  '/static/hero.svg': [
    'image/svg+xml',
    '<svg xmlns="http://www.w3.org/2000/svg" width="640" height="320"><rect width="640" height="320" fill="#3a7"/></svg>',
  ],
};

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The fake shop API the scenarios call (apiCalls() in common.mjs). */
function api(pathname: string, method: string): [number, string] {
  if (pathname === '/api/flaky') return [503, '{"error":"unavailable"}'];
  if (pathname.startsWith('/api/orders/')) return [404, '{"error":"not found"}'];
  return [method === 'POST' ? 201 : 200, JSON.stringify({ ok: true, items: [{ id: 1 }, { id: 2 }] })];
}

// Browser globals for the functions that run in the page (page.evaluate). Declared here, module-
// local, because the DOM lib would change the Node types (fetch bodies) of the whole test program.
/* eslint-disable @typescript-eslint/no-explicit-any */
declare const document: any;
declare const window: any;
declare const navigator: { userAgent: string };
type Window = Record<string, unknown>;
/* eslint-enable @typescript-eslint/no-explicit-any */

/** Stubs the page as hidden: web-vitals, batch processors and Faro flush on visibilitychange. */
function hidePage() {
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => 'hidden' });
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
  document.dispatchEvent(new Event('visibilitychange'));
  window.dispatchEvent(new Event('pagehide'));
}

type Hooks = { afterLoad?: () => unknown; routeChange?: () => unknown; flush?: () => unknown };
type ScenarioWindow = Window & { __pt: Hooks; __ptReady?: boolean };

async function defaultDrive(page: Page) {
  await page.evaluate(() => (window as unknown as ScenarioWindow).__pt.afterLoad?.());
  await delay(500);
  await page.click('#buy');
  await delay(700);
  await page.evaluate(() => (window as unknown as ScenarioWindow).__pt.routeChange?.());
  await delay(700);
  await page.evaluate(hidePage);
  await delay(300);
  await page.evaluate(() => (window as unknown as ScenarioWindow).__pt.flush?.());
}

export async function startInteropSite(): Promise<InteropSite> {
  const state = { bundle: '', otlp: {} as Record<string, string> };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    req.resume();
    req.on('end', async () => {
      if (url.pathname === '/bundle/scenario.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' });
        return res.end(state.bundle);
      }
      const file = STATIC[url.pathname];
      if (file) {
        res.writeHead(200, { 'content-type': file[0], 'cache-control': 'no-store' });
        return res.end(file[1]);
      }
      if (url.pathname.startsWith('/api/')) {
        await delay(25);
        const [status, body] = api(url.pathname, req.method ?? 'GET');
        res.writeHead(status, { 'content-type': 'application/json' });
        return res.end(body);
      }
      if (url.pathname.startsWith('/shop/')) {
        res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
        return res.end(html(state.otlp));
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  return {
    origin,
    async run({ entry, endpoint, define, drive = defaultDrive }) {
      state.bundle = await bundleScenario(entry, define);
      const key = encodeURIComponent(endpoint.ingestKey);
      state.otlp = {
        traces: `${endpoint.base}/v1/traces?key=${key}`,
        logs: `${endpoint.base}/v1/logs?key=${key}`,
        collect: `${endpoint.base}/collect/${key}`,
      };
      const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
        args: chromiumArgs,
      });
      const exports: InteropRun['exports'] = [];
      const consoleLines: string[] = [];
      const pageErrors: string[] = [];
      let lastExportAt = Date.now();
      try {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        page.on('pageerror', (e) => pageErrors.push(e.message));
        page.on('console', (m) => consoleLines.push(`console.${m.type()}: ${m.text()}`.slice(0, 500)));
        page.on('requestfinished', async (request) => {
          if (!request.url().startsWith(endpoint.base)) return;
          lastExportAt = Date.now();
          const response = await request.response();
          exports.push({ method: request.method(), url: request.url(), status: response?.status() ?? 0 });
        });
        page.on('requestfailed', (request) => {
          if (!request.url().startsWith(endpoint.base)) return;
          lastExportAt = Date.now();
          exports.push({ method: request.method(), url: request.url(), status: 0 });
        });
        const pageUrl = origin + PAGE_PATH;
        await page.goto(pageUrl, { referer: REFERER, waitUntil: 'load' });
        await page.waitForFunction(() => (window as unknown as ScenarioWindow).__ptReady === true, null, {
          timeout: 15_000,
        });
        await delay(800);
        await drive(page);
        // Exports are batched and retried: wait until the page has been quiet towards the processor.
        const deadline = Date.now() + 20_000;
        while (Date.now() < deadline && Date.now() - lastExportAt < 2_000) await delay(200);
        const userAgent = await page.evaluate(() => navigator.userAgent);
        await context.close();
        return { pageUrl, userAgent, pageErrors, exports, console: consoleLines };
      } finally {
        await browser.close();
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
