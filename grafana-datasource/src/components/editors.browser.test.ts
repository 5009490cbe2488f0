/**
 * @jest-environment node
 */
/**
 * The plugin's editors in real Chromium, inside Grafana's light and dark themes (the jsdom tests
 * next to this file cannot see layout, styles or real HTTP). The harness page
 * (src/testing/browser/) renders the config, query, variable and annotation editors; the pickers
 * get their suggestions over HTTP from a fake of the processor's endpoints. The screenshots it
 * saves are the plugin's catalog screenshots (plugin.json info.screenshots).
 */
import fs from 'node:fs';
import path from 'node:path';
import { Browser, Locator, Page } from 'playwright-core';
import { TYPE_INFO } from '../query/catalog';
import { migrateQueryWithNotes } from '../query/migrate';
import { bundleHarness } from '../testing/browser/bundle';
import { launchChromium, openHarness, pngSize, ThemeMode } from '../testing/browser/chromium';
import type { HarnessState } from '../testing/browser/harness';
import { DASHBOARD_VARIABLES, PROJECTS, QUERY_SAMPLES, SETTINGS, VALUES } from '../testing/browser/samples';
import { HarnessServer, startHarnessServer } from '../testing/browser/server';
import { TokenKey } from '../types';

const SCREENSHOTS = path.resolve(__dirname, '../img/screenshots');
/** Section of the harness page → screenshot name (as listed in plugin.json). */
const SHOTS: Record<string, string> = {
  config: 'config-editor',
  queries: 'query-editor',
  variables: 'variable-annotation-editors',
};
const MODES: ThemeMode[] = ['light', 'dark'];
const TOKENS: TokenKey[] = ['readToken', 'writeToken', 'adminToken'];

/** Per saved query: option labels its type's editor must show. */
const OPTION_LABELS: Record<string, string[]> = {
  A: ['Metric', 'Percentiles', 'View', 'Group by'],
  B: ['Status', 'Search', 'Sort'],
  C: ['View', 'Methods', 'URL templates'],
  D: ['View', 'Events', 'Property'],
  E: ['Limit', 'Include bots'],
  F: ['Metric', 'Percentiles'],
};

let server: HarnessServer;
let browser: Browser;

