/**
 * The cluster schema mode (CLICKHOUSE_CLUSTER set): rewrites each single-node migration statement
 * into the statements a replicated, sharded cluster runs (docs/scaling.md "Cluster schema mode").
 * Migrations stay written for one node; this pure function is the only place that knows about
 * clusters, so a new migration gets its cluster form for free or fails loudly here.
 *
 * - CREATE TABLE x … ENGINE = *MergeTree → `x_local` ON CLUSTER with Replicated*MergeTree (one
 *   Keeper path per shard) and `x` as Distributed over it, sharded by CLUSTER_TABLES' key.
 * - Materialized views: ON CLUSTER, writing to the target's `_local` table and fed by the source's
 *   `_local` table (aliased to its old name so qualified columns still resolve): each shard
 *   aggregates the rows inserted into it.
 * - ALTER: ON CLUSTER on `x_local`; column changes also on `x`, whose columns must match.
 * - DROP, plain views, dictionaries, Memory/Join/Set/Log tables: ON CLUSTER, one copy per node.
 * - non_replicated_deduplication_window → replicated_deduplication_window: the same
 *   insert_deduplication_token contract, kept in Keeper per shard instead of in each table.
 * Names are qualified with the database: an ON CLUSTER query runs on every node, which must not
 * depend on each node's default database.
 */
import type { Migration } from './migrations';
import { CLUSTER_TABLES, type ClusterTable } from './cluster-tables';

export interface ClusterOptions {
  cluster: string;
  database: string;
  /** Sharding per table; CLUSTER_TABLES by default. */
  tables?: Readonly<Record<string, ClusterTable>>;
}

export class ClusterDdlError extends Error {}

const IDENT = /^[A-Za-z_][A-Za-z0-9_]*$/;
const REPLICATED_FAMILY = new Set([
  'MergeTree',
  'ReplacingMergeTree',
  'AggregatingMergeTree',
  'SummingMergeTree',
  'CollapsingMergeTree',
  'VersionedCollapsingMergeTree',
]);
/** Engines whose data stays on the node that has it: created on every node, never sharded. */
const PER_NODE = new Set(['Memory', 'Join', 'Set', 'Log', 'TinyLog', 'StripeLog', 'Null']);
/** Keeper keeps the block hashes of the last 10 000 inserts for a week, as ingest_batches keeps ids. */
const DEDUP_SECONDS = 7 * 24 * 3600;
/** Alter commands that change columns, which the Distributed table must mirror. */
const COLUMN_COMMAND = /^(ADD|DROP|MODIFY|RENAME|COMMENT)\s+COLUMN\b/i;

export function clusterMigrations(migrations: readonly Migration[], o: ClusterOptions): Migration[] {
  return migrations.map((m) => ({
    ...m,
    statements: m.statements.flatMap((s) => {
      try {
        return clusterStatements(s, o);
      } catch (e) {
        if (e instanceof ClusterDdlError)
          throw new ClusterDdlError(`migration ${m.version} (${m.name}): ${e.message}`);
        throw e;
      }
    }),
  }));
}

