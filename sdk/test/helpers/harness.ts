/**
 * One processor (in-process, own embedded ClickHouse), a recording proxy in front of it, the page
 * server and two backend origins per test file; one browser per describe block. Each scenario gets
 * its own project (so queries see only its rows) and a fresh browser context.
 *
 *   page (http://127.0.0.1:P) ── OTLP ──▶ proxy ──▶ processor ──▶ ClickHouse
 *        ├── fetch/XHR ──▶ backend (traceparent allowed by the SDK config)
 *        └── fetch ──────▶ other   (must never get traceparent)
 */
import type { RunningProcessor } from '../../../collector-processor/src/processor';
import type { SignalTable } from '../../../collector-processor/src/store/rows';
import { createProject, startTestProcessor } from '../../../collector-processor/test/helpers/processor';
import { launchBrowser, type BrowserName, type TestBrowser, type TestPage } from './browsers';
import { waitForRows } from './clickhouse';
import { startOtlpProxy, type OtlpProxy } from './otlp-proxy';
import './page-globals';
import { startEchoServer, startPageServer, type EchoServer, type PageServer } from './servers';

export interface Project {
  id: string;
  ingestKey: string;
}

export interface ScenarioOptions {
  /** Extra PulseTrace.init config for app.html (merged over the page's defaults). */
  init?: Record<string, unknown>;
  /** Reuse a project (e.g. to see several browsers' errors group into one issue); default: a new one. */
  project?: Project;
  /** bundle.html: the script URL of the bundled app. */
  bundle?: string;
}

export interface Scenario {
  project: Project;
  page: TestPage;
  /** Absolute URL on the page server, e.g. url('/app/cart'). */
  url(path: string): string;
  /** Loads an app.html route and checks that PulseTrace.init() succeeded there. */
  open(path: string): Promise<void>;
  /** Reloads the page, with the same check. */
  reload(): Promise<void>;
  /** Polls the project's rows of `table` until `count` match (see waitForRows). */
  rows<T>(
    table: SignalTable,
    q: { count: number; where?: string; params?: Record<string, unknown>; timeoutMs?: number },
  ): Promise<T[]>;
  /** PulseTrace.flush() in the page, once, as an app would call it. */
  flush(): Promise<void>;
  /** What the proxy saw since the scenario started, and the page's console. */
  diagnostics(): string;
}

export interface Harness {
  processor: RunningProcessor;
  proxy: OtlpProxy;
  pages: PageServer;
  backend: EchoServer;
  other: EchoServer;
  scenario(browser: TestBrowser, options?: ScenarioOptions): Promise<Scenario>;
  /** A project that accepts the page server's origin. */
  project(name: string): Promise<Project>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const processor = await startTestProcessor();
  const proxy = await startOtlpProxy(processor.url);
  const backend = await startEchoServer();
  const other = await startEchoServer();
  const pages = await startPageServer({
    endpoint: proxy.url,
    key: '',
    backend: backend.url,
    other: other.url,
    init: {},
  });
  let open: TestPage | undefined;
  let projects = 0;
  /** SDK_TEST_DIAGNOSTICS=1 prints every scenario's OTLP log and console, passed or not. */
  let report: (() => string) | undefined;
  const printReport = () => {
    if (report && process.env.SDK_TEST_DIAGNOSTICS) console.log(report());
    report = undefined;
  };

  const harness: Harness = {
    processor,
    proxy,
    pages,
    backend,
    other,
    project: (name) =>
      createProject(processor.url, {
        name,
        allowedOrigins: [pages.url],
        retentionDays: 3650,
        rateLimitPerSecond: 1_000_000,
      }),
    async scenario(browser, options = {}) {
      printReport();
      await open?.close().catch(() => {});
      open = undefined;
      proxy.setOnline(true);
      proxy.dropAnswers = false;
      proxy.answerDelayMs = 0;
      const started = Date.now();
      const project = options.project ?? (await harness.project(`sdk-${browser.name}-${++projects}`));
      pages.vars = {
        ...pages.vars,
        key: project.ingestKey,
        init: options.init ?? {},
        bundle: options.bundle,
      };
      const page = await browser.newPage();
      open = page;
      const diagnostics = () =>
        `browser: ${browser.name}, project ${project.id}\n--- OTLP requests through the proxy ---\n` +
        `${proxy.describe(started)}\n--- page console ---\n${page.logs.join('\n') || '(empty)'}`;
      report = diagnostics;
      const initialised = async (what: string) => {
        const state = await page.evaluate(() => ({
          init: window.ptInitResult,
          sdk: typeof window.PulseTrace?.flush,
        }));
        if (state.init !== true || state.sdk !== 'function')
          throw new Error(
            `the SDK did not start on ${what} (init() → ${state.init}, PulseTrace.flush is ${state.sdk}; ` +
              `is sdk/dist/pulsetrace.min.js built?)\n${diagnostics()}`,
          );
      };
      return {
        project,
        page,
        url: (path) => `${pages.url}${path}`,
        async open(path) {
          await page.goto(`${pages.url}${path}`);
          await initialised(path);
        },
        async reload() {
          await page.reload();
          await initialised('reload');
        },
        rows: (table, q) => waitForRows(processor, { ...q, table, projectId: project.id, diagnostics }),
        flush: () => page.evaluate(() => window.PulseTrace.flush()),
        diagnostics,
      };
    },
    async stop() {
      printReport();
      await open?.close().catch(() => {});
      await Promise.all([proxy.close(), pages.close(), backend.close(), other.close()]);
      await processor.stop();
    },
  };
  return harness;
}

/** beforeAll/afterAll for the file's harness; returns a getter for use inside tests. */
export function useHarness(): () => Harness {
  // Browsers on 2 cores are slow, and a project's testTimeout is not applied per file (jest 30).
  jest.setTimeout(120_000);
  let harness: Harness | undefined;
  beforeAll(async () => {
    harness = await startHarness();
  });
  afterAll(async () => {
    await harness?.stop();
  });
  return () => {
    if (!harness) throw new Error('harness did not start (see beforeAll)');
    return harness;
  };
}

/** beforeAll/afterAll for one browser in a describe block. */
export function useBrowser(name: BrowserName): () => TestBrowser {
  let browser: TestBrowser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser(name);
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => {
    if (!browser) throw new Error(`${name} did not start (see beforeAll)`);
    return browser;
  };
}

/** Sleeps in node (the page keeps running). */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
