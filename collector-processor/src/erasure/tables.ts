/**
 * Deleting rows everywhere they are: the tables come from ClickHouse's catalogue, not from a list
 * here, so a table a later migration adds with a `project_id`, `user_id` or `visitor_id` column
 * is erased and purged without a change to this code.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { quoteIdentifier } from '../store/clickhouse';
import { selectRows } from '../store/query';

export interface DataTable {
  name: string;
  engine: string;
  columns: ReadonlySet<string>;
}

/** Never erased or purged: the audit of erasures itself, projects (a deleted one stays a tombstone), the migration log. */
export const KEPT_TABLES: ReadonlySet<string> = new Set(['data_erasures', 'projects', 'schema_migrations']);

/** MergeTree-family tables of this database with their column names (views hold no rows of their own). */
export async function dataTables(client: ClickHouseClient): Promise<DataTable[]> {
  const rows = await selectRows<{ name: string; engine: string; columns: string[] }>(
    client,
    `SELECT t.name AS name, t.engine AS engine, groupArray(c.name) AS columns
     FROM system.tables AS t
     INNER JOIN system.columns AS c ON c.database = t.database AND c.table = t.name
     WHERE t.database = currentDatabase() AND t.engine LIKE '%MergeTree'
     GROUP BY t.name, t.engine
     ORDER BY t.name`,
    {},
  );
  return rows
    .filter((r) => !KEPT_TABLES.has(r.name))
    .map((r) => ({ name: r.name, engine: r.engine, columns: new Set(r.columns) }));
}

const MUTATION_POLL_MS = 50;

/**
 * Deletes the rows matching `where` and returns how many there were. An ALTER TABLE … DELETE
 * mutation rewrites the parts without the rows (a lightweight DELETE would only mask them until
 * a merge), so nothing of them stays in active parts; the replaced parts are removed after the
 * server's `old_parts_lifetime` (8 minutes by default). Issued asynchronously and awaited through
 * system.mutations, so a long mutation outlasts no HTTP timeout; the same on chDB and 24.8.
 */
export async function deleteRows(
  client: ClickHouseClient,
  table: string,
  where: string,
  params: Record<string, unknown>,
): Promise<number> {
  const name = quoteIdentifier(table);
  const count = async () =>
    Number(
      (await selectRows<{ n: string }>(client, `SELECT count() AS n FROM ${name} WHERE ${where}`, params))[0]
        .n,
    );
  const rows = await count();
  if (rows === 0) return 0;
  await client.command({ query: `ALTER TABLE ${name} DELETE WHERE ${where}`, query_params: params });
  for (;;) {
    const pending = await selectRows<{ reason: string }>(
      client,
      `SELECT latest_fail_reason AS reason FROM system.mutations
       WHERE database = currentDatabase() AND table = {table:String} AND is_done = 0`,
      { table },
    );
    if (pending.length === 0) break;
    const failed = pending.find((m) => m.reason !== '');
    if (failed) throw new Error(`deleting from ${table} failed in ClickHouse: ${failed.reason}`);
    await new Promise((r) => setTimeout(r, MUTATION_POLL_MS));
  }
  const left = await count();
  if (left > 0) throw new Error(`${left} matching rows are still in ${table} after the delete`);
  return rows;
}
