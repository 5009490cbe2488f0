/**
 * Every migration (0001 onwards, whatever files exist) in its cluster form, checked with
 * ClickHouse's own parser and engine in chDB. No cluster, no Keeper and no ClickHouse server run
 * here: the statements are parsed (formatQuery), and then run on one chDB node with ON CLUSTER and
 * the Keeper arguments taken out, which checks what the schema means (Distributed tables over
 * existing local tables with the same columns, views wired local to local) but not replication.
 */
import { Session } from 'chdb';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { clusterMigrations, clusterStatements, mutationTarget } from './cluster-ddl';
import { CLUSTER_TABLES } from './cluster-tables';
import { LEASES_DDL, loadMigrations, SCHEMA_MIGRATIONS_DDL } from './migrations';
import { engineFeatures, parsesAs, tooNew } from '../../test/helpers/cluster-schema-checks';

// Every migration runs here (5–10 s on a loaded 2-core machine): more than jest's default allows.
jest.setTimeout(90_000);

const CLUSTER = { cluster: 'pulsetrace_sim', database: 'simdb' };
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-cluster-schema-'));
// A cluster the Distributed engine can name (nothing listens on it: nothing is sent).
fs.writeFileSync(
  path.join(dir, 'config.xml'),
  `<clickhouse><remote_servers><pulsetrace_sim><shard><replica><host>localhost</host><port>9000</port>` +
    `</replica></shard></pulsetrace_sim></remote_servers></clickhouse>`,
);
const session = new Session(path.join(dir, 'db'), { connectionArgs: [`--config-file=${dir}/config.xml`] });
afterAll(() => session.cleanup());

const migrations = loadMigrations();
const statements = [
  ...[SCHEMA_MIGRATIONS_DDL, LEASES_DDL].flatMap((s) => clusterStatements(s, CLUSTER)),
  ...clusterMigrations(migrations, CLUSTER).flatMap((m) => m.statements),
];
const json = <T>(sql: string): T[] =>
  session
    .query(sql, 'JSONEachRow')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as T);

