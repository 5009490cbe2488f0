-- 0009: audit of data erasures (issue #12, docs/privacy.md): one data subject's rows (a user id
-- or a visitor id) erased on request, and a deleted project's rows removed after its restore
-- window. Who asked (actor), when, what (kind; the subject only as a SHA-256, so the audit does not
-- keep the id it erased), and how many rows each table lost. A job writes a 'running' row when it
-- starts and its outcome ('done' or 'failed') with a higher version when it ends: read with FINAL.
-- The erasure and the project purge never delete from this table.
CREATE TABLE IF NOT EXISTS data_erasures
(
    id String,
    project_id LowCardinality(String),
    kind LowCardinality(String),
    subject_sha256 String,
    actor String,
    requested_at DateTime64(3),
    finished_at Nullable(DateTime64(3)),
    status LowCardinality(String),
    rows_deleted UInt64,
    tables Map(String, UInt64),
    error String,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, id);
