import { COLUMN_TYPES } from './columns';
import { WAL_TABLES } from './rows';
import { useMigratedStore } from '../../test/helpers/store';

const store = useMigratedStore('columns');

// The sanitiser makes values valid by these types: a column the migrations add (or retype) that is
// not listed here would reach ClickHouse unchecked.
describe('COLUMN_TYPES', () => {
  it('lists every table the WAL carries', () => {
    expect(Object.keys(COLUMN_TYPES).sort()).toEqual([...WAL_TABLES].sort());
  });

  it.each(WAL_TABLES.map((t) => [t]))('%s: matches system.columns of the migrated schema', async (table) => {
    const result = await store().client.query({
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
