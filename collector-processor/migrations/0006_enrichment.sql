-- 0006: bots are excluded from analytics by default (issue #4). Bot rows (is_bot = 1: crawlers,
-- scripts, headless browsers) are still stored in the signal tables, where queries can opt in to
-- them, but no longer feed the pre-aggregated tables, whose rows cannot be split by bot afterwards.
-- Each view is recreated as in 0001 plus `is_bot = 0`; DROP + CREATE IF NOT EXISTS so a run that
-- stopped half-way (before schema_migrations records it) can run again. Aggregates written before
-- this migration keep whatever bot rows they had.

DROP VIEW IF EXISTS sessions_from_page_views_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS sessions_from_page_views_mv TO sessions AS
SELECT project_id, retention_days, toDate(timestamp) AS session_date, session_id,
    min(timestamp) AS first_seen, max(timestamp) AS last_seen, count() AS page_views, toUInt64(0) AS errors,
    argMinState(url, timestamp) AS entry_url, argMaxState(url, timestamp) AS exit_url,
    anyLast(user_id) AS user_id, any(visitor_id) AS visitor_id, any(release) AS release, any(environment) AS environment,
    any(browser_name) AS browser_name, any(os_name) AS os_name, any(device_type) AS device_type, any(country) AS country
FROM page_views
WHERE session_id != '' AND is_bot = 0
GROUP BY project_id, retention_days, session_date, session_id;

DROP VIEW IF EXISTS sessions_from_errors_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS sessions_from_errors_mv TO sessions AS
SELECT project_id, retention_days, toDate(timestamp) AS session_date, session_id,
    min(timestamp) AS first_seen, max(timestamp) AS last_seen, toUInt64(0) AS page_views, count() AS errors,
    argMinState(url, toDateTime64('2106-01-01 00:00:00', 3)) AS entry_url, argMaxState(url, toDateTime64('1970-01-01 00:00:00', 3)) AS exit_url,
    anyLast(user_id) AS user_id, any(visitor_id) AS visitor_id, any(release) AS release, any(environment) AS environment,
    any(browser_name) AS browser_name, any(os_name) AS os_name, any(device_type) AS device_type, any(country) AS country
FROM errors
WHERE session_id != '' AND is_bot = 0
GROUP BY project_id, retention_days, session_date, session_id;

DROP VIEW IF EXISTS web_vitals_1m_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS web_vitals_1m_mv TO web_vitals_1m AS
SELECT project_id, retention_days, toStartOfMinute(timestamp) AS minute, name, environment, route, release,
    browser_name, device_type, country,
    count() AS samples, countIf(rating = 'good') AS good, countIf(rating = 'needs-improvement') AS needs_improvement,
    countIf(rating = 'poor') AS poor, sum(value) AS value_sum,
    quantilesTDigestState(0.5, 0.75, 0.9, 0.95, 0.99)(value) AS value_quantiles
FROM web_vitals
WHERE is_bot = 0
GROUP BY project_id, retention_days, minute, name, environment, route, release, browser_name, device_type, country;

DROP VIEW IF EXISTS http_requests_1m_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS http_requests_1m_mv TO http_requests_1m AS
SELECT project_id, retention_days, toStartOfMinute(timestamp) AS minute, environment, method, server_address,
    url_template, release, browser_name, device_type, country,
    count() AS requests, countIf(status_code = 0 OR status_code >= 500) AS failures,
    quantilesTDigestState(0.5, 0.75, 0.9, 0.95, 0.99)(duration_ms) AS duration_quantiles
FROM http_requests
WHERE is_bot = 0
GROUP BY project_id, retention_days, minute, environment, method, server_address, url_template, release,
    browser_name, device_type, country;
