-- 0018: the processor's ruler (issue #17, docs/alerting.md "The processor's ruler"): alert
-- instances' current state, each rule's last evaluation, the history of state changes, silences.

-- Current state of each alert instance (rule, project, series labels → fingerprint). Versioned:
-- a row is written when an instance changes state (or, while firing, when its keep-firing clock
-- or a repeat moves), with version = the evaluation instant. Evaluation instants are aligned to
-- the rule's interval, so two replicas evaluating the same instant from the same state write the
-- same row and ReplacingMergeTree keeps one. Read with FINAL. A firing instance is rewritten at
-- least every repeat interval, so the TTL only removes instances long inactive.
CREATE TABLE IF NOT EXISTS alert_instances
(
    project_id LowCardinality(String),
    rule_id String,
    fingerprint String,
    version UInt64,
    state LowCardinality(String),
    labels Map(String, String),
    value Nullable(Float64),
    active_at DateTime64(3),
    fired_at DateTime64(3),
    last_alerting_at DateTime64(3),
    updated_at DateTime64(3)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, rule_id, fingerprint)
TTL toDateTime(updated_at) + toIntervalDay(30);

-- The last evaluation of each rule per project: the instant (so a replica that finds an instant
-- already evaluated skips it), its health (ok, nodata, error) and error. Newest wins.
CREATE TABLE IF NOT EXISTS alert_rule_evaluations
(
    project_id LowCardinality(String),
    rule_id String,
    evaluated_at DateTime64(3),
    health LowCardinality(String),
    error String,
    series UInt32,
    duration_ms UInt32
)
ENGINE = ReplacingMergeTree(evaluated_at)
ORDER BY (project_id, rule_id)
TTL toDateTime(evaluated_at) + toIntervalDay(30);

-- Every state change (pending, firing, resolved, cancelled) and every event alert (firing, with
-- ends_at = starts_at), silenced or not: the `alerts` query type reads it. Replicas recording the
-- same change write the same key, which ReplacingMergeTree collapses (read with FINAL). Kept as
-- long as the project's data (retention_days).
CREATE TABLE IF NOT EXISTS alert_history
(
    project_id LowCardinality(String),
    rule_id String,
    fingerprint String,
    at DateTime64(3),
    state LowCardinality(String),
    retention_days UInt16,
    rule_name String,
    kind LowCardinality(String),
    severity LowCardinality(String),
    labels Map(String, String),
    value Nullable(Float64),
    starts_at DateTime64(3),
    ends_at Nullable(DateTime64(3)),
    summary String,
    silenced UInt8
)
ENGINE = ReplacingMergeTree
ORDER BY (project_id, at, rule_id, fingerprint, state)
TTL toDateTime(at) + toIntervalDay(retention_days);

-- Silences (Alertmanager's): label matchers (JSON) and a time range; a silenced alert is recorded
-- but not notified. Versioned: DELETE writes a version with deleted = 1. Expired ones leave after
-- 30 days.
CREATE TABLE IF NOT EXISTS alert_silences
(
    project_id LowCardinality(String),
    silence_id String,
    version UInt64,
    deleted UInt8,
    matchers String,
    starts_at DateTime64(3),
    ends_at DateTime64(3),
    created_by String,
    comment String,
    created_at DateTime64(3)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, silence_id)
TTL toDateTime(ends_at) + toIntervalDay(30);
