/**
 * Two migration runners starting at once on one store (as two processors starting together on one
 * ClickHouse server or cluster): the `schema-migrations` lease lets one apply every migration
 * once while the other waits, then finds nothing left to do. One embedded store stands in for the
 * shared server: the lease and the record are plain SQL on shared tables, as they are there.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openStore, type Store } from './clickhouse';
import { loadMigrations, migrate, MIGRATION_LEASE, type MigrationLockOptions } from './migrations';
import { selectRows } from './query';

// Every migration runs here (5–10 s on a loaded 2-core machine): more than jest's default allows.
jest.setTimeout(90_000);

let store: Store;
beforeAll(async () => {
  store = await openStore({
    database: 'pulsetrace',
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'pt-migrate-lock-')),
  });
});
afterAll(() => store.close());

// A long ttl: a loaded CI machine may take seconds over one statement, and the holder must not lose
// the lease mid-run (it releases the lease when done, so the ttl costs no test time).
const timing = { settleMs: 100, visibilityMs: 100, ttlMs: 30_000, pollMs: 50 };
const lock = (holder: string): MigrationLockOptions => ({ ...timing, holder });

describe('migrations under the schema-migrations lease', () => {
  it('two runners at once: every migration applied exactly once, the loser waits and then proceeds', async () => {
    const all = loadMigrations().map((m) => m.version);
    const finished: Record<string, number> = {};
    const run = async (holder: string) => {
      const applied = await migrate(store.client, undefined, { lock: lock(holder) });
      finished[holder] = Date.now();
      return applied;
    };
    const [a, b] = await Promise.all([run('runner-a'), run('runner-b')]);

    // The smallest holder id wins a contested term (lease-state.ts): runner-a applies, runner-b waits.
    expect(a).toEqual(all);
    expect(b).toEqual([]);
    // The loser returned only once the last migration was recorded (chDB runs in this process: one clock).
    const [last] = await selectRows<{ at: number }>(
      store.client,
      'SELECT toUInt64(toUnixTimestamp64Milli(max(applied_at))) AS at FROM schema_migrations',
      {},
    );
    expect(finished['runner-b']).toBeGreaterThanOrEqual(Number(last!.at));
    // No FINAL: a migration recorded twice would show as two rows.
    const records = await selectRows<{ version: number; n: number }>(
      store.client,
      'SELECT version, toUInt32(count()) AS n FROM schema_migrations GROUP BY version ORDER BY version',
      {},
    );
    expect(records).toEqual(all.map((version) => ({ version, n: 1 })));
    // Both claimed the first term; one held it and released it when done.
    const log = await selectRows<{ term: number; holder: string; kind: string }>(
      store.client,
      'SELECT toUInt32(term) AS term, holder, kind FROM leases WHERE name = {name:String} ORDER BY at, holder, kind',
      { name: MIGRATION_LEASE },
    );
    // (runner-b may then open term 2 if the release lands between its two reads; it applies nothing.)
    const term1 = log.filter((r) => r.term === 1);
    expect(term1.filter((r) => r.kind === 'claim')).toEqual([
      expect.objectContaining({ term: 1, kind: 'claim' }),
      expect.objectContaining({ term: 1, kind: 'claim' }),
    ]);
    expect(term1.filter((r) => r.kind === 'release')).toEqual([
      { term: 1, holder: 'runner-a', kind: 'release' },
    ]);
  });

  it('a runner that finds nothing pending neither waits nor takes the lease', async () => {
    const before = await leaseRows();
    expect(await migrate(store.client, undefined, { lock: lock('runner-c') })).toEqual([]);
    expect(await leaseRows()).toBe(before);
  });

  it('a holder that outlives its lease stops before the next statement and records nothing', async () => {
    // One statement outlasts the ttl: its renewal comes after expiry, when another runner may
    // already hold the next term, so it must not apply the rest nor record the migration.
    const slow = [{ version: 9001, name: 'slow', statements: ['SELECT sleep(1)', 'SELECT 1'] }];
    const short = { ...lock('runner-e'), settleMs: 50, visibilityMs: 50, ttlMs: 600 };
    await expect(migrate(store.client, [...loadMigrations(), ...slow], { lock: short })).rejects.toThrow(
      /lost the schema-migrations lease while migrating .*safe to re-run/,
    );
    const recorded = await selectRows(
      store.client,
      'SELECT version FROM schema_migrations WHERE version = 9001',
      {},
    );
    expect(recorded).toEqual([]);
  });

  it('a runner gives up with what to check when the holder never finishes', async () => {
    // A holder that claimed a term and went silent (its process paused): the lease is still valid.
    const extra = [{ version: 9999, name: 'never', statements: ['SELECT 1'] }];
    await store.client.insert({
      table: 'leases',
      values: [
        { name: MIGRATION_LEASE, term: (await maxTerm()) + 1, holder: 'runner-0-paused', kind: 'claim' },
      ],
      format: 'JSONEachRow',
    });
    await new Promise((r) => setTimeout(r, 250)); // past settle + visibility: runner-0-paused holds the term
    await expect(
      migrate(store.client, [...loadMigrations(), ...extra], {
        lock: { ...lock('runner-d'), timeoutMs: 300 },
      }),
    ).rejects.toThrow(/waited 0.3 s for another processor's migrations .*check its log/);
  });
});

describe('cluster mode needs a server', () => {
  it('refuses CLICKHOUSE_CLUSTER with the embedded engine, saying what to set', async () => {
    await expect(openStore({ database: 'pulsetrace', dataDir: os.tmpdir(), cluster: 'pt' })).rejects.toThrow(
      /CLICKHOUSE_CLUSTER needs CLICKHOUSE_URL/,
    );
  });
});

async function leaseRows(): Promise<number> {
  const [r] = await selectRows<{ n: number }>(store.client, 'SELECT toUInt32(count()) AS n FROM leases', {});
  return r!.n;
}

async function maxTerm(): Promise<number> {
  const [r] = await selectRows<{ t: number }>(
    store.client,
    'SELECT toUInt32(max(term)) AS t FROM leases',
    {},
  );
  return r!.t;
}
