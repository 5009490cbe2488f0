/**
 * The test processors' migrated stores (helpers/migrated-store.ts): a copy opens with every
 * migration recorded and the same tables as a store migrated from empty, under UUIDs of its own,
 * and what one copy stores the next does not see.
 */
import fs from 'node:fs';
import path from 'node:path';
import { openStore, type Store } from '../src/store/clickhouse';
import { loadMigrations, migrateStore } from '../src/store/migrations';
import { migratedDataDir, migratedTemplate } from './helpers/migrated-store';
import { tempDataDir } from './helpers/processor';

jest.setTimeout(120_000);

async function rows<T>(store: Store, query: string): Promise<T[]> {
  return (await store.client.query({ query, format: 'JSONEachRow' })).json<T>();
}

// chDB's default database (Overlay) reports no UUID in system.tables: a table's directory
// (store/<prefix>/<UUID>/) tells which files it is on.
const TABLES = `SELECT name, arrayStringConcat(data_paths, ' ') AS paths, create_table_query AS ddl
  FROM system.tables WHERE database = currentDatabase() ORDER BY name`;
type Table = { name: string; paths: string; ddl: string };
const schema = (tables: Table[]) => tables.map((t) => [t.name, t.ddl]);
const uuidsOf = (tables: Table[]) =>
  tables.flatMap((t) => t.paths.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []);

async function inspect(dataDir: string, write?: string) {
  const store = await openStore({ dataDir, database: 'default' });
  try {
    const pending = await migrateStore(store);
    const tables = await rows<Table>(store, TABLES);
    const seen = await rows<{ id: string }>(store, 'SELECT id FROM projects');
    if (write)
      await store.client.command({
        query: `INSERT INTO projects (id, name) VALUES ('${write}', '${write}')`,
      });
    return { pending, tables, seen: seen.map((r) => r.id) };
  } finally {
    await store.close();
  }
}

describe('migrated test stores', () => {
  it('open fully migrated, with the schema of a store migrated from empty, each under its own UUIDs', async () => {
    const fromEmpty = await inspect(tempDataDir());
    expect(fromEmpty.pending).toEqual(loadMigrations().map((m) => m.version));

    const first = await inspect(migratedDataDir(), 'written-in-first');
    const second = await inspect(migratedDataDir());
    expect(first.pending).toEqual([]);
    expect(second.pending).toEqual([]);
    expect(schema(first.tables)).toEqual(schema(fromEmpty.tables));
    expect(schema(second.tables)).toEqual(schema(fromEmpty.tables));
    // Every table, materialized views included, under a UUID no other store here has.
    // (A materialized view lists its target table's directory too: counted once per store.)
    const uuids = [first, second, fromEmpty].flatMap((s) => [...new Set(uuidsOf(s.tables))]);
    expect(uuids.length).toBeGreaterThanOrEqual(3 * 40);
    expect(new Set(uuids).size).toBe(uuids.length);
    expect(second.seen).not.toContain('written-in-first');
  });

  it('leave the template as built', async () => {
    const template = migratedTemplate();
    const before = fs.readdirSync(path.join(template, 'store')).sort();
    await inspect(migratedDataDir(), 'written-in-copy');
    expect(fs.readdirSync(path.join(template, 'store')).sort()).toEqual(before);
  });
});
