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
  dataDir: string;
  requestTimeoutMs?: number;
}

export interface Store {
  client: ClickHouseClient;
  /** 'embedded' (chDB in-process) or 'server'. */
  mode: 'embedded' | 'server';
  close(): Promise<void>;
}

/**
 * One client for the whole process: chDB allows a single engine per data path, and a server
 * client pools its own sockets. Everything else in the code talks @clickhouse/client only.
 */
export async function openStore(settings: ClickHouseSettings): Promise<Store> {
  if (settings.url) {
    const bootstrap = createClient({
      url: settings.url,
      username: settings.user,
      password: settings.password,
      request_timeout: settings.requestTimeoutMs ?? 30_000,
    });
    await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(settings.database)}` });
    await bootstrap.close();
    const client = createClient({
      url: settings.url,
      username: settings.user,
      password: settings.password,
      database: settings.database,
      request_timeout: settings.requestTimeoutMs ?? 30_000,
    });
    return { client, mode: 'server', close: () => client.close() };
  }
  const dir = path.resolve(settings.dataDir, 'clickhouse');
  fs.mkdirSync(dir, { recursive: true });
  // chdb types its Connection against @clickhouse/client-common while @clickhouse/client ships its
  // own copy of the same interface; they are identical at runtime, so bridge the two type copies.
  const connection = createChdbConnection({ path: dir }) as unknown as NonNullable<ClientConnectionOption>;
  const client = createClient({ connection });
  return { client, mode: 'embedded', close: () => client.close() };
}

export function quoteIdentifier(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
    throw new Error(`invalid ClickHouse identifier "${name}": use letters, digits and underscores`);
  }
  return name;
}
