/**
 * The app's custom components in real Chromium, with real data from the seeded processor, in
 * Grafana's light and dark themes: the catalog screenshots (src/img/screenshots/, plugin.json
 * info.screenshots).
 *
 * ADD A SHOT (two files with the same kebab-case name, contract in src/testing/shot.ts):
 *   src/components/<Name>/<name>.shot.tsx   default export ShotRender: { name, title, width?, render(data) }
 *   test/browser/loaders/<name>.ts          default export async (app: AppProcessor) => data, read from
 *                                           the seeded processor (runPanelQuery / callRoute in
 *                                           test/helpers/processor.ts); keep it JSON (frames as
 *                                           DataFrameJSON: ./frames.ts shotFrames() types them).
 * then list both themes in src/plugin.json info.screenshots:
 *   { "name": "<title> (dark theme)", "path": "img/screenshots/<name>-dark.png" } and the light one.
 * RUN ONE SHOT:  cd /work/main && SHOT=<name> npx jest grafana-app/test/browser --selectProjects grafana-app
 * RUN ALL:       npx jest grafana-app/test/browser --selectProjects grafana-app
 * then look at src/img/screenshots/<name>-dark.png and -light.png.
 *
 * Fails on: a page error, console error or warning, failed or unanswered request; a screenshot of
 * implausible size; a shot without a loader or the reverse; a screenshot not listed in plugin.json
 * (or listed and missing, or named differently from the shot's title).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { bundleHarness } from '../../../grafana-datasource/src/testing/browser/bundle';
import {
  launchChromium,
  openHarness,
  pngSize,
  ThemeMode,
} from '../../../grafana-datasource/src/testing/browser/chromium';
import { HarnessServer, json, startHarnessServer } from '../../../grafana-datasource/src/testing/browser/server';
import type { ShotPageState } from '../../src/testing/shot-harness';
import { AppProcessor, startAppProcessor } from '../helpers/processor';
import {
  APP_DIR,
  bootDataScript,
  catalogProblems,
  findLoaders,
  findShots,
  harnessEntry,
  listedScreenshots,
  outwards,
  plausibleHeight,
  rgb,
  SCREENSHOTS,
} from './catalog';

jest.setTimeout(180_000);

const MODES: ThemeMode[] = ['dark', 'light'];
const shots = findShots();
const loaders = findLoaders();
const only = process.env.SHOT;
const selected = only ? shots.filter((s) => s.name === only) : shots;

let app: AppProcessor;
let server: HarnessServer;
let browser: Browser;
let catalog: ShotPageState['catalog'];
const data = new Map<string, unknown>();
const loading = new Map<string, Promise<unknown>>();

beforeAll(async () => {
  const bundle = await bundleHarness({ pluginDir: APP_DIR, entry: harnessEntry(shots) });
  [app, server, browser] = await Promise.all([
    startAppProcessor(),
    startHarnessServer(bundle, {
      pluginDir: APP_DIR,
      title: 'PulseTrace app shots',
      headScript: bootDataScript,
      routes: (url) => {
        const name = /^\/shot-data\/([\w-]+)$/.exec(url.pathname)?.[1];
        return name && data.has(name) ? json(200, data.get(name)) : undefined;
      },
    }),
    launchChromium(),
  ]);
  // The catalog as the bundle has it: names and titles come from the shots themselves.
  const { page, problems, close } = await openHarness(browser, server.url, 'dark');
  try {
    await page.waitForFunction(() => window.shotPage?.rendered);
    catalog = await page.evaluate(() => window.shotPage.catalog);
    expect(problems).toEqual([]);
  } finally {
    await close();
  }
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
  await app?.stop();
});

/** A shot's data, loaded once from the seeded processor by its loader. */
function load(name: string): Promise<unknown> {
  if (!loading.has(name)) {
    const file = path.join(__dirname, 'loaders', `${name}.ts`);
    // Each slice's loader, found by name (jest's require: transformed like the test itself).
    const loader = (require(file) as { default: (app: AppProcessor) => Promise<unknown> }).default;
    loading.set(
      name,
      loader(app).then((value) => {
        data.set(name, JSON.parse(JSON.stringify(value)));
        return value;
      })
    );
  }
  return loading.get(name)!;
}

describe('the shots', () => {
  it(only ? `include ${only}` : 'exist', () => {
    expect(selected.map((s) => s.name)).toEqual(only ? [only] : expect.arrayContaining(['empty-state']));
  });
});

describe.each(selected.map((s) => s.name))('%s', (name) => {
  it.each(MODES)('renders with real data in the %s theme and is saved as a screenshot', async (mode) => {
    await load(name);
    const entry = catalog.find((c) => c.name === name);
    if (!entry) {
      throw new Error(`${name}.shot.tsx exports no shot named ${name}`);
    }
    const { page, problems, close } = await openHarness(browser, server.url, mode, {
      params: { shot: name },
      width: Math.max(1280, entry.width + 80),
    });
    try {
      // A shot that never renders says why: what the page reported meanwhile.
      await page
        .waitForFunction(() => window.shotPage?.rendered)
        .catch((error: Error) => {
          throw new Error(`${name} did not render: ${error.message}\n${problems.join('\n')}`);
        });
      const state = await page.evaluate(() => window.shotPage);
      expect(state.error).toBeUndefined();
      expect(state.theme.isDark).toBe(mode === 'dark');
      expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(rgb(state.theme.canvas));
      // Icons load after render (react-inlinesvg), fonts on first use: the screenshot waits for both.
      await page.waitForLoadState('networkidle');
      await page.evaluate(() => document.fonts.ready.then(() => undefined));

      const element = page.getByTestId('shot');
      const box = (await element.boundingBox())!;
      fs.mkdirSync(SCREENSHOTS, { recursive: true });
      const file = path.join(SCREENSHOTS, `${name}-${mode}.png`);
      await element.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
      const size = pngSize(file);
      expect({ name, ...size }).toEqual({
        name,
        width: outwards(box.x, box.width),
        height: outwards(box.y, box.height),
      });
      // The frame is the shot's width plus the page padding; a component that rendered nothing
      // (or ran away) shows in the height.
      expect(size.width).toBeGreaterThanOrEqual(entry.width);
      expect(size.width).toBeLessThanOrEqual(entry.width + 64);
      expect({ name, height: size.height, plausible: plausibleHeight(size.height) }).toEqual({
        name,
        height: size.height,
        plausible: true,
      });

      expect(problems).toEqual([]);
      expect(server.missing).toEqual([]);
    } finally {
      await close();
    }
  });
});

// After the shots wrote their PNGs (jest runs a file's tests in order).
describe('the catalog', () => {
  it('pairs every shot with a loader, and plugin.json lists exactly the screenshots the shots make', () => {
    const onDisk = fs.existsSync(SCREENSHOTS) ? fs.readdirSync(SCREENSHOTS).filter((f) => f.endsWith('.png')) : [];
    expect(
      catalogProblems({
        shots: shots.map((s) => s.name),
        loaders,
        catalog,
        listed: listedScreenshots(),
        onDisk,
        modes: MODES,
        only,
      })
    ).toEqual([]);
  });
});
