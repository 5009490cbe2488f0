/**
 * Child process of migrated-store.ts: applies every migration to an embedded store in
 * `<dir>/clickhouse` and closes it. `node --import tsx build-migrated-store.ts <dir>`.
 */
import { openStore } from '../../src/store/clickhouse';
import { migrateStore } from '../../src/store/migrations';

async function main(dir: string): Promise<void> {
  const store = await openStore({ dataDir: dir, database: 'default' });
  await migrateStore(store);
  await store.close();
}

main(process.argv[2]!).catch((err) => {
  process.stderr.write(`${(err as Error).stack ?? err}\n`);
  process.exit(1);
});
