/**
 * What the cluster schema test (src/store/cluster-schema.test.ts) asks chDB about statements:
 * how ClickHouse's parser formats them, and whether the functions and MergeTree settings they use
 * existed in ClickHouse 24.8, the oldest server version the project supports.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Session } from 'chdb';

/** formatQuery's text for `sql`; throws ClickHouse's syntax error when it does not parse. */
export function parsesAs(session: Session, sql: string): string {
  return session.queryBind('SELECT formatQuery({q:String})', { q: sql }, 'TabSeparatedRaw').trim();
}

export interface Features {
  /** Names written as `name(`: functions, and also types, engines, codecs and index types. */
  functions: string[];
  /** MergeTree settings set in SETTINGS or MODIFY SETTING. */
  settings: string[];
}

export function engineFeatures(formatted: readonly string[]): Features {
  const functions = new Set<string>();
  const settings = new Set<string>();
  for (const sql of formatted) {
    // Quoted text (Keeper paths, string literals) says nothing about the syntax used.
    const code = sql.replace(/'(?:[^'\\]|\\.)*'/g, "''");
    for (const m of code.matchAll(/\b([A-Za-z_][A-Za-z0-9_]*)\(/g)) functions.add(m[1]!);
    for (const m of code.matchAll(/\bSETTING(?:S)?\s+([^\n]+)/g)) {
      for (const pair of m[1]!.matchAll(/\b(\w+)\s*=/g)) settings.add(pair[1]!);
    }
  }
  return { functions: [...functions].sort(), settings: [...settings].sort() };
}

/**
 * MergeTree settings the migrations use, each checked present in the 24.8 documentation
 * (https://clickhouse.com/docs/en/operations/settings/merge-tree-settings, 24.8 tag). A setting
 * added here must be checked the same way: chDB only knows today's list.
 */
export const SETTINGS_IN_24_8 = [
  'non_replicated_deduplication_window',
  'replicated_deduplication_window',
  'replicated_deduplication_window_seconds',
  'ttl_only_drop_parts',
  'vertical_merge_algorithm_min_columns_to_activate',
  'vertical_merge_algorithm_min_rows_to_activate',
];

const CODECS = new Set(['ZSTD', 'Delta', 'DoubleDelta', 'Gorilla', 'T64', 'LZ4', 'LZ4HC', 'NONE', 'CODEC']);
const INDEX_TYPES = new Set(['bloom_filter', 'minmax', 'set', 'tokenbf_v1', 'ngrambf_v1']);
const COMBINATORS = [
  'If',
  'State',
  'Merge',
  'Array',
  'OrNull',
  'OrDefault',
  'Distinct',
  'ForEach',
  'SimpleState',
];

/** What `used` needs that ClickHouse `version` lacks (functions by system.functions.introduced_in). */
export function tooNew(session: Session, used: Features, version: string) {
  const rows = <T>(sql: string): T[] =>
    session
      .query(sql, 'JSONEachRow')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as T);
  const fns = new Map(
    rows<{ name: string; introduced_in: string }>('SELECT name, introduced_in FROM system.functions').map(
      (r) => [r.name, r.introduced_in],
    ),
  );
  const known = new Set(
    rows<{ name: string }>(
      'SELECT name FROM system.data_type_families UNION ALL SELECT name FROM system.table_engines',
    ).map((r) => r.name),
  );
  const merge = new Set(
    rows<{ name: string }>('SELECT name FROM system.merge_tree_settings').map((r) => r.name),
  );
  const out = { functions: [] as string[], settings: [] as string[], unknown: [] as string[] };
  for (const name of used.functions) {
    if (known.has(name) || CODECS.has(name) || INDEX_TYPES.has(name)) continue;
    const base = baseFunction(name, fns);
    if (base === undefined) out.unknown.push(name);
    else if (newer(fns.get(base)!, version)) out.functions.push(`${name} (${fns.get(base)})`);
  }
  for (const s of used.settings) {
    if (!merge.has(s)) out.unknown.push(s);
    else if (!SETTINGS_IN_24_8.includes(s))
      out.settings.push(`${s}: check it exists in ${version}, then list it`);
  }
  return out;
}

function baseFunction(name: string, fns: Map<string, string>): string | undefined {
  if (fns.has(name)) return name;
  for (const c of COMBINATORS) {
    if (name.endsWith(c) && name.length > c.length) {
      const base = baseFunction(name.slice(0, -c.length), fns);
      if (base !== undefined) return base;
    }
  }
  return undefined;
}

/** Whether `introduced` ('25.3.1' …; '' when chDB does not say) is later than `version` ('24.8'). */
function newer(introduced: string, version: string): boolean {
  if (!introduced) return false;
  const [a, b] = [introduced, version].map((v) => v.split('.').map(Number));
  for (let i = 0; i < 2; i++) if (a![i]! !== b![i]!) return a![i]! > b![i]!;
  return false;
}

/**
 * A config file for chDB naming a one-node cluster `cluster` whose only replica is this process:
 * `tcp_port` matches the replica's port, so ClickHouse treats it as local (Distributed tables and
 * clusterAllReplicas read and write the local tables; no connection is made, nothing listens).
 */
export function oneNodeClusterConfig(cluster: string): string {
  return (
    `<clickhouse><tcp_port>9000</tcp_port><remote_servers><${cluster}><shard><replica>` +
    `<host>localhost</host><port>9000</port></replica></shard></${cluster}></remote_servers></clickhouse>`
  );
}

/**
 * A statement as one chDB node runs it: no ON CLUSTER (it needs Keeper, which chDB has not: "Replicated
 * DDL queries are disabled"), no Keeper path and replica arguments, no SYNC on DROP.
 */
export function singleNodeForm(sql: string, cluster: string): string {
  return sql
    .replaceAll(` ON CLUSTER ${cluster}`, '')
    .replace(/ SYNC$/, '')
    .replace(/Replicated(\w*MergeTree)\('[^']*', '[^']*'(?:, )?/g, '$1(');
}

/**
 * `client` with every query, command and exec run in its single-node form (singleNodeForm); `seen`
 * receives each statement as the code wrote it, so a test can check the cluster form it issued.
 */
export function singleNodeClient(
  client: ClickHouseClient,
  cluster: string,
  seen: string[],
): ClickHouseClient {
  return new Proxy(client, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      if (prop !== 'command' && prop !== 'exec' && prop !== 'query') return value.bind(target);
      return (params: { query: string }) => {
        seen.push(params.query);
        return (value as (p: { query: string }) => unknown).call(target, {
          ...params,
          query: singleNodeForm(params.query, cluster),
        });
      };
    },
  });
}
