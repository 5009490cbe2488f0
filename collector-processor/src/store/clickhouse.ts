import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { createChdbConnection } from 'chdb/connection';
import fs from 'node:fs';
import path from 'node:path';

type ClientConnectionOption = NonNullable<Parameters<typeof createClient>[0]>['connection'];

export interface ClickHouseSettings {
  /** Server URL; when empty the embedded chDB engine stores data under `dataDir`. */
  url?: string;
  user?: string;
  password?: string;
  database: string;
  /** CLICKHOUSE_CLUSTER: the schema's cluster mode (cluster-ddl.ts); server only. */
  cluster?: string;
  dataDir: string;
  requestTimeoutMs?: number;
}

/** Settings an insert carries; values are strings or numbers as ClickHouse settings are. */
export type InsertSettings = Record<string, string | number>;

export interface Store {
  client: ClickHouseClient;
  /** 'embedded' (chDB in-process) or 'server'. */
  mode: 'embedded' | 'server';
  /** Set in cluster mode: migrations run in their cluster form (migrations.ts migrateStore). */
  cluster?: { cluster: string; database: string };
  /**
   * Embedded only: inserts JSONEachRow bytes through chDB's raw-insert entry point, which hands
   * the buffer to the engine's input-format parser. The same rows sent as inline data of an
   * INSERT statement make chDB lex the whole statement text first: 1.5–4.5 µs more CPU per row
   * and 100–200 MB more peak memory per batch (docs/benchmarks.md).
   */
  insertJsonEachRow?: (table: string, rows: Buffer, settings: InsertSettings) => Promise<void>;
  close(): Promise<void>;
}

/**
 * One client for the whole process: chDB allows a single engine per data path, and a server
 * client pools its own sockets. Everything else in the code talks @clickhouse/client only.
 */
export async function openStore(settings: ClickHouseSettings): Promise<Store> {
  if (settings.cluster && !settings.url) {
    throw new Error(
      'CLICKHOUSE_CLUSTER needs CLICKHOUSE_URL (a server of that cluster): the embedded engine is one node',
    );
  }
  if (settings.url) {
    const cluster = settings.cluster
      ? { cluster: quoteIdentifier(settings.cluster), database: quoteIdentifier(settings.database) }
      : undefined;
    const bootstrap = createClient({
      url: settings.url,
      username: settings.user,
      password: settings.password,
      request_timeout: settings.requestTimeoutMs ?? 30_000,
    });
    const onCluster = cluster ? ` ON CLUSTER ${cluster.cluster}` : '';
    await bootstrap.command({
      query: `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(settings.database)}${onCluster}`,
    });
    await bootstrap.close();
    const client = createClient({
      url: settings.url,
      username: settings.user,
      password: settings.password,
      database: settings.database,
      request_timeout: settings.requestTimeoutMs ?? 30_000,
      // Through a Distributed table an insert is acknowledged once every shard has stored its part,
      // not when queued on the node: the WAL checkpoint and the deduplication token rely on that.
      clickhouse_settings: cluster ? { insert_distributed_sync: 1 } : undefined,
    });
    return { client, mode: 'server', cluster, close: () => client.close() };
  }
  const dir = path.resolve(settings.dataDir, 'clickhouse');
  fs.mkdirSync(dir, { recursive: true });
  // chdb types its Connection against @clickhouse/client-common while @clickhouse/client ships its
  // own copy of the same interface; they are identical at runtime, so bridge the two type copies.
  const chdb = createChdbConnection({ path: dir });
  const client = createClient({ connection: chdb as unknown as NonNullable<ClientConnectionOption> });
  return {
    client,
    mode: 'embedded',
    insertJsonEachRow: async (table, rows, settings) => {
      await chdb.chdb.rawInsert({
        table: quoteIdentifier(table),
        values: rows,
        format: 'JSONEachRow',
        settings,
      });
    },
    close: () => client.close(),
  };
}

export function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`invalid ClickHouse identifier "${name}": use letters, digits and underscores`);
  }
  return name;
}
