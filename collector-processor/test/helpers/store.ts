import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from '../../src/store/clickhouse';
import { migrate } from '../../src/store/migrations';

/**
 * A migrated embedded ClickHouse of its own (a fresh temp dir) for one test file: opened before its
 * tests, closed after. Call at the top level of the file; the returned function gives the store.
 */
export function useMigratedStore(prefix: string): () => Store {
  let store: Store | undefined;
  beforeAll(async () => {
    store = await openStore({
      database: 'pulsetrace',
      dataDir: fs.mkdtempSync(path.join(os.tmpdir(), `pt-${prefix}-`)),
    });
    await migrate(store.client);
  });
  afterAll(() => store?.close());
  return () => {
    if (!store) throw new Error('the store opens in beforeAll: use it inside a test');
    return store;
  };
}
