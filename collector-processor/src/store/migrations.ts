import type { ClickHouseClient } from '@clickhouse/client';
import fs from 'node:fs';
import path from 'node:path';
import type { Store } from './clickhouse';
import { clusterMigrations, clusterStatements } from './cluster-ddl';
import { Lease } from './lease';
import type { LeaseTiming } from './lease-state';

export const MIGRATIONS_DIR = path.resolve(__dirname, '../../migrations');

export interface Migration {
  version: number;
  name: string;
  statements: string[];
}

/** Reads `NNNN_name.sql` files in version order; statements are separated by `;` at the end of a line. */
export function loadMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      statements: splitStatements(fs.readFileSync(path.join(dir, file), 'utf8')),
    }));
}

export function splitStatements(sql: string): string[] {
  const withoutComments = sql
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('--'))
    .join('\n');
  return withoutComments
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

export interface MigrateOptions {
  /** CLICKHOUSE_CLUSTER: every statement is rewritten for the cluster (cluster-ddl.ts). */
  cluster?: { cluster: string; database: string };
  /**
   * Take the `schema-migrations` lease (lease.ts) before applying, so that processors starting
   * together apply each migration once; the others wait until nothing is pending. For a server or
   * cluster. Embedded chDB needs none: one process owns its data directory.
   */
  lock?: boolean | MigrationLockOptions;
}

export interface MigrationLockOptions extends Partial<LeaseTiming> {
  holder?: string;
  /** How often a runner that does not hold the lease looks again. */
  pollMs?: number;
  /** How long a runner waits for another one's migrations before it gives up. */
  timeoutMs?: number;
}

export const SCHEMA_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS schema_migrations
      (version UInt32, name String, applied_at DateTime64(3) DEFAULT now64(3))
      ENGINE = ReplacingMergeTree ORDER BY version`;

/** The lock's table, as 0019 creates it (a test keeps the two equal): it must exist before 0019 runs. */
export const LEASES_DDL = `CREATE TABLE IF NOT EXISTS leases
(
    name LowCardinality(String),
    term UInt64,
    holder String,
    kind LowCardinality(String),
    at DateTime64(3) DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (name, term, at)
TTL toDateTime(at) + toIntervalDay(1)`;

export const MIGRATION_LEASE = 'schema-migrations';

/**
 * Applies every migration not yet recorded in `schema_migrations`, in order. Statements use
 * IF NOT EXISTS so a crash between a statement and the record is safe to re-run. With `lock`, one
 * runner per store (or cluster) applies them under a lease and the others wait for it to finish;
 * with `cluster`, the statements run in their cluster form and the record table is shared.
 */
export async function migrate(
  client: ClickHouseClient,
  migrations = loadMigrations(),
  options: MigrateOptions = {},
): Promise<number[]> {
  const { cluster } = options;
  const plan = cluster ? clusterMigrations(migrations, cluster) : migrations;
  const ddl = (statement: string) => (cluster ? clusterStatements(statement, cluster) : [statement]);
  const bootstrap = [SCHEMA_MIGRATIONS_DDL, ...(options.lock ? [LEASES_DDL] : [])].flatMap(ddl);
  for (const query of bootstrap) await client.command({ query });
  if (!options.lock) return applyPending(client, plan, async () => {});
  return migrateLocked(client, plan, options.lock === true ? {} : options.lock);
}

async function migrateLocked(
  client: ClickHouseClient,
  plan: Migration[],
  o: MigrationLockOptions,
): Promise<number[]> {
  // A minute: one ON CLUSTER statement may wait for every node; the holder renews between statements.
  const lease = new Lease(client, {
    ttlMs: 60_000,
    settleMs: 300,
    visibilityMs: 300,
    ...o,
    name: MIGRATION_LEASE,
  });
  const timeoutMs = o.timeoutMs ?? 10 * 60_000;
  const giveUpAt = Date.now() + timeoutMs;
  for (;;) {
    // Done once whoever held the lease has recorded everything (checked before claiming again).
    if ((await pending(client, plan)).length === 0) return [];
    const term = await lease.tick();
    if (term !== undefined) {
      try {
        return await applyPending(client, plan, async () => {
          if ((await lease.tick()) !== term)
            throw new Error(
              `lost the ${MIGRATION_LEASE} lease while migrating (paused past its ttl?): start again; ` +
                'every statement is safe to re-run',
            );
        });
      } finally {
        await lease.release();
      }
    }
    if (Date.now() > giveUpAt)
      throw new Error(
        `waited ${timeoutMs / 1000} s for another processor's migrations (lease ${MIGRATION_LEASE}): ` +
          'check its log; if it died, the lease expires after its ttl and the next start applies them',
      );
    await sleep(o.pollMs ?? 500);
  }
}

async function pending(client: ClickHouseClient, plan: Migration[]): Promise<Migration[]> {
  const result = await client.query({
    query: 'SELECT version FROM schema_migrations FINAL',
    format: 'JSONEachRow',
  });
  const applied = new Set((await result.json<{ version: number }>()).map((r) => Number(r.version)));
  return plan.filter((m) => !applied.has(m.version));
}

/** `check` runs before each statement: the lock holder confirms it still holds the lease. */
async function applyPending(
  client: ClickHouseClient,
  plan: Migration[],
  check: () => Promise<void>,
): Promise<number[]> {
  const newlyApplied: number[] = [];
  for (const migration of await pending(client, plan)) {
    for (const statement of migration.statements) {
      await check();
      await client.command({ query: statement });
    }
    await client.insert({
      table: 'schema_migrations',
      values: [{ version: migration.version, name: migration.name }],
      format: 'JSONEachRow',
    });
    newlyApplied.push(migration.version);
  }
  return newlyApplied;
}

/** The processor's start: the cluster form when the store is on a cluster, the lock on any server. */
export function migrateStore(store: Store, migrations = loadMigrations()): Promise<number[]> {
  return migrate(store.client, migrations, { cluster: store.cluster, lock: store.mode === 'server' });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
