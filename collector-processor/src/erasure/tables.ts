/**
 * Deleting rows everywhere they are: the tables come from ClickHouse's catalogue, not from a list
 * here, so a table a later migration adds with a `project_id`, `user_id` or `visitor_id` column
 * is erased and purged without a change to this code.
 *
 * In the cluster schema mode (Store.cluster, docs/scaling.md "Cluster schema mode") each table `x`
 * is a Distributed table over `x_local` on every node: rows are counted through `x`, and deleted
 * by a mutation of `x_local` ON CLUSTER (a Distributed table takes no mutation), awaited on every
 * replica.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { mutationTarget } from '../store/cluster-ddl';
import { quoteIdentifier, type Store } from '../store/clickhouse';
import { selectRows } from '../store/query';

/** Store.cluster: set in the cluster schema mode. */
export type ClusterTarget = NonNullable<Store['cluster']>;

export interface DataTable {
  /** The table the code reads and writes (on a cluster, the Distributed one). */
  name: string;
  /** Its MergeTree engine (on a cluster, the local table's: Replicated…MergeTree). */
  engine: string;
  columns: ReadonlySet<string>;
}

/** Never erased or purged: the audit of erasures itself, projects (a deleted one stays a tombstone), the migration log. */
export const KEPT_TABLES: ReadonlySet<string> = new Set(['data_erasures', 'projects', 'schema_migrations']);

const LOCAL_SUFFIX = '_local';

/**
 * MergeTree-family tables of this database with their column names (views hold no rows of their
 * own). On a cluster: each Distributed table `x` whose `x_local` is a MergeTree, named `x` with the
 * local table's engine; the `_local` tables themselves are not listed.
 */
export async function dataTables(client: ClickHouseClient, cluster?: ClusterTarget): Promise<DataTable[]> {
  const rows = await selectRows<{ name: string; engine: string; columns: string[] }>(
    client,
    `SELECT t.name AS name, t.engine AS engine, groupArray(c.name) AS columns
     FROM system.tables AS t
     INNER JOIN system.columns AS c ON c.database = t.database AND c.table = t.name
     WHERE t.database = currentDatabase() AND (t.engine LIKE '%MergeTree' OR t.engine = 'Distributed')
     GROUP BY t.name, t.engine
     ORDER BY t.name`,
    {},
  );
  const mergeTree = rows.filter((r) => r.engine.endsWith('MergeTree'));
  let tables: typeof rows;
  if (!cluster) {
    tables = mergeTree;
  } else {
    const local = new Map(
      mergeTree
        .filter((r) => r.name.endsWith(LOCAL_SUFFIX))
        .map((r) => [r.name.slice(0, -LOCAL_SUFFIX.length), r]),
    );
    tables = rows.flatMap((r) => {
      const l = r.engine === 'Distributed' ? local.get(r.name) : undefined;
      return l ? [{ name: r.name, engine: l.engine, columns: l.columns }] : [];
    });
  }
  return tables
    .filter((r) => !KEPT_TABLES.has(r.name))
    .map((r) => ({ name: r.name, engine: r.engine, columns: new Set(r.columns) }));
}

const MUTATION_POLL_MS = 50;
/** On a cluster each poll asks every replica: less often. */
const CLUSTER_POLL_MS = 250;
/**
 * On a cluster, how long rows may stay on a replica once no replica lists the mutation as pending:
 * a replica loads a new mutation from Keeper shortly after it is created, and until then lists
 * nothing. Past this, the rows are reported as left (as one node reports them at once).
 */
export const CLUSTER_SETTLE_MS = 30_000;

/** The SQL deleteRows issues in each mode (pure; tests compare the two forms). */
export function deleteStatements(table: string, where: string, cluster?: ClusterTarget) {
  const name = quoteIdentifier(table);
  if (!cluster) {
    return {
      count: `SELECT count() AS n FROM ${name} WHERE ${where}`,
      mutation: `ALTER TABLE ${name} DELETE WHERE ${where}`,
      pending: `SELECT latest_fail_reason AS reason FROM system.mutations
       WHERE database = currentDatabase() AND table = {table:String} AND is_done = 0`,
      pendingParams: { table } as Record<string, string>,
      left: `SELECT count() AS n FROM ${name} WHERE ${where}`,
    };
  }
  const [c, db] = [quoteIdentifier(cluster.cluster), quoteIdentifier(cluster.database)];
  const replicas = (what: string) => `clusterAllReplicas(${c}, ${what})`;
  return {
    count: `SELECT count() AS n FROM ${name} WHERE ${where}`,
    mutation: `ALTER TABLE ${mutationTarget(table, cluster)} DELETE WHERE ${where}`,
    pending: `SELECT latest_fail_reason AS reason FROM ${replicas('system.mutations')}
       WHERE database = {db:String} AND table = {table:String} AND is_done = 0`,
    pendingParams: { db, table: `${name}${LOCAL_SUFFIX}` } as Record<string, string>,
    // Every replica's own rows: the Distributed table reads one replica per shard.
    left: `SELECT count() AS n FROM ${replicas(`${db}.${name}${LOCAL_SUFFIX}`)} WHERE ${where}`,
  };
}

/**
 * Deletes the rows matching `where` and returns how many there were. An ALTER TABLE … DELETE
 * mutation rewrites the parts without the rows (a lightweight DELETE would only mask them until
 * a merge), so nothing of them stays in active parts; the replaced parts are removed after the
 * server's `old_parts_lifetime` (8 minutes by default). Issued asynchronously and awaited through
 * system.mutations, so a long mutation outlasts no HTTP timeout; the same on chDB and 24.8.
 *
 * On a cluster: `ALTER TABLE db.x_local ON CLUSTER c DELETE …` returns once every node has queued
 * it (the mutation is then in Keeper for every shard), and is awaited through
 * `clusterAllReplicas(c, system.mutations)`, then checked on every replica's `x_local`. Not
 * `mutations_sync = 2` on the statement: that holds the HTTP request for the whole mutation, and
 * past `distributed_ddl_task_timeout` (180 s by default) the query fails while the mutation goes on.
 * An unreachable replica fails the delete, since its rows cannot be shown gone: the erasure is
 * marked failed (ask again), the purge retries on its next pass.
 */
export async function deleteRows(
  client: ClickHouseClient,
  table: string,
  where: string,
  params: Record<string, unknown>,
  cluster?: ClusterTarget,
): Promise<number> {
  const sql = deleteStatements(table, where, cluster);
  const count = async (query: string) =>
    Number((await selectRows<{ n: string }>(client, query, params))[0].n);
  const rows = await count(sql.count);
  if (rows === 0) return 0;
  await client.command({ query: sql.mutation, query_params: params });
  const pollMs = cluster ? CLUSTER_POLL_MS : MUTATION_POLL_MS;
  let settleUntil: number | undefined;
  for (;;) {
    const pending = await selectRows<{ reason: string }>(client, sql.pending, sql.pendingParams);
    const failed = pending.find((m) => m.reason !== '');
    if (failed) throw new Error(`deleting from ${table} failed in ClickHouse: ${failed.reason}`);
    if (pending.length === 0) {
      const left = await count(sql.left);
      if (left === 0) break;
      settleUntil ??= Date.now() + (cluster ? CLUSTER_SETTLE_MS : 0);
      if (Date.now() >= settleUntil)
        throw new Error(
          `${left} matching rows are still in ${table}${cluster ? ' (counted on every replica)' : ''} after the delete`,
        );
    }
    await new Promise((r) => setTimeout(r, pollMs));
  }
  return rows;
}
