/**
 * What the screenshot runner (shots.test.ts) finds and checks, without a browser: the shots and
 * loaders on disk (globbed, so a slice adds a shot without editing a shared list), the entry that
 * bundles them, plugin.json's screenshot list, and Grafana's boot data for the page.
 */
import fs from 'node:fs';
import path from 'node:path';

export const APP_DIR = path.resolve(__dirname, '../..');
export const SCREENSHOTS = path.join(APP_DIR, 'src/img/screenshots');
const SHOT_SUFFIX = '.shot.tsx';

export interface ShotFile {
  name: string;
  /** Relative to APP_DIR, posix. */
  file: string;
}

/** Every src/**\/<name>.shot.tsx, by name. */
export function findShots(dir = path.join(APP_DIR, 'src')): ShotFile[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[])
    .filter((f) => f.endsWith(SHOT_SUFFIX))
    .map((f) => ({
      name: path.basename(f, SHOT_SUFFIX),
      file: path.relative(APP_DIR, path.join(dir, f)).split(path.sep).join('/'),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Every test/browser/loaders/<name>.ts, by name. */
export function findLoaders(dir = path.join(__dirname, 'loaders')): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.basename(f, '.ts'))
    .sort((a, b) => a.localeCompare(b));
}

/** The bundle's entry: the page script, every shot, mounted together (resolved from APP_DIR). */
export function harnessEntry(shots: ShotFile[]): string {
  return [
    "import { mountShots } from './src/testing/shot-harness';",
    ...shots.map((s, i) => `import shot${i} from './${s.file.replace(/\.tsx$/, '')}';`),
    `mountShots([${shots.map((_, i) => `shot${i}`).join(', ')}]);`,
  ].join('\n');
}

export interface Screenshot {
  name: string;
  path: string;
}

/** plugin.json's info.screenshots entries for these shots, as the runner writes them. */
export function screenshotsOf(catalog: Array<{ name: string; title: string }>, modes: string[]): Screenshot[] {
  return catalog
    .flatMap((c) =>
      modes.map((mode) => ({ name: `${c.title} (${mode} theme)`, path: `img/screenshots/${c.name}-${mode}.png` }))
    )
    .sort((a, b) => a.path.localeCompare(b.path));
}

export interface CatalogState {
  /** Shot files found (by name). */
  shots: string[];
  /** Loader files found (by name). */
  loaders: string[];
  /** The shots as the bundle has them (their own name and title). */
  catalog: Array<{ name: string; title: string }>;
  /** plugin.json's info.screenshots. */
  listed: Screenshot[];
  /** PNG file names in src/img/screenshots/. */
  onDisk: string[];
  modes: string[];
  /** SHOT=<name>: only that shot's files are held to the list (others may not be rendered yet). */
  only?: string;
}

/**
 * Everything that makes the catalog disagree with itself, as sentences (none: consistent): a shot
 * without a loader or the reverse, a shot named differently from its file, a screenshot plugin.json
 * lacks or names differently, a listed screenshot that is not on disk or a PNG no shot makes.
 */
export function catalogProblems(state: CatalogState): string[] {
  const problems: string[] = [];
  const mine = (name: string) => !state.only || name === state.only;
  for (const name of state.shots.filter((n) => !state.loaders.includes(n))) {
    problems.push(`shot ${name} has no loader: add test/browser/loaders/${name}.ts`);
  }
  for (const name of state.loaders.filter((n) => !state.shots.includes(n))) {
    problems.push(`loader ${name} has no shot: add src/components/<Name>/${name}.shot.tsx or remove the loader`);
  }
  for (const name of state.shots.filter((n) => !state.catalog.some((c) => c.name === n))) {
    problems.push(`${name}.shot.tsx exports no shot named ${name} (its default export's name must match the file)`);
  }
  const expected = screenshotsOf(state.catalog, state.modes);
  for (const shot of expected.filter((e) => mine(e.path.slice('img/screenshots/'.length).replace(/-\w+\.png$/, '')))) {
    const entry = state.listed.find((l) => l.path === shot.path);
    if (!entry) {
      problems.push(`plugin.json info.screenshots lacks ${JSON.stringify(shot)}`);
    } else if (entry.name !== shot.name) {
      problems.push(`plugin.json names ${shot.path} "${entry.name}", the shot's title gives "${shot.name}"`);
    }
  }
  if (!state.only) {
    for (const entry of state.listed.filter((l) => !expected.some((e) => e.path === l.path))) {
      problems.push(`plugin.json lists ${entry.path}, which no shot makes`);
    }
    for (const entry of state.listed.filter((l) => !state.onDisk.includes(l.path.replace('img/screenshots/', '')))) {
      problems.push(`plugin.json lists ${entry.path}, which is not in src/img/screenshots/`);
    }
    for (const file of state.onDisk.filter((f) => !expected.some((e) => e.path.endsWith(`/${f}`)))) {
      problems.push(`src/img/screenshots/${file} is made by no shot: remove it`);
    }
  }
  return problems;
}

export function listedScreenshots(pluginJson = path.join(APP_DIR, 'src/plugin.json')): Screenshot[] {
  const { info } = JSON.parse(fs.readFileSync(pluginJson, 'utf8')) as { info: { screenshots?: Screenshot[] } };
  return [...(info.screenshots ?? [])].sort((a, b) => a.path.localeCompare(b.path));
}

/**
 * Grafana's boot data, set before @grafana/runtime reads it: an Admin (every control enabled),
 * the page's theme, UTC, no other data sources (so no Tempo links).
 */
export const bootDataScript = `
var mode = new URLSearchParams(location.search).get('theme') === 'light' ? 'light' : 'dark';
window.grafanaBootData = {
  assets: { dark: '', light: '' },
  settings: { datasources: {}, featureToggles: {} },
  user: { orgRole: 'Admin', login: 'admin', name: 'Admin', theme: mode, lightTheme: mode === 'light', timezone: 'utc' },
  navTree: [],
};`;

/** "#rgb"/"#rrggbb" as getComputedStyle reports it. */
export function rgb(hex: string): string {
  const digits = hex.replace('#', '');
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join('') : digits;
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(full.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** The pixels an element covers, partial ones included. */
export const outwards = (start: number, length: number) => Math.ceil(start + length) - Math.floor(start);

/** Taller than a line of text with its padding, shorter than a scrolled-away page. */
export const plausibleHeight = (height: number) => height >= 48 && height <= 5000;
