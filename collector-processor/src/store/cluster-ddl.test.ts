import { clusterMigrations, clusterStatements, ClusterDdlError, mutationTarget } from './cluster-ddl';

const o = {
  cluster: 'pt',
  database: 'db',
  tables: {
    t: { shardingKey: 'cityHash64(project_id, session_id)' },
    agg: { shardingKey: 'cityHash64(project_id)' },
  },
};
const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const rewrite = (sql: string) => clusterStatements(sql, o).map(oneLine);

describe('clusterStatements: each single-node statement and its cluster form', () => {
  const cases: Array<[string, string, string[]]> = [
    [
      'MergeTree: replicated local table (dedup window kept in Keeper) + Distributed by the key',
      `CREATE TABLE IF NOT EXISTS t (project_id String, session_id String, v Float64 CODEC(ZSTD(1)))
       ENGINE = MergeTree ORDER BY (project_id, v) TTL now() + toIntervalDay(1)
       SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000`,
      [
        "CREATE TABLE IF NOT EXISTS db.t_local ON CLUSTER pt (project_id String, session_id String, v Float64 CODEC(ZSTD(1))) ENGINE = ReplicatedMergeTree('/clickhouse/tables/{shard}/{database}/t_local', '{replica}') ORDER BY (project_id, v) TTL now() + toIntervalDay(1) SETTINGS ttl_only_drop_parts = 1, replicated_deduplication_window = 10000, replicated_deduplication_window_seconds = 604800",
        'CREATE TABLE IF NOT EXISTS db.t ON CLUSTER pt AS db.t_local ENGINE = Distributed(pt, db, t_local, cityHash64(project_id, session_id))',
      ],
    ],
    [
      'engine arguments follow the Keeper path and replica',
      'CREATE TABLE agg (project_id String, version UInt64) ENGINE = ReplacingMergeTree(version) ORDER BY project_id',
      [
        "CREATE TABLE db.agg_local ON CLUSTER pt (project_id String, version UInt64) ENGINE = ReplicatedReplacingMergeTree('/clickhouse/tables/{shard}/{database}/agg_local', '{replica}', version) ORDER BY project_id",
        'CREATE TABLE db.agg ON CLUSTER pt AS db.agg_local ENGINE = Distributed(pt, db, agg_local, cityHash64(project_id))',
      ],
    ],
    [
      'Memory: one copy per node, not sharded',
      'CREATE TABLE IF NOT EXISTS scratch (a String) ENGINE = Memory',
      ['CREATE TABLE IF NOT EXISTS db.scratch ON CLUSTER pt (a String) ENGINE = Memory'],
    ],
    [
      'view: local target, local source aliased to its name (qualified columns keep resolving)',
      `CREATE MATERIALIZED VIEW IF NOT EXISTS agg_mv TO agg AS
       SELECT project_id, argMaxStateIf(t.user_id, ts, t.user_id != '') AS u FROM t WHERE x = 1 GROUP BY project_id`,
      [
        "CREATE MATERIALIZED VIEW IF NOT EXISTS db.agg_mv ON CLUSTER pt TO db.agg_local AS SELECT project_id, argMaxStateIf(t.user_id, ts, t.user_id != '') AS u FROM db.t_local AS t WHERE x = 1 GROUP BY project_id",
      ],
    ],
    [
      'view over a subquery; an explicit alias is kept; FROM inside a function is not a table',
      'CREATE MATERIALIZED VIEW v TO agg AS SELECT a FROM (SELECT extract(x FROM y) AS a FROM t AS e) GROUP BY a',
      [
        'CREATE MATERIALIZED VIEW db.v ON CLUSTER pt TO db.agg_local AS SELECT a FROM (SELECT extract(x FROM y) AS a FROM db.t_local AS e) GROUP BY a',
      ],
    ],
    [
      'ALTER: every command on the local table, the column ones on the Distributed table too',
      "ALTER TABLE t ADD COLUMN IF NOT EXISTS n LowCardinality(String) AFTER v, MODIFY ORDER BY (project_id, v, n), ADD COLUMN `f.x` Array(String) DEFAULT [','], MODIFY SETTING a = 1",
      [
        "ALTER TABLE db.t_local ON CLUSTER pt ADD COLUMN IF NOT EXISTS n LowCardinality(String) AFTER v, MODIFY ORDER BY (project_id, v, n), ADD COLUMN `f.x` Array(String) DEFAULT [','], MODIFY SETTING a = 1",
        "ALTER TABLE db.t ON CLUSTER pt ADD COLUMN IF NOT EXISTS n LowCardinality(String) AFTER v, ADD COLUMN `f.x` Array(String) DEFAULT [',']",
      ],
    ],
    [
      'ALTER of settings only: local table, dedup window renamed',
      'ALTER TABLE agg MODIFY SETTING non_replicated_deduplication_window = 10000',
      [
        'ALTER TABLE db.agg_local ON CLUSTER pt MODIFY SETTING replicated_deduplication_window = 10000, replicated_deduplication_window_seconds = 604800',
      ],
    ],
    [
      'DROP VIEW on every node',
      'DROP VIEW IF EXISTS agg_mv',
      ['DROP VIEW IF EXISTS db.agg_mv ON CLUSTER pt'],
    ],
    [
      'DROP TABLE drops both, SYNC so the Keeper path is free again',
      'DROP TABLE IF EXISTS t',
      ['DROP TABLE IF EXISTS db.t ON CLUSTER pt SYNC', 'DROP TABLE IF EXISTS db.t_local ON CLUSTER pt SYNC'],
    ],
    [
      'dictionary on every node, reading the Distributed table',
      "CREATE DICTIONARY IF NOT EXISTS d (k String, v String) PRIMARY KEY k SOURCE(CLICKHOUSE(TABLE 't')) LAYOUT(HASHED()) LIFETIME(300)",
      [
        "CREATE DICTIONARY IF NOT EXISTS db.d ON CLUSTER pt (k String, v String) PRIMARY KEY k SOURCE(CLICKHOUSE(TABLE 't')) LAYOUT(HASHED()) LIFETIME(300)",
      ],
    ],
  ];
  it.each(cases)('%s', (_name, sql, expected) => {
    expect(rewrite(sql)).toEqual(expected);
  });
});

