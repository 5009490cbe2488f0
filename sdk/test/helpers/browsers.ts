/**
 * Real browsers behind one small interface: Debian's Chromium through playwright-core and
 * Firefox ESR through puppeteer-core (WebDriver BiDi). Nothing is downloaded; a missing browser
 * is an error that names the install script, never a skip.
 */
import fs from 'node:fs';
import { chromium, type BrowserContext, type Page as PwPage } from 'playwright-core';
import puppeteer, { type BrowserContext as PpContext, type Page as PpPage } from 'puppeteer-core';
// The flags Chromium needs on these machines, shared with bench/sdk.
import chromiumArgs from '../../../scripts/chromium-args.json';

export type BrowserName = 'chromium' | 'firefox';
export const BROWSERS: BrowserName[] = ['chromium', 'firefox'];

const EXECUTABLES: Record<BrowserName, string> = {
  chromium: process.env.CHROMIUM ?? '/usr/bin/chromium',
  firefox: process.env.FIREFOX ?? '/usr/bin/firefox-esr',
};

export interface TestPage {
  /** Navigates and waits for the load event. */
  goto(url: string): Promise<void>;
  /** Runs fn in the page (it is serialised: use only its argument, never closures). */
  evaluate<R, A = undefined>(fn: (arg: A) => R | Promise<R>, arg?: A): Promise<R>;
  /** A real click (input events, so INP and click breadcrumbs see it). */
  click(selector: string): Promise<void>;
  reload(): Promise<void>;
  /** Polls fn in the page until it returns truthy. */
  waitFor<A = undefined>(fn: (arg: A) => unknown, arg?: A, timeoutMs?: number): Promise<void>;
  /** Console messages, page errors and failed requests, for failure messages. */
  logs: string[];
  /** Closes the page and its browser context (its storage goes with it). */
  close(): Promise<void>;
}

type RawPage = Omit<TestPage, 'waitFor'>;

export interface TestBrowser {
  name: BrowserName;
  /** A page in a fresh browser context: empty localStorage, IndexedDB and cookies. */
  newPage(): Promise<TestPage>;
  close(): Promise<void>;
}

function executable(name: BrowserName): string {
  const file = EXECUTABLES[name];
  if (!fs.existsSync(file)) {
    throw new Error(
      `${name} is not installed at ${file}: run scripts/install-system-deps.sh as root (Debian packages ` +
        `chromium and firefox-esr), or point ${name === 'chromium' ? 'CHROMIUM' : 'FIREFOX'} at the binary. ` +
        'The SDK browser tests never skip a missing browser.',
    );
  }
  return file;
}

function pushLog(logs: string[], line: string) {
  logs.push(line.slice(0, 1_000));
  if (logs.length > 400) logs.splice(0, logs.length - 400);
}

/** A wedged browser must fail the test with a message, not stall the run. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer from the browser within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const STEP_MS = 30_000;

/** Every TestPage call gets a deadline. */
function guarded(name: BrowserName, page: RawPage): TestPage {
  const t: TestPage = {
    logs: page.logs,
    goto: (url) => withTimeout(page.goto(url), STEP_MS, `${name} goto ${url}`),
    evaluate: (fn, arg) =>
      withTimeout(page.evaluate(fn, arg), STEP_MS, `${name} evaluate ${fn.toString().slice(0, 120)}`),
    click: (selector) => withTimeout(page.click(selector), STEP_MS, `${name} click ${selector}`),
    reload: () => withTimeout(page.reload(), STEP_MS, `${name} reload`),
    waitFor: (fn, arg, timeoutMs = 15_000) =>
      pollInPage(() => t.evaluate(fn, arg), timeoutMs, fn.toString().slice(0, 200)),
    close: () => withTimeout(page.close(), STEP_MS, `${name} close`),
  };
  return t;
}

async function pollInPage(check: () => Promise<unknown>, timeoutMs: number, what: string) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`page condition not met within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** What both drivers' pages have in common, for the shared wrapper below. */
interface DriverPage {
  goto(url: string, options: { waitUntil: 'load' }): Promise<unknown>;
  evaluate(fn: (a: unknown) => never, arg: unknown): Promise<unknown>;
  click(selector: string): Promise<void>;
  reload(options: { waitUntil: 'load' }): Promise<unknown>;
}

function wrapPage(page: DriverPage, logs: string[], close: () => Promise<void>): RawPage {
  return {
    logs,
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    evaluate: (fn, arg) => page.evaluate(fn as (a: unknown) => never, arg) as never,
    click: (selector) => page.click(selector),
    async reload() {
      await page.reload({ waitUntil: 'load' });
    },
    close,
  };
}

function wrapPlaywright(context: BrowserContext, page: PwPage): RawPage {
  const logs: string[] = [];
  page.on('console', (m) => pushLog(logs, `[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => pushLog(logs, `[pageerror] ${e.message}`));
  page.on('requestfailed', (r) =>
    pushLog(logs, `[requestfailed] ${r.method()} ${r.url()} ${r.failure()?.errorText}`),
  );
  return wrapPage(page as unknown as DriverPage, logs, () => context.close());
}

function wrapPuppeteer(context: PpContext, page: PpPage): RawPage {
  const logs: string[] = [];
  page.on('console', (m) => pushLog(logs, `[console.${m.type()}] ${m.text()}`));
  page.on('pageerror', (e) => pushLog(logs, `[pageerror] ${e instanceof Error ? e.message : String(e)}`));
  page.on('requestfailed', (r) =>
    pushLog(logs, `[requestfailed] ${r.method()} ${r.url()} ${r.failure()?.errorText}`),
  );
  return wrapPage(page as unknown as DriverPage, logs, () => context.close());
}

export async function launchBrowser(name: BrowserName): Promise<TestBrowser> {
  const executablePath = executable(name);
  if (name === 'chromium') {
    const browser = await chromium.launch({ executablePath, args: chromiumArgs, timeout: 60_000 });
    return {
      name,
      async newPage() {
        const context = await browser.newContext();
        return guarded(name, wrapPlaywright(context, await context.newPage()));
      },
      close: () => withTimeout(browser.close(), STEP_MS, 'chromium close'),
    };
  }
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    timeout: 60_000,
    protocolTimeout: 60_000,
  });
  return {
    name,
    async newPage() {
      const context = await withTimeout(browser.createBrowserContext(), STEP_MS, 'firefox new context');
      return guarded(
        name,
        wrapPuppeteer(context, await withTimeout(context.newPage(), STEP_MS, 'firefox new page')),
      );
    },
    close: async () => {
      await withTimeout(browser.close(), STEP_MS, 'firefox close').catch((err) => {
        browser.process()?.kill('SIGKILL');
        throw err;
      });
    },
  };
}
