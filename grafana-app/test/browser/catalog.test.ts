/** The screenshot runner's bookkeeping (catalog.ts), on made-up catalogs: each defect is named. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CatalogState, catalogProblems, findShots, harnessEntry, screenshotsOf } from './catalog';

const MODES = ['dark', 'light'];
const catalog = [
  { name: 'issue-table', title: 'Issue stream' },
  { name: 'stack-trace', title: 'Stack trace' },
];
const consistent: CatalogState = {
  shots: ['issue-table', 'stack-trace'],
  loaders: ['issue-table', 'stack-trace'],
  catalog,
  listed: screenshotsOf(catalog, MODES),
  onDisk: ['issue-table-dark.png', 'issue-table-light.png', 'stack-trace-dark.png', 'stack-trace-light.png'],
  modes: MODES,
};
const listed = consistent.listed;

it('finds nothing wrong in a consistent catalog', () => {
  expect(catalogProblems(consistent)).toEqual([]);
  expect(listed).toContainEqual({ name: 'Stack trace (dark theme)', path: 'img/screenshots/stack-trace-dark.png' });
});

it.each<[string, Partial<CatalogState>, string]>([
  ['a shot without a loader', { loaders: ['issue-table'] }, 'shot stack-trace has no loader'],
  ['a loader without a shot', { loaders: [...consistent.loaders, 'gone'] }, 'loader gone has no shot'],
  [
    'a shot named unlike its file',
    { catalog: [catalog[0]!] },
    'stack-trace.shot.tsx exports no shot named stack-trace',
  ],
  ['a screenshot plugin.json lacks', { listed: listed.slice(1) }, 'lacks'],
  [
    'a screenshot listed under another title',
    { listed: listed.map((l, i) => (i === 0 ? { ...l, name: 'Issues' } : l)) },
    '"Issues", the shot\'s title gives "Issue stream (dark theme)"',
  ],
  [
    'a listed screenshot no shot makes',
    { listed: [...listed, { name: 'Old', path: 'img/screenshots/old-dark.png' }] },
    'lists img/screenshots/old-dark.png, which no shot makes',
  ],
  [
    'a listed screenshot missing on disk',
    { onDisk: consistent.onDisk.slice(1) },
    'which is not in src/img/screenshots/',
  ],
  ['a PNG no shot makes', { onDisk: [...consistent.onDisk, 'old-dark.png'] }, 'old-dark.png is made by no shot'],
])('names %s', (_, change, words) => {
  const problems = catalogProblems({ ...consistent, ...change });
  // A defect may show twice (a listed file that no shot makes is also not on disk): named at least once.
  expect(problems).toEqual(expect.arrayContaining([expect.stringContaining(words)]));
});

it('holds only the chosen shot to the list when SHOT is set', () => {
  const others = { listed: listed.filter((l) => l.path.includes('stack-trace')), onDisk: [] };
  expect(catalogProblems({ ...consistent, ...others, only: 'stack-trace' })).toEqual([]);
  expect(catalogProblems({ ...consistent, ...others, only: 'issue-table' })).toEqual([
    expect.stringContaining('lacks {"name":"Issue stream (dark theme)"'),
    expect.stringContaining('lacks {"name":"Issue stream (light theme)"'),
  ]);
});

it('finds shots anywhere under src and bundles each once', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shots-'));
  try {
    fs.mkdirSync(path.join(dir, 'components/StackTraceView'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'pages/issues'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'components/StackTraceView/stack-trace.shot.tsx'), '');
    fs.writeFileSync(path.join(dir, 'components/StackTraceView/StackTraceView.tsx'), '');
    fs.writeFileSync(path.join(dir, 'pages/issues/issue-table.shot.tsx'), '');
    const shots = findShots(dir);
    expect(shots.map((s) => s.name)).toEqual(['issue-table', 'stack-trace']);
    const entry = harnessEntry(shots);
    expect(entry).toContain("import shot1 from './");
    expect(entry).toMatch(/import shot1 from '\.\/.*components\/StackTraceView\/stack-trace\.shot';/);
    expect(entry).toContain('mountShots([shot0, shot1]);');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

it('finds the repository’s own shots and loaders', () => {
  expect(findShots().map((s) => s.name)).toContain('empty-state');
});
