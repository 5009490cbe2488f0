-- 0005: issues, their lifecycle state and audit log, releases and deploys (issue #4; docs/issues.md).

-- Issue aggregates, one row per (project, fingerprint) after merges. Fed only by the materialized
-- view below, so every processor instance adds partial states and ClickHouse merges them: there is
-- no read-modify-write and no in-memory counter anywhere. Times are received_at (server clock):
-- a browser with a wrong clock must not move an issue's first or last seen. `users` counts
-- user_id, else the SDK's pseudonymous visitor id, else the cookieless visitor hash; events with
-- none of these are not counted (session ids are counted separately, as `sessions`).
-- non_replicated_deduplication_window: a WAL replay (same insert_deduplication_token, with
-- deduplicate_blocks_in_dependent_materialized_views) must not count its rows twice here either.
-- Rows expire with the events they summarise (the newest event's retention).
CREATE TABLE IF NOT EXISTS issues
(
    project_id LowCardinality(String),
    fingerprint String,
    retention_days SimpleAggregateFunction(max, UInt16),
    first_seen SimpleAggregateFunction(min, DateTime64(3)),
    last_seen SimpleAggregateFunction(max, DateTime64(3)),
    events SimpleAggregateFunction(sum, UInt64),
    unhandled SimpleAggregateFunction(sum, UInt64),
    users AggregateFunction(uniq, Nullable(String)),
    sessions AggregateFunction(uniq, Nullable(String)),
    releases AggregateFunction(groupUniqArray(100), String),
    environments AggregateFunction(groupUniqArray(20), String),
    first_release AggregateFunction(argMin, String, DateTime64(3)),
    last_release AggregateFunction(argMax, String, DateTime64(3)),
    title AggregateFunction(argMax, String, DateTime64(3)),
    culprit AggregateFunction(argMax, String, DateTime64(3)),
    exception_type AggregateFunction(argMax, String, DateTime64(3)),
    grouping AggregateFunction(argMax, String, DateTime64(3)),
    latest_event_id AggregateFunction(argMax, String, DateTime64(3))
)
ENGINE = AggregatingMergeTree
ORDER BY (project_id, fingerprint)
TTL toDateTime(last_seen) + toIntervalDay(retention_days)
SETTINGS non_replicated_deduplication_window = 10000;

-- first/last release skip events without a release (their sort time is pushed out of reach), so
-- "introduced in" names the first release the issue was seen in. Title and culprit come from the
-- fingerprint stage's grouping JSON; the type and message line stand in when it has none.
CREATE MATERIALIZED VIEW IF NOT EXISTS issues_mv TO issues AS
SELECT project_id, fingerprint,
    max(e_retention_days) AS retention_days,
    min(e_received_at) AS first_seen, max(e_received_at) AS last_seen,
    count() AS events, countIf(e_handled = 0) AS unhandled,
    uniqState(nullIf(e_user, '')) AS users,
    uniqState(nullIf(e_session_id, '')) AS sessions,
    groupUniqArrayState(100)(e_release) AS releases,
    groupUniqArrayState(20)(e_environment) AS environments,
    argMinState(e_release, if(e_release = '', toDateTime64('2299-12-31 00:00:00', 3), e_received_at)) AS first_release,
    argMaxState(e_release, if(e_release = '', toDateTime64('1970-01-01 00:00:00', 3), e_received_at)) AS last_release,
    argMaxState(e_title, e_received_at) AS title,
    argMaxState(e_culprit, e_received_at) AS culprit,
    argMaxState(e_type, e_received_at) AS exception_type,
    argMaxState(e_grouping, e_received_at) AS grouping,
    argMaxState(e_event_id, e_received_at) AS latest_event_id
FROM
(
    -- Renamed so the state aliases above (named like the target columns) shadow nothing.
    SELECT project_id, fingerprint,
        retention_days AS e_retention_days, received_at AS e_received_at, handled AS e_handled,
        if(user_id != '', user_id, if(visitor_id != '', visitor_id, visitor_hash)) AS e_user,
        session_id AS e_session_id, toString(release) AS e_release, toString(environment) AS e_environment,
        toString(exception_type) AS e_type, grouping AS e_grouping, event_id AS e_event_id,
        JSONExtractString(grouping, 'culprit') AS e_culprit,
        if(JSONExtractString(grouping, 'title') != '', JSONExtractString(grouping, 'title'),
            concat(e_type, if(exception_message = '', '', ': '), substring(splitByChar('\n', exception_message)[1], 1, 200))) AS e_title
    FROM errors
    WHERE fingerprint != ''
)
GROUP BY project_id, fingerprint;

-- Per issue and release: when the issue was first and last seen in it and how often. The lifecycle
-- reads it to find resolved-in-next-release issues seen in a newer release; the releases API reads
-- it for per-release counts and the project's known releases.
CREATE TABLE IF NOT EXISTS issue_releases
(
    project_id LowCardinality(String),
    fingerprint String,
    release String,
    retention_days SimpleAggregateFunction(max, UInt16),
    first_seen SimpleAggregateFunction(min, DateTime64(3)),
    last_seen SimpleAggregateFunction(max, DateTime64(3)),
    events SimpleAggregateFunction(sum, UInt64)
)
ENGINE = AggregatingMergeTree
ORDER BY (project_id, fingerprint, release)
TTL toDateTime(last_seen) + toIntervalDay(retention_days)
SETTINGS non_replicated_deduplication_window = 10000;

CREATE MATERIALIZED VIEW IF NOT EXISTS issue_releases_mv TO issue_releases AS
SELECT project_id, fingerprint, e_release AS release, max(e_retention_days) AS retention_days,
    min(e_received_at) AS first_seen, max(e_received_at) AS last_seen, count() AS events
FROM
(
    SELECT project_id, fingerprint, toString(release) AS e_release, retention_days AS e_retention_days,
        received_at AS e_received_at
    FROM errors
    WHERE fingerprint != ''
)
GROUP BY project_id, fingerprint, e_release;

-- Issue state (0001 created the table): last version wins. No row means unresolved.
-- substatus: '' (derived on read: new within 7 days of first seen, else ongoing) or 'ongoing'
-- (set on a manual unresolve or an ignore wake-up). Times are epoch-based DateTime64(3), NULL
-- when unset; counts 0 when unset. *_base are the issue's events/users when it was ignored.
ALTER TABLE issue_states
    ADD COLUMN IF NOT EXISTS substatus LowCardinality(String) AFTER status,
    ADD COLUMN IF NOT EXISTS resolved_at Nullable(DateTime64(3)) AFTER substatus,
    ADD COLUMN IF NOT EXISTS resolved_in_release String AFTER resolved_at,
    ADD COLUMN IF NOT EXISTS regressed_at Nullable(DateTime64(3)) AFTER resolved_in_release,
    ADD COLUMN IF NOT EXISTS regressed_in_release String AFTER regressed_at,
    ADD COLUMN IF NOT EXISTS ignored_at Nullable(DateTime64(3)) AFTER regressed_in_release,
    ADD COLUMN IF NOT EXISTS ignore_until Nullable(DateTime64(3)) AFTER ignored_at,
    ADD COLUMN IF NOT EXISTS ignore_until_count UInt64 AFTER ignore_until,
    ADD COLUMN IF NOT EXISTS ignore_count_base UInt64 AFTER ignore_until_count,
    ADD COLUMN IF NOT EXISTS ignore_until_users UInt64 AFTER ignore_count_base,
    ADD COLUMN IF NOT EXISTS ignore_users_base UInt64 AFTER ignore_until_users,
    ADD COLUMN IF NOT EXISTS assignee String AFTER ignore_users_base;

-- Audit log and comments. Keyed by a deterministic id for automatic transitions (hash of the
-- state version they start from), so two instances that detect the same regression collapse into
-- one row; human changes get a random id. Read with FINAL.
CREATE TABLE IF NOT EXISTS issue_activity
(
    project_id LowCardinality(String),
    fingerprint String,
    id String,
    at DateTime64(3),
    actor String,
    action LowCardinality(String),
    from_status LowCardinality(String),
    to_status LowCardinality(String),
    release String,
    comment String CODEC(ZSTD(3)),
    details String CODEC(ZSTD(3))
)
ENGINE = ReplacingMergeTree
ORDER BY (project_id, fingerprint, id);

-- Releases registered through the API (the CLI's `releases new|finalize`): last version wins.
CREATE TABLE IF NOT EXISTS releases
(
    project_id LowCardinality(String),
    release String,
    created_at DateTime64(3),
    finalized_at Nullable(DateTime64(3)),
    ref String,
    url String,
    updated_by String,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, release);

-- Deploys of a release to an environment, append-only.
CREATE TABLE IF NOT EXISTS deploys
(
    project_id LowCardinality(String),
    release String,
    id String,
    environment LowCardinality(String),
    name String,
    url String,
    started_at Nullable(DateTime64(3)),
    finished_at DateTime64(3),
    created_by String
)
ENGINE = MergeTree
ORDER BY (project_id, release, finished_at);
