-- 0008: rows ClickHouse rejected for their data (issue #12). The batch writer splits a rejected
-- batch to isolate them and stores everything else; each bad row lands here with the error and
-- its raw JSONEachRow text, so an admin can see what was set aside (GET /api/v1/dead-letters),
-- fix the cause and re-insert it. project_id comes from the raw row when it can be read (else '').
-- Inserted with the batch's deduplication token, hence non_replicated_deduplication_window: a
-- batch replayed after a crash sets its rows aside once. Kept 30 days.
CREATE TABLE IF NOT EXISTS dead_letters
(
    project_id LowCardinality(String),
    table_name LowCardinality(String),
    failed_at DateTime64(3),
    received_at DateTime64(3),
    error_code Int32,
    error String,
    raw_row String,
    wal_batch String
)
ENGINE = MergeTree
PARTITION BY toDate(failed_at)
ORDER BY (project_id, failed_at)
TTL toDateTime(failed_at) + INTERVAL 30 DAY
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;
