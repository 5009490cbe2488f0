-- 0003: the batch ids of stored OTLP requests (`x-pulsetrace-batch` / `?batch=`), one row per
-- project and batch. The browser SDK may send a batch again (keepalive on page hide whose answer
-- it never sees, two tabs draining one queue, a lost acknowledgement); ingest answers a batch id
-- it has already stored without storing it twice. Rows travel in the same WAL record as the
-- request's data and are inserted by the batch writer with its deduplication token, hence
-- non_replicated_deduplication_window as on the signal tables. Start-up reads the last day back
-- (src/ingest/batch-ids-load.ts, pruned to two daily partitions); a week is kept for investigation.
CREATE TABLE IF NOT EXISTS ingest_batches
(
    project_id LowCardinality(String),
    batch_id String,
    received_at DateTime64(3)
)
ENGINE = MergeTree
PARTITION BY toDate(received_at)
ORDER BY (project_id, batch_id)
TTL toDateTime(received_at) + INTERVAL 7 DAY
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;
