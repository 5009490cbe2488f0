/**
 * The run-time mutations' SQL in each schema mode (docs/scaling.md "Cluster schema mode"): one node
 * names the table itself, as before; a cluster mutates every node's `x_local` ON CLUSTER and waits
 * through clusterAllReplicas. Pure: the chDB run is test/erasure-cluster.test.ts.
 */
import { deleteSaltsBefore } from '../enrich/salts';
import { REGROUP_ON_CLUSTER } from '../issues/regroup';
import { deleteStatements } from './tables';

const CLUSTER = { cluster: 'pt', database: 'pulsetrace' };
const WHERE = 'project_id = {project:String}';

describe('deleteRows SQL per mode', () => {
  it.each([
    [
      'one node: unchanged',
      undefined,
      {
        count: `SELECT count() AS n FROM errors WHERE ${WHERE}`,
        mutation: `ALTER TABLE errors DELETE WHERE ${WHERE}`,
        pending: `SELECT latest_fail_reason AS reason FROM system.mutations
       WHERE database = currentDatabase() AND table = {table:String} AND is_done = 0`,
        pendingParams: { table: 'errors' },
        left: `SELECT count() AS n FROM errors WHERE ${WHERE}`,
      },
    ],
    [
      'cluster: count through Distributed, mutate every local table, wait on every replica',
      CLUSTER,
      {
        count: `SELECT count() AS n FROM errors WHERE ${WHERE}`,
        mutation: `ALTER TABLE pulsetrace.errors_local ON CLUSTER pt DELETE WHERE ${WHERE}`,
        pending: `SELECT latest_fail_reason AS reason FROM clusterAllReplicas(pt, system.mutations)
       WHERE database = {db:String} AND table = {table:String} AND is_done = 0`,
        pendingParams: { db: 'pulsetrace', table: 'errors_local' },
        left: `SELECT count() AS n FROM clusterAllReplicas(pt, pulsetrace.errors_local) WHERE ${WHERE}`,
      },
    ],
  ])('%s', (_, cluster, expected) => {
    expect(deleteStatements('errors', WHERE, cluster)).toEqual(expected);
  });

  it.each([
    ['a table name that is not an identifier', 'errors; DROP TABLE x', CLUSTER],
    ['a cluster name that is not an identifier', 'errors', { cluster: 'pt) --', database: 'pulsetrace' }],
    ['a database name that is not an identifier', 'errors', { cluster: 'pt', database: 'a.b' }],
  ])('refuses %s', (_, table, cluster) => {
    expect(() => deleteStatements(table, WHERE, cluster)).toThrow(/invalid/);
  });
});

describe('visitor salts cleanup SQL per mode', () => {
  it.each([
    [
      'one node: synchronous, as before',
      undefined,
      {
        query: "ALTER TABLE visitor_salts DELETE WHERE day < toDate('2099-03-08')",
        settings: { mutations_sync: '1' },
      },
    ],
    [
      'cluster: every local table, queued without waiting for the nodes',
      CLUSTER,
      {
        query:
          "ALTER TABLE pulsetrace.visitor_salts_local ON CLUSTER pt DELETE WHERE day < toDate('2099-03-08')",
        settings: { distributed_ddl_task_timeout: '0' },
      },
    ],
  ])('%s', (_, cluster, expected) => {
    expect(deleteSaltsBefore('2099-03-08', cluster)).toEqual(expected);
  });

  it('refuses anything but a day', () => {
    expect(() => deleteSaltsBefore("2099-03-08') OR (1", CLUSTER)).toThrow(/not a day/);
  });
});

it('the regroup refusal says it is the cluster mode and what to do instead', () => {
  expect(REGROUP_ON_CLUSTER).toMatch(/not supported on a ClickHouse cluster yet/);
  expect(REGROUP_ON_CLUSTER).toMatch(/single-node copy/);
  expect(REGROUP_ON_CLUSTER).toMatch(/dry run/);
});
