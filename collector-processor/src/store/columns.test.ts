import { isStringColumnType, never, type TableSpec } from './column-spec';
import { COLUMN_TYPES, SCHEMA } from './columns';
import { WAL_TABLES } from './rows';
import { useMigratedStore } from '../../test/helpers/store';

const store = useMigratedStore('columns');

async function systemColumns(table: string): Promise<{ name: string; type: string }[]> {
  const result = await store().client.query({
    query: `SELECT name, type FROM system.columns
            WHERE database = currentDatabase() AND table = {table:String} ORDER BY name`,
    query_params: { table },
    format: 'JSONEachRow',
  });
  return result.json<{ name: string; type: string }>();
}

// The sanitiser makes values valid by these types: a column the migrations add (or retype) that is
// not listed here would reach ClickHouse unchecked.
describe('COLUMN_TYPES', () => {
  it('lists every table the WAL carries', () => {
    expect(Object.keys(COLUMN_TYPES).sort()).toEqual([...WAL_TABLES].sort());
  });

  it.each(WAL_TABLES.map((t) => [t]))('%s: matches system.columns of the migrated schema', async (table) => {
    const actual = Object.fromEntries((await systemColumns(table)).map((c) => [c.name, c.type]));
    expect(Object.keys(actual).length).toBeGreaterThan(0);
    expect({ ...COLUMN_TYPES[table] }).toEqual(actual);
  });
});

// The scrubber's column list comes from the same table (privacy/index.ts): a string column the
// migrations add must say how it is scrubbed, or why it never is, before this passes.
describe('SCHEMA scrub policies', () => {
  it.each(WAL_TABLES.map((t) => [t]))(
    '%s: every string column ClickHouse has carries a policy',
    async (table) => {
      const strings = (await systemColumns(table)).filter((c) => isStringColumnType(c.type));
      expect(strings.length).toBeGreaterThan(0);
      const unpoliced = strings
        .map((c) => c.name)
        .filter((name) => {
          const scrub = SCHEMA[table][name]?.scrub;
          return typeof scrub !== 'string' && !(scrub && scrub.never.trim());
        });
      expect(unpoliced).toEqual([]);
    },
  );

  it('reads the string types as system.columns spells them', () => {
    for (const t of [
      'String',
      'LowCardinality(String)',
      'Map(LowCardinality(String), String)',
      'Array(String)',
    ])
      expect([t, isStringColumnType(t)]).toEqual([t, true]);
    for (const t of ['UInt8', 'DateTime64(3)', 'Map(LowCardinality(String), Float64)', 'Array(UInt32)'])
      expect([t, isStringColumnType(t)]).toEqual([t, false]);
  });

  it('a string column without a policy does not compile', () => {
    const spec = {
      // @ts-expect-error: `scrub` is required for a String column (tsc checks this file).
      nickname: { type: 'String' },
      visits: { type: 'UInt32' },
      note: { type: 'String', scrub: never('test') },
    } satisfies TableSpec;
    expect(Object.keys(spec)).toEqual(['nickname', 'visits', 'note']);
  });
});
