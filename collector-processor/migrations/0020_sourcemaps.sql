-- 0020: source maps in ClickHouse (src/symbolicate/clickhouse-store.ts), so every processor replica
-- symbolicates with the maps uploaded through any of them (PULSETRACE_SOURCEMAP_STORE=clickhouse).
-- Map content by (project, sha256), split into chunks of a few MB so no single value or insert
-- block grows with the largest map; ZSTD because maps are JSON text that compresses 4-10x.
-- ReplacingMergeTree: the same content uploaded twice (two replicas, a retry) collapses.
CREATE TABLE IF NOT EXISTS sourcemap_blobs
(
    project_id LowCardinality(String),
    sha256 String,
    chunk UInt32,
    chunks UInt32,
    data String CODEC(ZSTD(3)),
    uploaded_at DateTime64(3) DEFAULT now64(3)
)
ENGINE = ReplacingMergeTree(uploaded_at)
ORDER BY (project_id, sha256, chunk);

-- A release's manifest, one row per artifact name (the entry as JSON, manifest.ts). Rows are
-- upserts: the newest `version` of a name wins, so two uploads to one release from two replicas
-- both land (different names) or one wins (same name); no read-modify-write, no lost update.
-- One upload's entries go in one insert: readers see all of them or none.
CREATE TABLE IF NOT EXISTS sourcemap_entries
(
    project_id LowCardinality(String),
    release String,
    name String,
    entry String,
    version DateTime64(6) DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, release, name);

-- Debug ID → map, across the project's releases; `deleted` = 1 is the tombstone written when the
-- map an id pointed at was replaced (read newest row per id, skip tombstones).
CREATE TABLE IF NOT EXISTS sourcemap_debug_ids
(
    project_id LowCardinality(String),
    debug_id String,
    release String,
    sha256 String,
    name String,
    deleted UInt8 DEFAULT 0,
    version DateTime64(6) DEFAULT now64(6)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, debug_id);
