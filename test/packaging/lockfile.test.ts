/**
 * package-lock.json is what `npm ci` (CI, .ci/run) installs, so it must be in step with every
 * package.json and name each platform's optional binaries (esbuild, swc, chdb …), or an install on
 * another OS changes it or misses its binary. Checked on a copy in a temp dir: npm's own resolution
 * (`npm install --package-lock-only`, no node_modules touched) must leave it byte for byte.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { mustRun, REPO_ROOT } from './helpers';

jest.setTimeout(120_000);

interface LockEntry {
  optionalDependencies?: Record<string, string>;
}
interface Lockfile {
  packages: Record<string, LockEntry>;
}

const readLock = (dir: string) => fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8');

/** The root and workspace package.json files and the lock, copied to a temp dir. */
function copyManifests(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-lockfile-'));
  const root = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    workspaces: string[];
  };
  for (const rel of [
    'package.json',
    'package-lock.json',
    ...root.workspaces.map((w) => `${w}/package.json`),
  ]) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.copyFileSync(path.join(REPO_ROOT, rel), path.join(dir, rel));
  }
  return dir;
}

/** What `npm install --package-lock-only` writes in `dir`. */
async function relock(dir: string): Promise<string> {
  await mustRun('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], {
    cwd: dir,
  });
  return readLock(dir);
}

/**
 * Optional dependencies that have no package to record: chdb 3.4.0 names a lib for each platform,
 * but the registry answers 404 for these three (`npm view @chdb/lib-darwin-arm64` …), so npm
 * skips them and the embedded ClickHouse has no prebuilt lib there. Should they be published,
 * the first test fails until the lock is regenerated.
 */
const UNPUBLISHED = new Set(['@chdb/lib-darwin-arm64', '@chdb/lib-darwin-x64', '@chdb/lib-linux-arm64-gnu']);

/**
 * Optional dependencies with no entry anywhere in the lock: what a lock written by an npm that
 * dropped other platforms' binaries looks like (npm/cli#4828).
 */
function missingOptionalDependencies(lock: Lockfile): string[] {
  const present = new Set(Object.keys(lock.packages).map((key) => key.replace(/^.*node_modules\//, '')));
  const missing = new Set<string>();
  for (const entry of Object.values(lock.packages))
    for (const name of Object.keys(entry.optionalDependencies ?? {}))
      if (!present.has(name) && !UNPUBLISHED.has(name)) missing.add(name);
  return [...missing].sort();
}

/** The lock entries `after` adds, removes or changes, for a failure message that says what to do. */
function changedEntries(before: string, after: string): string[] {
  const a = (JSON.parse(before) as Lockfile).packages;
  const b = (JSON.parse(after) as Lockfile).packages;
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  const changed = keys.filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]));
  return changed.map((k) => `${!a[k] ? 'added' : !b[k] ? 'removed' : 'changed'} ${k || '(root)'}`);
}

let dir: string;
beforeEach(() => {
  dir = copyManifests();
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

it('is what npm resolves from the package.json files: a fresh install does not change it', async () => {
  const before = readLock(dir);
  const after = await relock(dir);
  if (after !== before)
    throw new Error(
      `npm install would rewrite package-lock.json (${changedEntries(before, after).join('; ') || 'formatting'}): ` +
        'run `npm install --package-lock-only` and commit the lock',
    );
});

it("names every platform's optional binaries", () => {
  const lock = JSON.parse(readLock(dir)) as Lockfile;
  expect(missingOptionalDependencies(lock)).toEqual([]);
  // The ones this repo relies on, for Linux, macOS and Windows.
  for (const name of [
    '@esbuild/linux-x64',
    '@esbuild/darwin-arm64',
    '@esbuild/win32-x64',
    '@swc/core-darwin-arm64',
  ])
    expect(Object.keys(lock.packages)).toContain(`node_modules/${name}`);
});

describe('the checks catch a lock that is out of step', () => {
  it('a dependency added to a package.json but not to the lock', async () => {
    const cli = path.join(dir, 'cli/package.json');
    const pkg = JSON.parse(fs.readFileSync(cli, 'utf8'));
    pkg.dependencies['cli-progress'] = '^3.11.0';
    fs.writeFileSync(cli, JSON.stringify(pkg, null, 2));
    const before = readLock(dir);
    expect((await relock(dir)) === before).toBe(false);
  });

  it("a lock missing another platform's binary", () => {
    const lock = JSON.parse(readLock(dir)) as Lockfile;
    delete lock.packages['node_modules/@esbuild/darwin-arm64'];
    expect(missingOptionalDependencies(lock)).toEqual(['@esbuild/darwin-arm64']);
  });
});
