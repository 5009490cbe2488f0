-- 0019: alert delivery (issue #17, docs/alerting.md "Receivers and delivery"): receivers, the
-- notification outbox, the attempt log, Alertmanager's active alerts, and a generic lease.

-- A named lease (src/store/lease.ts): an append-only log of claims, renewals and releases per
-- term; every replica derives the holder from it with the same rule (src/store/lease-state.ts).
-- `at` is the server's clock (column default), the one clock every replica shares.
CREATE TABLE IF NOT EXISTS leases
(
    name LowCardinality(String),
    term UInt64,
    holder String,
    kind LowCardinality(String),
    at DateTime64(3) DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (name, term, at)
TTL toDateTime(at) + toIntervalDay(1);

-- A project's receivers, versioned (newest wins, read with FINAL); `deleted` hides one.
-- config is the receiver's JSON including its secrets (Slack URL, webhook secret, credentials):
-- never answered by the API nor logged (src/alerting/notify/receiver-view.ts masks it).
CREATE TABLE IF NOT EXISTS alert_receivers
(
    project_id LowCardinality(String),
    name String,
    version UInt64,
    deleted UInt8,
    type LowCardinality(String),
    config String CODEC(ZSTD(3)),
    updated_at DateTime64(3),
    updated_by String
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, name);

-- The receivers a rule with none of its own notifies, per project.
CREATE TABLE IF NOT EXISTS alert_receiver_defaults
(
    project_id LowCardinality(String),
    version UInt64,
    receivers Array(String),
    updated_at DateTime64(3),
    updated_by String
)
ENGINE = ReplacingMergeTree(version)
ORDER BY project_id;

-- The outbox: one row per notification key. The ruler enqueues at version 0 (two replicas
-- enqueueing the same key collapse to one row); the delivery loop writes each new state with a
-- higher version, so a late enqueue of a delivered key never makes it pending again.
-- state: pending | delivered | dead. notification: the Notification JSON (types.ts).
CREATE TABLE IF NOT EXISTS alert_outbox
(
    key String,
    version UInt64,
    project_id LowCardinality(String),
    receiver String,
    status LowCardinality(String),
    notification String CODEC(ZSTD(3)),
    created_at DateTime64(3),
    state LowCardinality(String),
    attempts UInt32,
    next_attempt_at DateTime64(3),
    last_status UInt16,
    last_error String,
    updated_at DateTime64(3)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY key
TTL toDateTime(created_at) + toIntervalDay(30);

-- Every attempt to deliver a notification (or a test notification): the API's history.
CREATE TABLE IF NOT EXISTS alert_deliveries
(
    project_id LowCardinality(String),
    key String,
    receiver String,
    attempt UInt32,
    at DateTime64(3),
    ok UInt8,
    http_status UInt16,
    error String,
    duration_ms UInt32,
    next_delay_ms UInt32,
    lease_term UInt64
)
ENGINE = ReplacingMergeTree
ORDER BY (project_id, key, attempt, at)
TTL toDateTime(at) + toIntervalDay(30);

-- Alerts an Alertmanager receiver was told are firing, resent every resendDelay until resolved
-- (Alertmanager resolves an alert it has not heard of by its endsAt).
CREATE TABLE IF NOT EXISTS alert_am_active
(
    project_id LowCardinality(String),
    receiver String,
    fingerprint String,
    version UInt64,
    active UInt8,
    alert String CODEC(ZSTD(3)),
    sent_at DateTime64(3)
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, receiver, fingerprint)
TTL toDateTime(sent_at) + toIntervalDay(30);
