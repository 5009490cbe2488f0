import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from './clickhouse';
import { COLUMN_TYPES } from './columns';
import { migrate } from './migrations';
import { WAL_TABLES } from './rows';

let store: Store;

beforeAll(async () => {
  store = await openStore({
    database: 'pulsetrace',
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'pt-columns-')),
  });
  await migrate(store.client);
});
afterAll(() => store.close());

// The sanitiser makes values valid by these types: a column the migrations add (or retype) that is
// not listed here would reach ClickHouse unchecked.
describe('COLUMN_TYPES', () => {
  it('lists every table the WAL carries', () => {
    expect(Object.keys(COLUMN_TYPES).sort()).toEqual([...WAL_TABLES].sort());
  });

  it.each(WAL_TABLES.map((t) => [t]))('%s: matches system.columns of the migrated schema', async (table) => {
    const result = await store.client.query({
      query: `SELECT name, type FROM system.columns
              WHERE database = currentDatabase() AND table = {table:String} ORDER BY name`,
      query_params: { table },
      format: 'JSONEachRow',
    });
    const actual = Object.fromEntries(
      (await result.json<{ name: string; type: string }>()).map((c) => [c.name, c.type]),
    );
    expect(Object.keys(actual).length).toBeGreaterThan(0);
    expect({ ...COLUMN_TYPES[table] }).toEqual(actual);
  });
});