beforeAll(async () => {
  const bundle = await bundleHarness();
  [server, browser] = await Promise.all([startHarnessServer(bundle), launchChromium()]);
}, 45_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const harness = (page: Page) => page.evaluate(() => window.harness as HarnessState);

/** "#rgb"/"#rrggbb" as getComputedStyle reports it. */
function rgb(hex: string): string {
  const digits = hex.replace('#', '');
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

async function waitForEditors(page: Page) {
  const ids = [
    'pulsetrace-config-url',
    ...QUERY_SAMPLES.map((s) => `pulsetrace-${s.saved.refId}-type`),
    'pulsetrace-variable-kind',
    'pulsetrace-annotation-project',
  ];
  for (const id of ids) {
    await page.locator(`#${id}`).waitFor({ state: 'visible' });
  }
  // Icons load after render (react-inlinesvg) and fonts on first use: the screenshot waits for both.
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}

interface Mark {
  changes: number;
  runs: number;
}

/** Where an editor's reports stand, to read what a later interaction reported. */
async function mark(page: Page, key: string): Promise<Mark> {
  const state = await harness(page);
  return { changes: state.changes[key]?.length ?? 0, runs: state.runs.length };
}

/**
 * The distinct values an editor reported since the mark, and which editors ran a query. Grafana's
 * Combobox (with downshift 9.5) reports one pick up to three times: harmless while every report
 * carries the same query.
 */
async function reportedSince(page: Page, key: string, since: Mark) {
  const state = await harness(page);
  const reports = (state.changes[key] ?? []).slice(since.changes).map((value) => JSON.stringify(value));
  return {
    values: [...new Set(reports)].map((value) => JSON.parse(value)),
    runs: new Set(state.runs.slice(since.runs)),
  };
}

async function optionNames(page: Page): Promise<string[]> {
  const label = page.getByRole('listbox').getByRole('option').locator('[class*="combobox-option-label"]');
  await label.first().waitFor();
  return label.allInnerTexts();
}

async function expectVisible(scope: Locator, texts: string[]) {
  for (const text of texts) {
    expect({ text, visible: await scope.getByText(text, { exact: true }).first().isVisible() }).toEqual({
      text,
      visible: true,
    });
  }
}

describe('editors in Chromium', () => {
  it('have their catalog screenshots listed in plugin.json', () => {
    const { info } = JSON.parse(fs.readFileSync(path.resolve(__dirname, '../plugin.json'), 'utf8'));
    const listed: string[] = info.screenshots.map((shot: { path: string }) => shot.path);
    const saved = Object.values(SHOTS).flatMap((name) => MODES.map((mode) => `img/screenshots/${name}-${mode}.png`));
    expect([...listed].sort()).toEqual([...saved].sort());
  });

  it.each(MODES)(
    'render in the %s theme and are saved as screenshots',
    async (mode) => {
      const { page, problems, close } = await openHarness(browser, server.url, mode);
      try {
        await waitForEditors(page);
        // Grafana's GlobalStyles paint the page in the theme's canvas colour (@grafana/data cannot load in Node).
        const { theme } = await harness(page);
        expect(theme.isDark).toBe(mode === 'dark');
        expect(await page.evaluate(() => getComputedStyle(document.body).backgroundColor)).toBe(rgb(theme.canvas));

        // Settings: saved tokens show as configured (the browser never has them); a missing one is a password field.
        const config = page.getByTestId('config');
        expect(await page.locator('#pulsetrace-config-url').inputValue()).toBe(SETTINGS.jsonData.url);
        expect(await page.locator('#pulsetrace-config-default-project').inputValue()).toBe(
          SETTINGS.jsonData.defaultProject
        );
        for (const key of TOKENS) {
          const input = page.locator(`#pulsetrace-config-${key}`);
          const configured = Boolean(SETTINGS.secureJsonFields[key]);
          expect([key, await input.getAttribute('type'), await input.inputValue(), await input.isDisabled()]).toEqual(
            configured ? [key, 'text', 'configured', true] : [key, 'password', '', false]
          );
        }
        const configured = TOKENS.filter((key) => SETTINGS.secureJsonFields[key]).length;
        expect(await config.getByRole('button', { name: 'Reset' }).count()).toBe(configured);

        // Queries: each shows its (migrated) type, its type's options, and what could not be kept.
        for (const { saved } of QUERY_SAMPLES) {
          const refId = String(saved.refId);
          const { query, notes } = migrateQueryWithNotes(saved);
          const row = page.getByTestId(`query-${refId}`);
          expect([refId, await page.locator(`#pulsetrace-${refId}-type`).inputValue()]).toEqual([
            refId,
            TYPE_INFO[query.type].label,
          ]);
          await expectVisible(row, [TYPE_INFO[query.type].description, ...OPTION_LABELS[refId], ...notes]);
          expect([refId, await row.getByRole('alert').count()]).toEqual([refId, notes.length > 0 ? 1 : 0]);
        }
        expect(await page.getByText('Parts of this saved query could not be kept').count()).toBe(1);
        expect(await page.getByText('These options could not be shown').count()).toBe(0);
        expect(await page.locator('#pulsetrace-C-project').getAttribute('placeholder')).toBe('Default (shop)');
        expect(await page.getByTestId('query-A').getByRole('radio', { name: 'LCP' }).isChecked()).toBe(true);
        expect(await page.locator('#pulsetrace-D-propertyKey').inputValue()).toBe('plan');
        await expectVisible(page.getByTestId('query-C'), ['GET', 'POST', '/api/cart/:id']);

        // Variable and annotation editors.
        expect(await page.locator('#pulsetrace-variable-kind').inputValue()).toBe('Releases');
        expect(await page.locator('#pulsetrace-variable-project').inputValue()).toBe('shop');
        expect(await page.locator('#pulsetrace-variable-search').inputValue()).toBe('1.');
        const annotation = page.getByTestId('variables');
        expect(await annotation.getByRole('radio', { name: 'New issues' }).isChecked()).toBe(true);
        await expectVisible(annotation, ['Environments', 'production', 'Releases']);

        fs.mkdirSync(SCREENSHOTS, { recursive: true });
        for (const [section, name] of Object.entries(SHOTS)) {
          const file = path.join(SCREENSHOTS, `${name}-${mode}.png`);
          const element = page.getByTestId(section);
          const box = (await element.boundingBox())!;
          await element.screenshot({ path: file, animations: 'disabled', caret: 'hide' });
          // The whole section, partial pixels included.
          const outwards = (start: number, length: number) => Math.ceil(start + length) - Math.floor(start);
          expect({ name, ...pngSize(file) }).toEqual({
            name,
            width: outwards(box.x, box.width),
            height: outwards(box.y, box.height),
          });
        }
        expect(problems).toEqual([]);
        expect(server.missing).toEqual([]);
      } finally {
        await close();
      }
    },
    30_000
  );

  it('suggest from the processor over HTTP and switch the query type in the browser', async () => {
    const { page, problems, close } = await openHarness(browser, server.url, 'dark');
    try {
      await waitForEditors(page);
      const variables = Object.keys(DASHBOARD_VARIABLES).map((name) => `$${name}`);

      // The project picker lists the processor's projects, then the dashboard's variables.
      const beforeProject = await mark(page, 'query-A');
      await page.locator('#pulsetrace-A-project').click();
      expect(await optionNames(page)).toEqual([...PROJECTS.map((p) => p.id), ...variables]);
      await page.getByRole('option', { name: 'blog' }).click();
      expect(await page.locator('#pulsetrace-A-project').inputValue()).toBe('blog');
      const project = await reportedSince(page, 'query-A', beforeProject);
      expect(project.values).toEqual([expect.objectContaining({ type: 'web_vitals', project: 'blog', metric: 'LCP' })]);
      expect(project.runs).toEqual(new Set(['query-A']));

      // The annotation's release picker asks the values endpoint for the project, over the time range.
      await page.locator('#pulsetrace-annotation-release').click();
      expect(await optionNames(page)).toEqual([...VALUES.releases.map((v) => v.value), ...variables]);
      const asked = server.requests.find((r) => r.includes('/projects/shop/values/releases?'));
      expect(asked).toBeDefined();
      const params = new URL(asked!.split(' ')[1], server.url).searchParams;
      expect(Number(params.get('to'))).toBeGreaterThan(Number(params.get('from')));
      expect(params.get('limit')).toBe('50');
      await page.keyboard.press('Escape');

      // Another query type: its options editor replaces the old one; project and limit stay.
      const liveNote = page.getByTestId('query-E').getByText('Limit is how many rows stay on screen', { exact: false });
      expect(await liveNote.count()).toBe(1);
      const beforeType = await mark(page, 'query-E');
      await page.locator('#pulsetrace-E-type').fill('HTTP');
      await page.getByRole('option', { name: TYPE_INFO.http.label }).click();
      const row = page.getByTestId('query-E');
      await row.getByText('URL templates', { exact: true }).waitFor();
      await expectVisible(row, ['Methods', TYPE_INFO.http.description]);
      expect(await row.getByText('Limit is how many rows stay on screen', { exact: false }).count()).toBe(0);
      expect(await page.locator('#pulsetrace-E-type').inputValue()).toBe(TYPE_INFO.http.label);
      const switched = await reportedSince(page, 'query-E', beforeType);
      expect(switched.values).toEqual([
        expect.objectContaining({ type: 'http', project: 'shop', limit: 100, view: 'endpoints' }),
      ]);
      expect(switched.runs).toEqual(new Set(['query-E']));

      // Resetting a saved token gives an empty password field; what is typed stays masked.
      const resets = TOKENS.filter((key) => SETTINGS.secureJsonFields[key]);
      await page.getByTestId('config').getByRole('button', { name: 'Reset' }).nth(resets.indexOf('writeToken')).click();
      const write = page.locator('#pulsetrace-config-writeToken');
      expect([await write.getAttribute('type'), await write.inputValue(), await write.isEnabled()]).toEqual([
        'password',
        '',
        true,
      ]);
      await write.fill('pt_write_example');
      expect(await write.getAttribute('type')).toBe('password');
      expect((await harness(page)).changes.config.at(-1)).toMatchObject({
        secureJsonFields: { readToken: true, writeToken: false },
        secureJsonData: { writeToken: 'pt_write_example' },
      });

      expect(server.requests).toContain(`GET /api/datasources/proxy/uid/pt/read/api/v1/projects`);
      expect(problems).toEqual([]);
      expect(server.missing).toEqual([]);
    } finally {
      await close();
    }
  }, 30_000);
});
