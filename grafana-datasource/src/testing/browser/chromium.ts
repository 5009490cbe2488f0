/**
 * Debian's Chromium through playwright-core (nothing is downloaded), and a harness page that
 * records what would show in a developer's console: page errors, console errors and warnings,
 * failed requests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { PLUGIN_DIR } from './bundle';

const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** The flags Chromium needs on these machines, shared with the SDK's browser tests. */
const CHROMIUM_ARGS: string[] = JSON.parse(
  fs.readFileSync(path.join(PLUGIN_DIR, '../scripts/chromium-args.json'), 'utf8')
);

export type ThemeMode = 'light' | 'dark';

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: run scripts/install-system-deps.sh as root (Debian package ` +
        'chromium), or point CHROMIUM at the binary. This test never skips a missing browser.'
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface HarnessPage {
  page: Page;
  /** Page errors, console errors and warnings, failed requests: each one fails the test. */
  problems: string[];
  close(): Promise<void>;
}

export interface OpenOptions {
  /** More query parameters for the harness page (the app's runner: which shot). */
  params?: Record<string, string>;
  /** Viewport width, px (default 1280). */
  width?: number;
}

export async function openHarness(
  browser: Browser,
  url: string,
  theme: ThemeMode,
  options: OpenOptions = {}
): Promise<HarnessPage> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1280, height: 900 },
    deviceScaleFactor: 1,
    colorScheme: theme,
  });
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || message.type() === 'warning') {
      problems.push(`console ${message.type()}: ${message.text()} (${message.location().url})`);
    }
  });
  page.on('requestfailed', (request) =>
    problems.push(`request failed: ${request.url()} ${request.failure()?.errorText}`)
  );
  const query = new URLSearchParams({ ...options.params, theme });
  await page.goto(`${url}/?${query}`, { waitUntil: 'load' });
  return { page, problems, close: () => context.close() };
}

/** Width and height of a PNG, from its IHDR chunk. */
export function pngSize(file: string): { width: number; height: number } {
  const head = fs.readFileSync(file).subarray(0, 24);
  if (head.toString('latin1', 1, 4) !== 'PNG') {
    throw new Error(`${file} is not a PNG`);
  }
  return { width: head.readUInt32BE(16), height: head.readUInt32BE(20) };
}
