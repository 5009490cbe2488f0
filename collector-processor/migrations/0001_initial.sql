-- 0001: the RUM signal tables, pre-aggregations and mutable state.
-- Every signal table: project first in the sort key, then low-cardinality dimensions, then time;
-- retention_days in the partition key so TTL drops whole parts (as Sentry's Snuba does);
-- non_replicated_deduplication_window so WAL replays with the same insert_deduplication_token are idempotent.

CREATE TABLE IF NOT EXISTS page_views
(
    project_id LowCardinality(String),
    retention_days UInt16,
    timestamp DateTime64(3) CODEC(Delta, ZSTD(1)),
    received_at DateTime64(3) CODEC(Delta, ZSTD(1)),
    event_id String,
    trace_id String,
    span_id String,
    session_id String,
    session_previous_id String,
    page_view_id String,
    user_id String,
    visitor_id String,
    service_name LowCardinality(String),
    release LowCardinality(String),
    environment LowCardinality(String),
    sdk_name LowCardinality(String),
    sdk_version LowCardinality(String),
    url String CODEC(ZSTD(3)),
    route LowCardinality(String),
    browser_name LowCardinality(String),
    browser_version LowCardinality(String),
    os_name LowCardinality(String),
    os_version LowCardinality(String),
    device_type LowCardinality(String),
    country LowCardinality(String),
    user_agent String CODEC(ZSTD(3)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    truncated UInt16,
    title String,
    referrer String,
    referrer_host LowCardinality(String),
    utm_source LowCardinality(String),
    utm_medium LowCardinality(String),
    utm_campaign LowCardinality(String),
    utm_term String,
    utm_content String,
    navigation_type LowCardinality(String),
    is_soft_navigation UInt8,
    dns_ms Float32,
    tcp_ms Float32,
    tls_ms Float32,
    ttfb_ms Float32,
    dom_interactive_ms Float32,
    dom_content_loaded_ms Float32,
    load_ms Float32,
    duration_ms Float32,
    INDEX idx_event_id event_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY (retention_days, toMonday(timestamp))
ORDER BY (project_id, environment, timestamp)
TTL toDateTime(timestamp) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS web_vitals
(
    project_id LowCardinality(String),
    retention_days UInt16,
    timestamp DateTime64(3) CODEC(Delta, ZSTD(1)),
    received_at DateTime64(3) CODEC(Delta, ZSTD(1)),
    event_id String,
    trace_id String,
    span_id String,
    session_id String,
    session_previous_id String,
    page_view_id String,
    user_id String,
    visitor_id String,
    service_name LowCardinality(String),
    release LowCardinality(String),
    environment LowCardinality(String),
    sdk_name LowCardinality(String),
    sdk_version LowCardinality(String),
    url String CODEC(ZSTD(3)),
    route LowCardinality(String),
    browser_name LowCardinality(String),
    browser_version LowCardinality(String),
    os_name LowCardinality(String),
    os_version LowCardinality(String),
    device_type LowCardinality(String),
    country LowCardinality(String),
    user_agent String CODEC(ZSTD(3)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    truncated UInt16,
    name LowCardinality(String),
    value Float64,
    delta Float64,
    rating LowCardinality(String),
    navigation_type LowCardinality(String),
    metric_id String,
    attribution Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    INDEX idx_event_id event_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY (retention_days, toMonday(timestamp))
ORDER BY (project_id, environment, name, timestamp)
TTL toDateTime(timestamp) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS errors
(
    project_id LowCardinality(String),
    retention_days UInt16,
    timestamp DateTime64(3) CODEC(Delta, ZSTD(1)),
    received_at DateTime64(3) CODEC(Delta, ZSTD(1)),
    event_id String,
    trace_id String,
    span_id String,
    session_id String,
    session_previous_id String,
    page_view_id String,
    user_id String,
    visitor_id String,
    service_name LowCardinality(String),
    release LowCardinality(String),
    environment LowCardinality(String),
    sdk_name LowCardinality(String),
    sdk_version LowCardinality(String),
    url String CODEC(ZSTD(3)),
    route LowCardinality(String),
    browser_name LowCardinality(String),
    browser_version LowCardinality(String),
    os_name LowCardinality(String),
    os_version LowCardinality(String),
    device_type LowCardinality(String),
    country LowCardinality(String),
    user_agent String CODEC(ZSTD(3)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    truncated UInt16,
    exception_type LowCardinality(String),
    exception_message String CODEC(ZSTD(3)),
    stacktrace String CODEC(ZSTD(3)),
    frames Nested(
        filename String,
        function String,
        lineno UInt32,
        colno UInt32,
        in_app UInt8
    ),
    handled UInt8,
    mechanism LowCardinality(String),
    fingerprint String,
    fingerprint_version UInt8,
    causes String CODEC(ZSTD(3)),
    breadcrumbs String CODEC(ZSTD(3)),
    INDEX idx_event_id event_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_fingerprint fingerprint TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY (retention_days, toMonday(timestamp))
ORDER BY (project_id, environment, timestamp)
TTL toDateTime(timestamp) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS custom_events
(
    project_id LowCardinality(String),
    retention_days UInt16,
    timestamp DateTime64(3) CODEC(Delta, ZSTD(1)),
    received_at DateTime64(3) CODEC(Delta, ZSTD(1)),
    event_id String,
    trace_id String,
    span_id String,
    session_id String,
    session_previous_id String,
    page_view_id String,
    user_id String,
    visitor_id String,
    service_name LowCardinality(String),
    release LowCardinality(String),
    environment LowCardinality(String),
    sdk_name LowCardinality(String),
    sdk_version LowCardinality(String),
    url String CODEC(ZSTD(3)),
    route LowCardinality(String),
    browser_name LowCardinality(String),
    browser_version LowCardinality(String),
    os_name LowCardinality(String),
    os_version LowCardinality(String),
    device_type LowCardinality(String),
    country LowCardinality(String),
    user_agent String CODEC(ZSTD(3)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    truncated UInt16,
    name LowCardinality(String),
    properties Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    INDEX idx_event_id event_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY (retention_days, toMonday(timestamp))
ORDER BY (project_id, environment, name, timestamp)
TTL toDateTime(timestamp) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS http_requests
(
    project_id LowCardinality(String),
    retention_days UInt16,
    timestamp DateTime64(3) CODEC(Delta, ZSTD(1)),
    received_at DateTime64(3) CODEC(Delta, ZSTD(1)),
    event_id String,
    trace_id String,
    span_id String,
    session_id String,
    session_previous_id String,
    page_view_id String,
    user_id String,
    visitor_id String,
    service_name LowCardinality(String),
    release LowCardinality(String),
    environment LowCardinality(String),
    sdk_name LowCardinality(String),
    sdk_version LowCardinality(String),
    url String CODEC(ZSTD(3)),
    route LowCardinality(String),
    browser_name LowCardinality(String),
    browser_version LowCardinality(String),
    os_name LowCardinality(String),
    os_version LowCardinality(String),
    device_type LowCardinality(String),
    country LowCardinality(String),
    user_agent String CODEC(ZSTD(3)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    truncated UInt16,
    method LowCardinality(String),
    http_url String CODEC(ZSTD(3)),
    url_template LowCardinality(String),
    server_address LowCardinality(String),
    status_code UInt16,
    duration_ms Float64,
    request_size UInt64,
    response_size UInt64,
    error_type LowCardinality(String),
    INDEX idx_event_id event_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY (retention_days, toMonday(timestamp))
ORDER BY (project_id, environment, method, timestamp)
TTL toDateTime(timestamp) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS long_tasks
(
    project_id LowCardinality(String),
    retention_days UInt16,
    timestamp DateTime64(3) CODEC(Delta, ZSTD(1)),
    received_at DateTime64(3) CODEC(Delta, ZSTD(1)),
    event_id String,
    trace_id String,
    span_id String,
    session_id String,
    session_previous_id String,
    page_view_id String,
    user_id String,
    visitor_id String,
    service_name LowCardinality(String),
    release LowCardinality(String),
    environment LowCardinality(String),
    sdk_name LowCardinality(String),
    sdk_version LowCardinality(String),
    url String CODEC(ZSTD(3)),
    route LowCardinality(String),
    browser_name LowCardinality(String),
    browser_version LowCardinality(String),
    os_name LowCardinality(String),
    os_version LowCardinality(String),
    device_type LowCardinality(String),
    country LowCardinality(String),
    user_agent String CODEC(ZSTD(3)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    truncated UInt16,
    kind LowCardinality(String),
    duration_ms Float64,
    blocking_duration_ms Float64,
    script_url String CODEC(ZSTD(3)),
    invoker String,
    INDEX idx_event_id event_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY (retention_days, toMonday(timestamp))
ORDER BY (project_id, environment, kind, timestamp)
TTL toDateTime(timestamp) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;

CREATE TABLE IF NOT EXISTS resources
(
    project_id LowCardinality(String),
    retention_days UInt16,
    timestamp DateTime64(3) CODEC(Delta, ZSTD(1)),
    received_at DateTime64(3) CODEC(Delta, ZSTD(1)),
    event_id String,
    trace_id String,
    span_id String,
    session_id String,
    session_previous_id String,
    page_view_id String,
    user_id String,
    visitor_id String,
    service_name LowCardinality(String),
    release LowCardinality(String),
    environment LowCardinality(String),
    sdk_name LowCardinality(String),
    sdk_version LowCardinality(String),
    url String CODEC(ZSTD(3)),
    route LowCardinality(String),
    browser_name LowCardinality(String),
    browser_version LowCardinality(String),
    os_name LowCardinality(String),
    os_version LowCardinality(String),
    device_type LowCardinality(String),
    country LowCardinality(String),
    user_agent String CODEC(ZSTD(3)),
    attributes Map(LowCardinality(String), String) CODEC(ZSTD(3)),
    truncated UInt16,
    resource_type LowCardinality(String),
    resource_url String CODEC(ZSTD(3)),
    duration_ms Float64,
    transfer_size UInt64,
    encoded_body_size UInt64,
    decoded_body_size UInt64,
    render_blocking LowCardinality(String),
    next_hop_protocol LowCardinality(String),
    INDEX idx_event_id event_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_trace_id trace_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_session_id session_id TYPE bloom_filter(0.01) GRANULARITY 4,
    INDEX idx_user_id user_id TYPE bloom_filter(0.01) GRANULARITY 4
)
ENGINE = MergeTree
PARTITION BY (retention_days, toMonday(timestamp))
ORDER BY (project_id, environment, resource_type, timestamp)
TTL toDateTime(timestamp) + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1, non_replicated_deduplication_window = 10000;

-- Sessions: one row per (session, day) merged from page views and errors, so several processors
-- can write the same session concurrently without a read-modify-write.
CREATE TABLE IF NOT EXISTS sessions
(
    project_id LowCardinality(String),
    retention_days UInt16,
    session_date Date,
    session_id String,
    first_seen SimpleAggregateFunction(min, DateTime64(3)),
    last_seen SimpleAggregateFunction(max, DateTime64(3)),
    page_views SimpleAggregateFunction(sum, UInt64),
    errors SimpleAggregateFunction(sum, UInt64),
    entry_url AggregateFunction(argMin, String, DateTime64(3)),
    exit_url AggregateFunction(argMax, String, DateTime64(3)),
    user_id SimpleAggregateFunction(anyLast, String),
    visitor_id SimpleAggregateFunction(any, String),
    release SimpleAggregateFunction(any, LowCardinality(String)),
    environment SimpleAggregateFunction(any, LowCardinality(String)),
    browser_name SimpleAggregateFunction(any, LowCardinality(String)),
    os_name SimpleAggregateFunction(any, LowCardinality(String)),
    device_type SimpleAggregateFunction(any, LowCardinality(String)),
    country SimpleAggregateFunction(any, LowCardinality(String))
)
ENGINE = AggregatingMergeTree
PARTITION BY (retention_days, toMonday(session_date))
ORDER BY (project_id, session_date, session_id)
TTL session_date + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS sessions_from_page_views_mv TO sessions AS
SELECT project_id, retention_days, toDate(timestamp) AS session_date, session_id,
    min(timestamp) AS first_seen, max(timestamp) AS last_seen, count() AS page_views, toUInt64(0) AS errors,
    argMinState(url, timestamp) AS entry_url, argMaxState(url, timestamp) AS exit_url,
    anyLast(user_id) AS user_id, any(visitor_id) AS visitor_id, any(release) AS release, any(environment) AS environment,
    any(browser_name) AS browser_name, any(os_name) AS os_name, any(device_type) AS device_type, any(country) AS country
FROM page_views
WHERE session_id != ''
GROUP BY project_id, retention_days, session_date, session_id;

CREATE MATERIALIZED VIEW IF NOT EXISTS sessions_from_errors_mv TO sessions AS
SELECT project_id, retention_days, toDate(timestamp) AS session_date, session_id,
    min(timestamp) AS first_seen, max(timestamp) AS last_seen, toUInt64(0) AS page_views, count() AS errors,
    argMinState(url, toDateTime64('2106-01-01 00:00:00', 3)) AS entry_url, argMaxState(url, toDateTime64('1970-01-01 00:00:00', 3)) AS exit_url,
    anyLast(user_id) AS user_id, any(visitor_id) AS visitor_id, any(release) AS release, any(environment) AS environment,
    any(browser_name) AS browser_name, any(os_name) AS os_name, any(device_type) AS device_type, any(country) AS country
FROM errors
WHERE session_id != ''
GROUP BY project_id, retention_days, session_date, session_id;

-- Pre-aggregated web-vital percentiles: minute x project x route x release x browser x device x country.
CREATE TABLE IF NOT EXISTS web_vitals_1m
(
    project_id LowCardinality(String),
    retention_days UInt16,
    minute DateTime CODEC(Delta, ZSTD(1)),
    name LowCardinality(String),
    environment LowCardinality(String),
    route LowCardinality(String),
    release LowCardinality(String),
    browser_name LowCardinality(String),
    device_type LowCardinality(String),
    country LowCardinality(String),
    samples SimpleAggregateFunction(sum, UInt64),
    good SimpleAggregateFunction(sum, UInt64),
    needs_improvement SimpleAggregateFunction(sum, UInt64),
    poor SimpleAggregateFunction(sum, UInt64),
    value_sum SimpleAggregateFunction(sum, Float64),
    value_quantiles AggregateFunction(quantilesTDigest(0.5, 0.75, 0.9, 0.95, 0.99), Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY (retention_days, toMonday(minute))
ORDER BY (project_id, name, environment, route, release, browser_name, device_type, country, minute)
TTL minute + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS web_vitals_1m_mv TO web_vitals_1m AS
SELECT project_id, retention_days, toStartOfMinute(timestamp) AS minute, name, environment, route, release,
    browser_name, device_type, country,
    count() AS samples, countIf(rating = 'good') AS good, countIf(rating = 'needs-improvement') AS needs_improvement,
    countIf(rating = 'poor') AS poor, sum(value) AS value_sum,
    quantilesTDigestState(0.5, 0.75, 0.9, 0.95, 0.99)(value) AS value_quantiles
FROM web_vitals
GROUP BY project_id, retention_days, minute, name, environment, route, release, browser_name, device_type, country;

-- Pre-aggregated HTTP client latency per endpoint template.
CREATE TABLE IF NOT EXISTS http_requests_1m
(
    project_id LowCardinality(String),
    retention_days UInt16,
    minute DateTime CODEC(Delta, ZSTD(1)),
    environment LowCardinality(String),
    method LowCardinality(String),
    server_address LowCardinality(String),
    url_template LowCardinality(String),
    release LowCardinality(String),
    browser_name LowCardinality(String),
    device_type LowCardinality(String),
    country LowCardinality(String),
    requests SimpleAggregateFunction(sum, UInt64),
    failures SimpleAggregateFunction(sum, UInt64),
    duration_quantiles AggregateFunction(quantilesTDigest(0.5, 0.75, 0.9, 0.95, 0.99), Float64)
)
ENGINE = AggregatingMergeTree
PARTITION BY (retention_days, toMonday(minute))
ORDER BY (project_id, environment, method, server_address, url_template, release, browser_name, device_type, country, minute)
TTL minute + toIntervalDay(retention_days)
SETTINGS ttl_only_drop_parts = 1;

CREATE MATERIALIZED VIEW IF NOT EXISTS http_requests_1m_mv TO http_requests_1m AS
SELECT project_id, retention_days, toStartOfMinute(timestamp) AS minute, environment, method, server_address,
    url_template, release, browser_name, device_type, country,
    count() AS requests, countIf(status_code = 0 OR status_code >= 500) AS failures,
    quantilesTDigestState(0.5, 0.75, 0.9, 0.95, 0.99)(duration_ms) AS duration_quantiles
FROM http_requests
GROUP BY project_id, retention_days, minute, environment, method, server_address, url_template, release,
    browser_name, device_type, country;

-- Mutable state: last version wins (read with FINAL).
CREATE TABLE IF NOT EXISTS projects
(
    id String,
    name String,
    environment LowCardinality(String),
    allowed_origins Array(String),
    ingest_keys Array(String),
    key_expires_at_ms Array(Int64),
    retention_days UInt16,
    sample_rate Float32,
    rate_limit_per_second UInt32,
    created_at DateTime64(3),
    updated_at DateTime64(3),
    deleted_at Nullable(DateTime64(3)),
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;

CREATE TABLE IF NOT EXISTS issue_states
(
    project_id LowCardinality(String),
    fingerprint String,
    status LowCardinality(String),
    updated_at DateTime64(3),
    updated_by String,
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, fingerprint);