describe('clusterStatements refuses what it cannot rewrite, saying what to do', () => {
  const cases: Array<[string, string, RegExp]> = [
    [
      'a table with no sharding key',
      'CREATE TABLE nope (a String) ENGINE = MergeTree ORDER BY a',
      /add it to CLUSTER_TABLES/,
    ],
    ['an ALTER of an unknown table', 'ALTER TABLE nope ADD COLUMN b String', /nope has no sharding key/],
    ['an engine outside the MergeTree family', 'CREATE TABLE t (a String) ENGINE = Kafka', /engine Kafka/],
    [
      'a view joining a second table',
      'CREATE MATERIALIZED VIEW v TO agg AS SELECT 1 FROM t JOIN agg USING a',
      /reads 2 tables/,
    ],
    ['a statement with no rule', 'RENAME TABLE t TO u', /no cluster rule.*add one/],
    ['unbalanced parentheses', 'CREATE TABLE t (a String ENGINE = MergeTree', /unbalanced/],
  ];
  it.each(cases)('%s', (_name, sql, message) => {
    expect(() => clusterStatements(sql, o)).toThrow(ClusterDdlError);
    expect(() => clusterStatements(sql, o)).toThrow(message);
  });

  it('a cluster name that is not an identifier', () => {
    expect(() => clusterStatements('DROP VIEW v', { ...o, cluster: 'a-b; DROP' })).toThrow(
      /use letters, digits/,
    );
  });

  it('names the migration whose statement failed', () => {
    const m = [{ version: 21, name: 'x', statements: ['RENAME TABLE t TO u'] }];
    expect(() => clusterMigrations(m, o)).toThrow(/^migration 21 \(x\): no cluster rule/);
  });
});

describe('mutationTarget', () => {
  it('names the table on one node and every local table on a cluster', () => {
    expect(`ALTER TABLE ${mutationTarget('errors')} DELETE WHERE 1`).toBe(
      'ALTER TABLE errors DELETE WHERE 1',
    );
    expect(`TRUNCATE TABLE ${mutationTarget('issues', o)}`).toBe(
      'TRUNCATE TABLE db.issues_local ON CLUSTER pt',
    );
    expect(() => mutationTarget('x; DROP', o)).toThrow(/invalid table name/);
  });
});