/** The cluster form of one single-node DDL statement (one or two statements). */
export function clusterStatements(statement: string, o: ClusterOptions): string[] {
  for (const [what, value] of [
    ['cluster', o.cluster],
    ['database', o.database],
  ] as const) {
    if (!IDENT.test(value))
      throw new ClusterDdlError(`invalid ${what} name "${value}": use letters, digits and underscores`);
  }
  const s = statement.trim();
  const rules: [RegExp, (m: RegExpMatchArray) => string[]][] = [
    [/^CREATE\s+TABLE\s+(IF\s+NOT\s+EXISTS\s+)?(\w+)\s*\(([\s\S]*)$/i, (m) => createTable(m, o)],
    [
      /^CREATE\s+MATERIALIZED\s+VIEW\s+(IF\s+NOT\s+EXISTS\s+)?(\w+)\s+TO\s+(\w+)\s+AS\s+([\s\S]+)$/i,
      (m) => view(m, o),
    ],
    [/^ALTER\s+TABLE\s+(\w+)\s+([\s\S]+)$/i, (m) => alter(m, o)],
    [/^DROP\s+(VIEW|TABLE|DICTIONARY)\s+(IF\s+EXISTS\s+)?(\w+)(\s+SYNC)?$/i, (m) => drop(m, o)],
    [/^CREATE\s+(VIEW|DICTIONARY)\s+(IF\s+NOT\s+EXISTS\s+)?(\w+)\s([\s\S]+)$/i, (m) => perNode(m, o)],
  ];
  for (const [re, rewrite] of rules) {
    const m = s.match(re);
    if (m) return rewrite(m);
  }
  throw new ClusterDdlError(
    `no cluster rule for statement "${s.slice(0, 80)}…": add one in store/cluster-ddl.ts (and a test case)`,
  );
}

/**
 * What a mutation at run time (`ALTER TABLE … DELETE/UPDATE`, `TRUNCATE TABLE`) must name: the
 * table itself on one node; on a cluster every local table, since a Distributed table takes none.
 */
export function mutationTarget(
  table: string,
  cluster?: Pick<ClusterOptions, 'cluster' | 'database'>,
): string {
  if (!IDENT.test(table)) throw new ClusterDdlError(`invalid table name "${table}"`);
  return cluster ? `${cluster.database}.${table}_local ON CLUSTER ${cluster.cluster}` : table;
}

function createTable(m: RegExpMatchArray, o: ClusterOptions): string[] {
  const ifNotExists = m[1] ? 'IF NOT EXISTS ' : '';
  const name = m[2]!;
  const afterParen = m[3]!;
  const close = matchingParen(afterParen, 0);
  const columns = afterParen.slice(0, close);
  const rest = afterParen.slice(close + 1);
  const engine = rest.match(/^\s*ENGINE\s*=\s*(\w+)/i);
  if (!engine) throw new ClusterDdlError(`CREATE TABLE ${name} has no ENGINE: name one`);
  const engineName = engine[1]!;
  let tail = rest.slice(engine[0].length);
  let args = '';
  if (/^\s*\(/.test(tail)) {
    const open = tail.indexOf('(');
    const end = matchingParen(tail, open + 1);
    args = tail.slice(open + 1, end).trim();
    tail = tail.slice(end + 1);
  }
  if (PER_NODE.has(engineName)) {
    return [`CREATE TABLE ${ifNotExists}${o.database}.${name} ON CLUSTER ${o.cluster}\n(${columns})${rest}`];
  }
  if (!REPLICATED_FAMILY.has(engineName)) {
    throw new ClusterDdlError(
      `table ${name} uses engine ${engineName}, which the cluster mode does not rewrite: ` +
        'write migrations for one node with a MergeTree-family engine, or add the engine to store/cluster-ddl.ts',
    );
  }
  const table = clusterTable(name, o);
  const local = `${name}_local`;
  const replicaArgs = [
    `'/clickhouse/tables/{shard}/{database}/${local}'`,
    `'{replica}'`,
    ...(args ? [args] : []),
  ];
  return [
    `CREATE TABLE ${ifNotExists}${o.database}.${local} ON CLUSTER ${o.cluster}\n(${columns})\n` +
      `ENGINE = Replicated${engineName}(${replicaArgs.join(', ')})${replicatedSettings(tail)}`,
    `CREATE TABLE ${ifNotExists}${o.database}.${name} ON CLUSTER ${o.cluster} AS ${o.database}.${local}\n` +
      `ENGINE = Distributed(${o.cluster}, ${o.database}, ${local}, ${table.shardingKey})`,
  ];
}

function view(m: RegExpMatchArray, o: ClusterOptions): string[] {
  const ifNotExists = m[1] ? 'IF NOT EXISTS ' : '';
  const [name, target, select] = [m[2]!, m[3]!, m[4]!];
  clusterTable(target, o);
  const sources = new Set<string>();
  const local = select.replace(
    /\b(FROM|JOIN)(\s+)(\w+)\b(?!\s*\.)(\s+AS\s+\w+)?/gi,
    (all, kw, sp, t, alias) => {
      if (!(t in (o.tables ?? CLUSTER_TABLES))) return all;
      sources.add(t);
      if (String(kw).toUpperCase() === 'JOIN') return all;
      return `${kw}${sp}${o.database}.${t}_local${alias ?? ` AS ${t}`}`;
    },
  );
  if (sources.size !== 1 || /\bJOIN\b/i.test(select)) {
    throw new ClusterDdlError(
      `view ${name} reads ${sources.size} tables (${[...sources].join(', ') || 'none'}): the cluster ` +
        'mode feeds a view from one local source table; decide how the others are read and add a rule',
    );
  }
  return [
    `CREATE MATERIALIZED VIEW ${ifNotExists}${o.database}.${name} ON CLUSTER ${o.cluster} ` +
      `TO ${o.database}.${target}_local AS ${local}`,
  ];
}

function alter(m: RegExpMatchArray, o: ClusterOptions): string[] {
  const name = m[1]!;
  clusterTable(name, o);
  const commands = splitTopLevel(m[2]!, ',').map((c) => c.trim());
  const columnCommands = commands.filter((c) => COLUMN_COMMAND.test(c));
  const out = [
    `ALTER TABLE ${o.database}.${name}_local ON CLUSTER ${o.cluster} ` +
      commands.map(replicatedSettings).join(', '),
  ];
  // Distributed reads columns by name from the local tables: its own list must follow them.
  if (columnCommands.length > 0) {
    out.push(`ALTER TABLE ${o.database}.${name} ON CLUSTER ${o.cluster} ${columnCommands.join(', ')}`);
  }
  return out;
}

function drop(m: RegExpMatchArray, o: ClusterOptions): string[] {
  const [kind, ifExists, name] = [m[1]!.toUpperCase(), m[2] ? 'IF EXISTS ' : '', m[3]!];
  const on = `ON CLUSTER ${o.cluster}`;
  if (kind !== 'TABLE' || !(name in (o.tables ?? CLUSTER_TABLES))) {
    return [`DROP ${kind} ${ifExists}${o.database}.${name} ${on}${m[4] ? ' SYNC' : ''}`];
  }
  // SYNC: the Keeper path must be free before a migration may create the table again.
  return [
    `DROP TABLE ${ifExists}${o.database}.${name} ${on} SYNC`,
    `DROP TABLE ${ifExists}${o.database}.${name}_local ${on} SYNC`,
  ];
}

/** Plain views and dictionaries: one on every node, reading the Distributed tables. */
function perNode(m: RegExpMatchArray, o: ClusterOptions): string[] {
  const ifNotExists = m[2] ? 'IF NOT EXISTS ' : '';
  return [
    `CREATE ${m[1]!.toUpperCase()} ${ifNotExists}${o.database}.${m[3]!} ON CLUSTER ${o.cluster} ${m[4]!}`,
  ];
}

function clusterTable(name: string, o: ClusterOptions): ClusterTable {
  const table = (o.tables ?? CLUSTER_TABLES)[name];
  if (!table) {
    throw new ClusterDdlError(
      `table ${name} has no sharding key: add it to CLUSTER_TABLES in store/cluster-tables.ts ` +
        '(a deterministic function of its ORDER BY columns; docs/scaling.md "Sharding keys")',
    );
  }
  return table;
}

function replicatedSettings(sql: string): string {
  return sql.replace(
    /\bnon_replicated_deduplication_window\s*=\s*(\d+)/gi,
    `replicated_deduplication_window = $1, replicated_deduplication_window_seconds = ${DEDUP_SECONDS}`,
  );
}

/** Index of the `)` closing the parenthesis opened just before `from`; quotes and backticks skipped. */
function matchingParen(sql: string, from: number): number {
  let depth = 1;
  for (let i = from; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '`' || c === '"') i = skipQuoted(sql, i);
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  throw new ClusterDdlError('unbalanced parentheses: the statement does not parse');
}

function skipQuoted(sql: string, start: number): number {
  const quote = sql[start]!;
  for (let i = start + 1; i < sql.length; i++) {
    if (sql[i] === '\\') i++;
    else if (sql[i] === quote) return i;
  }
  throw new ClusterDdlError('unterminated quote: the statement does not parse');
}

function splitTopLevel(sql: string, sep: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i]!;
    if (c === "'" || c === '`' || c === '"') i = skipQuoted(sql, i);
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === sep && depth === 0) {
      parts.push(sql.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(sql.slice(start));
  return parts;
}
