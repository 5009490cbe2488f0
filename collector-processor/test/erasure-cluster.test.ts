/**
 * Erasure, project purge, the salts' cleanup and the regroup refusal in the cluster schema mode,
 * run in chDB against a one-node cluster from a config file (test/helpers/cluster-schema-checks.ts).
 * The migrations run in their cluster form: each table `x` is a Distributed table over `x_local`.
 * No Keeper runs here, so every statement reaches chDB without ON CLUSTER and with plain MergeTree
 * engines (singleNodeClient); the test checks the statements the code issued in their cluster form
 * (ON CLUSTER on `x_local`, never a mutation of a Distributed table) and, through the Distributed
 * tables and clusterAllReplicas, that the rows are gone and other rows stay. Replication, and
 * mutations running on several replicas, are not exercised (docs/scaling.md).
 */
import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { Session } from 'chdb';
import { createChdbConnection } from 'chdb/connection';
import express from 'express';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { ErasureService } from '../src/erasure/erase';
import { startProjectPurge } from '../src/erasure/project-purge';
import { dataTables, deleteStatements } from '../src/erasure/tables';
import { deleteSaltsBefore, VisitorSalts } from '../src/enrich/salts';
import { oldestKeptDay } from '../src/enrich/visitor';
import { regroupRefusal, REGROUP_ON_CLUSTER, RegroupService } from '../src/issues/regroup';
import { regroupRoutes } from '../src/issues/regroup-routes';
import { createMetrics } from '../src/observability/metrics';
import type { ProjectStore } from '../src/projects/project-store';
import { migrate } from '../src/store/migrations';
import { selectRows } from '../src/store/query';
import type { Wal } from '../src/wal/wal';
import { oneNodeClusterConfig, parsesAs, singleNodeClient } from './helpers/cluster-schema-checks';

// Every migration runs first (5–10 s on a loaded 2-core machine).
jest.setTimeout(90_000);

