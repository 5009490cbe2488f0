/**
 * Data directories whose embedded ClickHouse already holds every migration, for test processors.
 *
 * Applying the migrations to an empty store takes a second (91 statements, about 10 ms each; more
 * on a loaded machine), and npm test starts well over a hundred processors. So the real migrations
 * run once per migration set into a template (in a child process: building it in a test's own
 * process would open a second chDB engine beside the one a running processor holds), and each test
 * gets a copy of it. The copy gets fresh table and database UUIDs: ClickHouse keys tables, and
 * caches such as the query condition cache, by UUID, and one jest worker opens many stores in turn.
 *
 * The migrations themselves are tested from an empty store (src/store/*migrations*.test.ts,
 * migrations.test.ts); the processor's start still runs migrateStore, which finds nothing pending.
 */
import { spawnSync } from 'node:child_process';
import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MIGRATIONS_DIR } from '../../src/store/migrations';

const REPO_ROOT = path.resolve(__dirname, '../../..');
/**
 * A UUID, with the directory before it when there is one: Atomic databases keep a table's files
 * under store/<first three characters of its UUID>/<UUID>.
 */
const UUID = /(?:([0-9a-f]{3})\/)?([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/g;
const COMPLETE = 'template-complete';

/** The migration files and the engine's version: a change to either builds a new template. */
function templateKey(): string {
  const hash = createHash('sha256');
  for (const file of fs.readdirSync(MIGRATIONS_DIR).sort()) {
    hash.update(file).update(fs.readFileSync(path.join(MIGRATIONS_DIR, file)));
  }
  const chdb = require.resolve('chdb/package.json', { paths: [path.join(REPO_ROOT, 'collector-processor')] });
  hash.update(fs.readFileSync(chdb));
  return hash.digest('hex').slice(0, 16);
}

let template: string | undefined;

/** The migrated template's `clickhouse/` directory, built on first use (once per machine and key). */
export function migratedTemplate(): string {
  if (template) return template;
  const final = path.join(os.tmpdir(), `pulsetrace-migrated-${templateKey()}`);
  if (!fs.existsSync(path.join(final, COMPLETE))) {
    // Built aside and renamed into place: jest workers racing here each build one, one rename wins.
    const building = fs.mkdtempSync(`${final}-building-`);
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', path.join(__dirname, 'build-migrated-store.ts'), building],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    if (result.status !== 0) {
      fs.rmSync(building, { recursive: true, force: true });
      throw new Error(
        `building the migrated test store failed (${result.status ?? result.signal}):\n${result.stderr}`,
      );
    }
    fs.writeFileSync(path.join(building, COMPLETE), '');
    try {
      fs.renameSync(building, final);
    } catch {
      fs.rmSync(building, { recursive: true, force: true });
      if (!fs.existsSync(path.join(final, COMPLETE))) fs.rmSync(final, { recursive: true, force: true });
    }
  }
  template = path.join(final, 'clickhouse');
  return template;
}

/** Copies a chDB data directory (closed) to `to`, giving every table and database a new UUID. */
export function copyWithFreshUuids(from: string, to: string): void {
  const fresh = new Map<string, string>();
  const uuidFor = (old: string) => fresh.get(old) ?? fresh.set(old, randomUUID()).get(old)!;
  // One pass: a UUID written here is never read again as an old one.
  const rewrite = (text: string) =>
    text.replace(UUID, (_, prefix: string | undefined, old: string) => {
      const uuid = uuidFor(old);
      return prefix === old.slice(0, 3)
        ? `${uuid.slice(0, 3)}/${uuid}`
        : `${prefix ? `${prefix}/` : ''}${uuid}`;
    });
  const walk = (relative: string) => {
    for (const entry of fs.readdirSync(path.join(from, relative), { withFileTypes: true })) {
      const source = path.join(from, relative, entry.name);
      const target = path.join(to, rewrite(path.join(relative, entry.name)));
      if (entry.isSymbolicLink()) {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.symlinkSync(rewrite(fs.readlinkSync(source)), target);
      } else if (entry.isDirectory()) {
        // Not store/<prefix> itself: its tables land under their new UUIDs' prefixes.
        if (relative !== 'store') fs.mkdirSync(target, { recursive: true });
        walk(path.join(relative, entry.name));
      } else if (entry.name.endsWith('.sql')) {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.writeFileSync(target, rewrite(fs.readFileSync(source, 'utf8')));
      } else {
        fs.mkdirSync(path.dirname(target), { recursive: true });
        fs.copyFileSync(source, target);
      }
    }
  };
  walk('');
}

/** A new data directory (as PULSETRACE_DATA_DIR) whose store is migrated. */
export function migratedDataDir(prefix = 'pt-data-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  copyWithFreshUuids(migratedTemplate(), path.join(dir, 'clickhouse'));
  return dir;
}
