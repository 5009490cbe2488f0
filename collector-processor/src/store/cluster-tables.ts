/**
 * How each table is spread over a ClickHouse cluster (CLICKHOUSE_CLUSTER set; docs/scaling.md
 * "Sharding keys"). Every MergeTree-family table becomes `<name>_local` (Replicated*MergeTree on
 * every node) plus `<name>` (Distributed over the local tables, sharded by the key below); the code
 * keeps reading and writing `<name>`.
 *
 * Rules the keys follow:
 * - Deterministic (no rand()): a replayed batch must split over shards exactly as the first try
 *   did, so each shard drops its part by the same insert_deduplication_token.
 * - Versioned tables read with FINAL (ReplacingMergeTree): the key is a function of ORDER BY
 *   columns only, so every version of a row lands on one shard and FINAL, which runs per shard,
 *   still collapses them.
 * - Signal tables: by session, not by project, so one large project spreads over every shard while
 *   each session's page views and errors meet on one shard, where the sessions views aggregate them.
 * - Tables written by materialized views hold partial states on every shard the source rows went
 *   to (issues of a fingerprint, per-minute vitals); the queries read them only through -Merge
 *   functions and GROUP BY, which distributed aggregation merges correctly. Their key only routes
 *   direct inserts, which the code does not make.
 */
export interface ClusterTable {
  /** Sharding expression of the Distributed table. */
  shardingKey: string;
}

const BY_SESSION = 'cityHash64(project_id, session_id)';

export const CLUSTER_TABLES: Readonly<Record<string, ClusterTable>> = {
  // 0001 signal tables and their session aggregate.
  page_views: { shardingKey: BY_SESSION },
  web_vitals: { shardingKey: BY_SESSION },
  errors: { shardingKey: BY_SESSION },
  custom_events: { shardingKey: BY_SESSION },
  http_requests: { shardingKey: BY_SESSION },
  long_tasks: { shardingKey: BY_SESSION },
  resources: { shardingKey: BY_SESSION },
  sessions: { shardingKey: BY_SESSION },
  // View targets: partial states per shard, merged by the queries.
  web_vitals_1m: { shardingKey: 'cityHash64(project_id)' },
  http_requests_1m: { shardingKey: 'cityHash64(project_id)' },
  issues: { shardingKey: 'cityHash64(project_id, fingerprint)' },
  issue_releases: { shardingKey: 'cityHash64(project_id, fingerprint)' },
  // Versioned state, read with FINAL: keyed by (a prefix of) ORDER BY.
  projects: { shardingKey: 'cityHash64(id)' },
  issue_states: { shardingKey: 'cityHash64(project_id, fingerprint)' },
  issue_activity: { shardingKey: 'cityHash64(project_id, fingerprint)' },
  releases: { shardingKey: 'cityHash64(project_id, release)' },
  deploys: { shardingKey: 'cityHash64(project_id)' },
  api_tokens: { shardingKey: 'cityHash64(id)' },
  data_erasures: { shardingKey: 'cityHash64(project_id, id)' },
  insights: { shardingKey: 'cityHash64(project_id, insight_id)' },
  insight_feedback: { shardingKey: 'cityHash64(project_id, insight_id)' },
  alert_rules: { shardingKey: 'cityHash64(project_id, rule_id)' },
  alert_rule_overrides: { shardingKey: 'cityHash64(project_id, rule_id)' },
  alert_instances: { shardingKey: 'cityHash64(project_id, rule_id, fingerprint)' },
  alert_rule_evaluations: { shardingKey: 'cityHash64(project_id, rule_id)' },
  alert_history: { shardingKey: 'cityHash64(project_id)' },
  alert_silences: { shardingKey: 'cityHash64(project_id, silence_id)' },
  alert_receivers: { shardingKey: 'cityHash64(project_id, name)' },
  alert_receiver_defaults: { shardingKey: 'cityHash64(project_id)' },
  alert_outbox: { shardingKey: 'cityHash64(key)' },
  alert_deliveries: { shardingKey: 'cityHash64(project_id, key)' },
  alert_am_active: { shardingKey: 'cityHash64(project_id, receiver, fingerprint)' },
  sourcemap_blobs: { shardingKey: 'cityHash64(project_id, sha256)' },
  sourcemap_entries: { shardingKey: 'cityHash64(project_id, release)' },
  sourcemap_debug_ids: { shardingKey: 'cityHash64(project_id, debug_id)' },
  // Append-only logs read by key range.
  ingest_batches: { shardingKey: 'cityHash64(project_id, batch_id)' },
  dead_letters: { shardingKey: 'cityHash64(project_id)' },
  // A day's salts must all be on one shard: every replica takes the day's smallest.
  visitor_salts: { shardingKey: 'cityHash64(day)' },
  // One lease's whole log on one shard (lease-state.ts reads every row of its newest term).
  leases: { shardingKey: 'cityHash64(name)' },
  // Liveness beats, read as "replicas seen lately" across all shards; by replica to spread them.
  processor_heartbeats: { shardingKey: 'cityHash64(replica)' },
  schema_migrations: { shardingKey: 'cityHash64(version)' },
};