describe('cluster form of every migration', () => {
  const formatted = statements.map((s) => parsesAs(session, s));

  it("parses in ClickHouse's own parser, ON CLUSTER and Replicated engines included", () => {
    expect(migrations.length).toBeGreaterThanOrEqual(19);
    expect(formatted.every((f) => f.length > 0)).toBe(true);
    expect(formatted.filter((f) => /ON CLUSTER pulsetrace_sim/.test(f))).toHaveLength(formatted.length);
    // The run-time mutations' cluster form (erasure, salts, regroup) parses too.
    for (const sql of [
      `ALTER TABLE ${mutationTarget('errors', CLUSTER)} DELETE WHERE project_id = 'p'`,
      `ALTER TABLE ${mutationTarget('errors', CLUSTER)} UPDATE fingerprint = 'f' WHERE 1`,
      `TRUNCATE TABLE ${mutationTarget('issues', CLUSTER)}`,
    ])
      expect(parsesAs(session, sql)).toContain('simdb.');
  });

  it('leaves no table on a non-replicated MergeTree engine and gives each local table a Distributed one', () => {
    const engines = formatted
      .filter((f) => f.startsWith('CREATE TABLE'))
      .map((f) => ({
        name: f.match(/^CREATE TABLE (?:IF NOT EXISTS )?simdb\.(\w+)/)![1]!,
        engine: engineOf(f),
      }));
    for (const { name, engine } of engines) {
      if (name.endsWith('_local'))
        expect([name, engine]).toEqual([name, expect.stringMatching(/^Replicated\w*MergeTree$/)]);
      else expect([name, engine]).toEqual([name, 'Distributed']);
    }
    const locals = engines.filter((e) => e.name.endsWith('_local')).map((e) => e.name.slice(0, -6));
    const distributed = engines.filter((e) => e.engine === 'Distributed').map((e) => e.name);
    expect(distributed.sort()).toEqual(locals.sort());
    // Every table a migration creates has a sharding key decided for it.
    expect(locals.filter((t) => !(t in CLUSTER_TABLES))).toEqual([]);
  });

  it('runs on one node: Distributed over the local table with the same columns, views local to local', () => {
    session.query('CREATE DATABASE IF NOT EXISTS simdb');
    for (const s of statements) session.query(singleNode(s));
    const tables = json<{ name: string; engine: string; engine_full: string; dependencies_table: string[] }>(
      "SELECT name, engine, engine_full, dependencies_table FROM system.tables WHERE database = 'simdb'",
    );
    const columns = (t: string) =>
      json<{ name: string; type: string }>(
        `SELECT name, type FROM system.columns WHERE database = 'simdb' AND table = '${t}' ORDER BY position`,
      );
    const distributed = tables.filter((t) => t.engine === 'Distributed');
    expect(distributed.length).toBeGreaterThanOrEqual(40);
    for (const d of distributed) {
      expect(d.engine_full).toContain(`'${d.name}_local'`);
      expect({ table: d.name, columns: columns(d.name) }).toEqual({
        table: d.name,
        columns: columns(`${d.name}_local`),
      });
    }
    const views = tables.filter((t) => t.engine === 'MaterializedView');
    expect(views.map((v) => v.name).sort()).toEqual(
      expect.arrayContaining(['issues_mv', 'sessions_from_page_views_mv', 'web_vitals_1m_mv']),
    );
    for (const v of views) {
      const sources = tables.filter((t) => t.dependencies_table.includes(v.name)).map((t) => t.name);
      const target = json<{ q: string }>(
        `SELECT create_table_query AS q FROM system.tables WHERE database = 'simdb' AND name = '${v.name}'`,
      )[0]!.q.match(/ TO simdb\.(\w+)/)![1]!;
      expect({ view: v.name, sources, target }).toEqual({
        view: v.name,
        sources: [expect.stringMatching(/_local$/)],
        target: expect.stringMatching(/_local$/),
      });
    }
  });

  it('local views still aggregate: an error row reaches the issue and session aggregates on its shard', () => {
    session.query(
      `INSERT INTO simdb.errors_local (project_id, retention_days, timestamp, received_at, session_id, fingerprint, url)
       VALUES ('p', 30, now64(3), now64(3), 's1', 'fp1', 'https://shop.example/')`,
    );
    expect(
      json(`SELECT fingerprint, toUInt32(sum(events)) AS n FROM simdb.issues_local GROUP BY fingerprint`),
    ).toEqual([{ fingerprint: 'fp1', n: 1 }]);
    expect(
      json(`SELECT session_id, toUInt32(sum(errors)) AS n FROM simdb.sessions_local GROUP BY session_id`),
    ).toEqual([{ session_id: 's1', n: 1 }]);
  });

  it('uses only functions and MergeTree settings that ClickHouse 24.8 has', () => {
    const used = engineFeatures(formatted);
    expect(used.functions.length).toBeGreaterThan(30);
    expect(tooNew(session, used, '24.8')).toEqual({ functions: [], settings: [], unknown: [] });
  });

  it('creates the lock table exactly as migration 0019 does', () => {
    const leases = migrations
      .find((m) => m.version === 19)!
      .statements.find((s) => /TABLE IF NOT EXISTS leases/.test(s));
    expect(parsesAs(session, LEASES_DDL)).toBe(parsesAs(session, leases!));
  });
});

function engineOf(formatted: string): string {
  return formatted.match(/\bENGINE = (\w+)/)![1]!;
}

/** The statement as one chDB node runs it: no ON CLUSTER, no Keeper path and replica arguments. */
function singleNode(sql: string): string {
  return sql
    .replace(/ ON CLUSTER pulsetrace_sim/g, '')
    .replace(/ SYNC$/, '')
    .replace(/Replicated(\w*MergeTree)\('[^']*', '[^']*'(?:, )?/g, '$1(');
}
