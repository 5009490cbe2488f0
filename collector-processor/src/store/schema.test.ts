import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixtureBody, loadFixtures } from '../../test/helpers/fixtures';
import { decodeOtlp } from '../otlp';
import { mapResource } from '../pipeline/map';
import { openStore, type Store } from './clickhouse';
import { migrate } from './migrations';
import { rowToJsonLine } from './row-json';
import { emptyRumRows, SIGNAL_TABLES, type RumRows } from './rows';

let store: Store;

beforeAll(async () => {
  store = await openStore({
    database: 'pulsetrace',
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'pt-schema-')),
  });
  await migrate(store.client);
});
afterAll(() => store.close());

async function rows<T>(query: string, params: Record<string, unknown> = {}): Promise<T[]> {
  const result = await store.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return result.json<T>();
}

/** Every row the captured real-SDK fixtures map to, by table. */
function fixtureRows(): RumRows {
  const all = emptyRumRows();
  for (const fixture of loadFixtures()) {
    const decoded = decodeOtlp(fixture.signal, fixtureBody(fixture), fixture.request.encoding);
    for (const resource of decoded.resources) {
      const mapped = mapResource(resource, {
        projectId: 'pschema',
        retentionDays: 3650,
        receivedAtMs: Date.now(),
      });
      for (const table of SIGNAL_TABLES) (all[table] as unknown[]).push(...mapped.rows[table]);
    }
  }
  return all;
}

describe('signal table schema', () => {
  it('re-running the migrations changes nothing', async () => {
    expect(await migrate(store.client)).toEqual([]);
  });

  // rowToJsonLine omits empty columns and relies on ClickHouse filling them with the type default.
  it('has no DEFAULT expressions on signal-table columns, so an omitted column is the empty value', async () => {
    const withDefaults = await rows<{ table: string; name: string }>(
      `SELECT table, name FROM system.columns
       WHERE database = currentDatabase() AND table IN {tables:Array(String)} AND default_kind != ''`,
      { tables: [...SIGNAL_TABLES] },
    );
    expect(withDefaults).toEqual([]);
  });

  it.each(SIGNAL_TABLES.map((t) => [t]))(
    '%s: a sparse JSON line stores the same row as the full JSON object',
    async (table) => {
      const sample = fixtureRows()[table].slice(0, 20) as unknown as Record<string, unknown>[];
      if (sample.length === 0) throw new Error(`no fixture maps to ${table}: add one`);
      const full = sample.map((row, i) => JSON.stringify({ ...row, event_id: `full-${i}` }));
      const sparse = sample.map((row, i) => rowToJsonLine({ ...row, event_id: `sparse-${i}` }));
      expect(sparse.join('').length).toBeLessThan(full.join('').length);
      await store.client.command({ query: `INSERT INTO ${table} FORMAT JSONEachRow\n${full.join('\n')}` });
      await store.client.command({ query: `INSERT INTO ${table} FORMAT JSONEachRow\n${sparse.join('\n')}` });
      const stored = await rows<Record<string, unknown>>(
        `SELECT * FROM ${table} WHERE project_id = 'pschema' AND event_id LIKE 'full-%' OR event_id LIKE 'sparse-%'`,
      );
      const byId = new Map(stored.map(({ event_id, ...rest }) => [String(event_id), rest]));
      expect(byId.size).toBe(sample.length * 2);
      for (let i = 0; i < sample.length; i++) expect(byId.get(`sparse-${i}`)).toEqual(byId.get(`full-${i}`));
    },
  );
});