const CLUSTER = { cluster: 'pulsetrace_sim', database: 'default' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-erasure-cluster-'));
fs.writeFileSync(path.join(dir, 'config.xml'), oneNodeClusterConfig(CLUSTER.cluster));
// The session loads the config; the client's connection shares its engine (same data path).
const session = new Session(path.join(dir, 'db'), { connectionArgs: [`--config-file=${dir}/config.xml`] });
const raw = createClient({
  connection: createChdbConnection({ path: path.join(dir, 'db') }) as unknown as NonNullable<
    NonNullable<Parameters<typeof createClient>[0]>['connection']
  >,
});
const seen: string[] = [];
const client: ClickHouseClient = singleNodeClient(raw, CLUSTER.cluster, seen);
const log = pino({ level: 'silent' });
const position = { segment: 0, offset: 0 };
const wal = {
  durableEnd: () => position,
  checkpointPosition: () => position,
  releaseStored: async () => undefined,
} as unknown as Wal;

const NOW = Date.now();
const ts = new Date(NOW).toISOString().replace('T', ' ').replace('Z', '');
const row = (project: string, user: string, session: string) => ({
  project_id: project,
  retention_days: 30,
  timestamp: ts,
  received_at: ts,
  session_id: session,
  user_id: user,
});

/** Rows through the Distributed tables, as the batch writer inserts them in cluster mode. */
async function insert(table: string, values: Record<string, unknown>[]) {
  await client.insert({
    table,
    values,
    format: 'JSONEachRow',
    clickhouse_settings: { insert_distributed_sync: 1 },
  });
}

const count = async (sql: string) => Number((await selectRows<{ n: string }>(client, sql, {}))[0].n);
/** Rows of `where` in `table`, through its Distributed table and on every replica's local table. */
const rowsIn = async (table: string, where: string) => ({
  distributed: await count(`SELECT count() AS n FROM ${table} WHERE ${where}`),
  replicas: await count(
    `SELECT count() AS n FROM clusterAllReplicas(${CLUSTER.cluster}, ${CLUSTER.database}.${table}_local) WHERE ${where}`,
  ),
});
const mutations = () =>
  seen.filter((s) => /^\s*(ALTER TABLE \S+ (ON CLUSTER \S+ )?(DELETE|UPDATE)|TRUNCATE)/.test(s));

beforeAll(async () => {
  await migrate(client, undefined, { cluster: CLUSTER });
  for (const table of ['errors', 'page_views', 'custom_events']) {
    await insert(table, [
      row('p1', 'alice', 's-alice'),
      row('p1', 'alice', 's-alice'),
      row('p1', 'bob', 's-bob'),
      row('p2', 'alice', 's-alice-2'),
    ]);
  }
});

afterAll(async () => {
  await raw.close();
  session.cleanup();
});

describe('erasure and project purge in the cluster schema mode (one-node cluster in chDB)', () => {
  it("issues cluster statements that ClickHouse's parser takes as written (ON CLUSTER included)", () => {
    const sql = deleteStatements('errors', "project_id = 'p'", CLUSTER);
    for (const q of [sql.mutation, sql.pending, sql.left, deleteSaltsBefore('2099-03-08', CLUSTER).query])
      expect(parsesAs(session, q)).not.toBe('');
    expect(parsesAs(session, sql.mutation)).toContain('ON CLUSTER pulsetrace_sim');
  });

  it('the schema is the cluster one: Distributed tables over _local tables', async () => {
    const engines = await selectRows<{ name: string; engine: string }>(
      client,
      "SELECT name, engine FROM system.tables WHERE database = currentDatabase() AND name IN ('errors', 'errors_local')",
      {},
    );
    expect(Object.fromEntries(engines.map((e) => [e.name, e.engine]))).toEqual({
      errors: 'Distributed',
      errors_local: 'MergeTree',
    });
    expect(await rowsIn('page_views', "user_id = 'alice'")).toEqual({ distributed: 3, replicas: 3 });
  });

  it('dataTables lists the Distributed tables with their local engines and columns, never a _local table', async () => {
    const tables = await dataTables(client, CLUSTER);
    const names = tables.map((t) => t.name);
    expect(names.filter((n) => n.endsWith('_local'))).toEqual([]);
    expect(names).toEqual(expect.arrayContaining(['errors', 'page_views', 'sessions', 'issues']));
    expect(names).not.toContain('data_erasures');
    const errors = tables.find((t) => t.name === 'errors')!;
    expect(errors.engine).toBe('MergeTree');
    expect(errors.columns.has('user_id')).toBe(true);
    expect(tables.find((t) => t.name === 'sessions')!.engine).toBe('AggregatingMergeTree');
    // Without the cluster option the same catalogue yields only the local tables: the wrong names.
    expect((await dataTables(client)).every((t) => t.name.endsWith('_local'))).toBe(true);
  });

  it("an erasure deletes one user's rows of one project on every replica, by ON CLUSTER mutations of the local tables", async () => {
    seen.length = 0;
    const metrics = createMetrics();
    const service = new ErasureService({ client, wal, log, metrics, cluster: CLUSTER, walWaitMs: 1_000 });
    const started = service.start('p1', 'user', 'alice', 'test');
    await service.idle();
    const done = await service.get('p1', started.id);
    expect({ status: done?.status, error: done?.error }).toEqual({ status: 'done', error: '' });
    expect(done?.tables).toMatchObject({ errors: 2, page_views: 2, custom_events: 2 });

    for (const table of ['errors', 'page_views', 'custom_events']) {
      expect([table, await rowsIn(table, "project_id = 'p1' AND user_id = 'alice'")]).toEqual([
        table,
        { distributed: 0, replicas: 0 },
      ]);
      expect([table, await rowsIn(table, "project_id = 'p1' AND user_id = 'bob'")]).toEqual([
        table,
        { distributed: 1, replicas: 1 },
      ]);
      expect([table, await rowsIn(table, "project_id = 'p2' AND user_id = 'alice'")]).toEqual([
        table,
        { distributed: 1, replicas: 1 },
      ]);
    }
    // The session aggregate loses alice's session only.
    expect(await rowsIn('sessions', "project_id = 'p1' AND session_id = 's-alice'")).toEqual({
      distributed: 0,
      replicas: 0,
    });
    expect(
      (await rowsIn('sessions', "project_id = 'p1' AND session_id = 's-bob'")).distributed,
    ).toBeGreaterThan(0);

    const issued = mutations();
    expect(issued.length).toBeGreaterThanOrEqual(3);
    for (const sql of issued)
      expect(sql).toMatch(/^ALTER TABLE default\.\w+_local ON CLUSTER pulsetrace_sim DELETE WHERE /);
    expect(issued.some((s) => s.startsWith('ALTER TABLE default.errors_local ON CLUSTER'))).toBe(true);
    // Waited for through every replica's system.mutations.
    expect(seen.some((s) => s.includes('clusterAllReplicas(pulsetrace_sim, system.mutations)'))).toBe(true);
  });

  it("a project purge deletes every row of the deleted project on every replica and keeps the other project's", async () => {
    seen.length = 0;
    const projects = {
      list: () => [{ id: 'p1', deletedAt: NOW - 10_000 }],
      restoreWindowMs: 1_000,
    } as unknown as ProjectStore;
    const startPurge = () =>
      startProjectPurge({
        client,
        projects,
        wal,
        dataDir: dir,
        intervalMs: 3_600_000,
        log,
        metrics: createMetrics(),
        cluster: CLUSTER,
      });
    const purge = startPurge();
    try {
      expect(await purge.runOnce(NOW)).toEqual(['p1']);
    } finally {
      await purge.stop();
    }
    const [audit] = await selectRows<{ status: string; error: string }>(
      client,
      "SELECT status, error FROM data_erasures FINAL WHERE id = 'purge_p1'",
      {},
    );
    expect(audit).toEqual({ status: 'done', error: '' });
    for (const table of ['errors', 'page_views', 'custom_events', 'sessions', 'issues']) {
      expect([table, await rowsIn(table, "project_id = 'p1'")]).toEqual([
        table,
        { distributed: 0, replicas: 0 },
      ]);
    }
    for (const table of ['errors', 'page_views', 'custom_events']) {
      expect([table, await rowsIn(table, "project_id = 'p2'")]).toEqual([
        table,
        { distributed: 1, replicas: 1 },
      ]);
    }
    expect(await count("SELECT count() AS n FROM sessions WHERE project_id = 'p2'")).toBeGreaterThan(0);
    for (const sql of mutations())
      expect(sql).toMatch(
        /^ALTER TABLE default\.\w+_local ON CLUSTER pulsetrace_sim DELETE WHERE project_id = /,
      );
    // The next pass finds the purge done.
    const again = startPurge();
    expect(await again.runOnce(NOW)).toEqual([]);
    await again.stop();
  });

  it('the old visitor salts are deleted by an ON CLUSTER mutation of visitor_salts_local', async () => {
    await insert('visitor_salts', [{ day: '2001-01-01', salt: 'old', created_at: ts }]);
    seen.length = 0;
    const salts = new VisitorSalts({ client, log, cluster: CLUSTER });
    await salts.refresh();
    expect(mutations()).toEqual([
      "ALTER TABLE default.visitor_salts_local ON CLUSTER pulsetrace_sim DELETE WHERE day < toDate('" +
        oldestKeptDay(Date.now()) +
        "')",
    ]);
    // Queued without waiting on a cluster: poll until it has run.
    for (let i = 0; i < 100; i++) {
      if ((await count("SELECT count() AS n FROM visitor_salts WHERE day = '2001-01-01'")) === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await count("SELECT count() AS n FROM visitor_salts WHERE day = '2001-01-01'")).toBe(0);
    expect(salts.knownDays().length).toBeGreaterThan(0);
    await salts.stop();
  });

  it('a regroup is refused before anything is written; a dry run still counts', async () => {
    expect(await regroupRefusal(client)).toBe(REGROUP_ON_CLUSTER);
    seen.length = 0;
    const service = new RegroupService(client, log);
    expect(await service.unsupported()).toBe(REGROUP_ON_CLUSTER);
    const job = service.start('p1', {}, false, 'test');
    const dry = service.start('p2', {}, true, 'test');
    for (let i = 0; i < 200 && (job.status === 'running' || dry.status === 'running'); i++)
      await new Promise((r) => setTimeout(r, 50));
    expect({ status: job.status, error: job.error }).toEqual({ status: 'failed', error: REGROUP_ON_CLUSTER });
    expect({ status: dry.status, total: dry.total }).toEqual({ status: 'done', total: 1 });
    expect(seen.filter((s) => /CREATE TABLE|ALTER TABLE|TRUNCATE|INSERT/i.test(s))).toEqual([]);
  });

  it('the regroup API answers 501 with what to do, and still starts a dry run', async () => {
    const project = { id: 'p1', name: 'shop', settings: {} };
    const projects = {
      get: (id: string) => (id === 'p1' ? project : undefined),
      resolve: (ref: string) => (ref === 'p1' ? { project } : { missing: true }),
    } as unknown as ProjectStore;
    const app = express().use(
      '/api/v1',
      regroupRoutes({ projects, client, tokens: { admin: 'admin-token', projects }, log }),
    );
    const server = app.listen(0);
    try {
      const { port } = server.address() as AddressInfo;
      const post = (body: unknown) =>
        fetch(`http://127.0.0.1:${port}/api/v1/projects/p1/regroup`, {
          method: 'POST',
          headers: { authorization: 'Bearer admin-token', 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
      const refused = await post({});
      expect({ status: refused.status, body: await refused.json() }).toEqual({
        status: 501,
        body: { error: REGROUP_ON_CLUSTER },
      });
      const dry = await post({ dryRun: true });
      expect(dry.status).toBe(202);
      // Followed to its end: nothing may still query the engine when the file closes it.
      const { statusUrl } = (await dry.json()) as { statusUrl: string };
      let job: { status: string } = { status: 'running' };
      for (let i = 0; i < 200 && job.status === 'running'; i++) {
        await new Promise((r) => setTimeout(r, 50));
        const res = await fetch(`http://127.0.0.1:${port}${statusUrl}`, {
          headers: { authorization: 'Bearer admin-token' },
        });
        job = (await res.json()) as { status: string };
      }
      expect(job.status).toBe('done');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
