-- 0015: insights (issue #16, docs/insights.md "Storage and API"): incident cards and the feedback
-- people give on them.

-- One card per incident, versioned: every change (the engine updating the deltas as the incident
-- evolves, a person acknowledging or resolving it) inserts the whole card again with a higher
-- version, and readers take the newest with FINAL. insight_id is a hash of (project, kind, metric,
-- scope, onset bucket) (src/insights/store/insight.ts insightId), so processor replicas that detect
-- the same incident write the same key and converge to one card instead of duplicates.
-- scope: the dimension filters the card is about (route, browser…). deltas and hypotheses are JSON
-- (shapes in insight.ts). A card expires retention_days (the project's, when written) after its
-- last update, as the signal tables expire after their timestamp.
CREATE TABLE IF NOT EXISTS insights
(
    project_id LowCardinality(String),
    insight_id String,
    version UInt64,
    retention_days UInt16,
    kind LowCardinality(String),
    metric LowCardinality(String),
    scope Map(String, String),
    title String,
    severity LowCardinality(String),
    status LowCardinality(String),
    started_at DateTime64(3),
    detected_at DateTime64(3),
    updated_at DateTime64(3),
    resolved_at Nullable(DateTime64(3)),
    release String,
    affected_sessions UInt64,
    affected_users UInt64,
    deltas String CODEC(ZSTD(3)),
    hypotheses String CODEC(ZSTD(3)),
    summary String CODEC(ZSTD(3)),
    updated_by String
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, insight_id)
TTL toDateTime(updated_at) + toIntervalDay(retention_days);

-- What people did with a card: acknowledge, resolve, or a verdict (useful | not_useful) with an
-- optional comment. Append-only, one row per action (random id); read with FINAL so a retried
-- insert of the same row counts once. Kept as long as the card's project keeps its data.
CREATE TABLE IF NOT EXISTS insight_feedback
(
    project_id LowCardinality(String),
    insight_id String,
    id String,
    at DateTime64(3),
    actor String,
    action LowCardinality(String),
    verdict LowCardinality(String),
    comment String CODEC(ZSTD(3)),
    retention_days UInt16
)
ENGINE = ReplacingMergeTree
ORDER BY (project_id, insight_id, at, id)
TTL toDateTime(at) + toIntervalDay(retention_days);
