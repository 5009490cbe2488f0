-- 0011: a session's user is its last NON-EMPTY user id (issue #13). sessions.user_id is
-- SimpleAggregateFunction(anyLast): a part written after the user logged in and one written later
-- without an id (a page view before identify() ran, another SDK, an error) merge to whichever came
-- last, often '', so filtering sessions by user missed them. last_user_id keeps
-- argMax(user_id, timestamp) over the rows that have one; queries read it and fall back to the
-- old column for rows aggregated before this migration (whose state here is empty).
-- The views are recreated as in 0006 plus last_user_id (the column named with its table: the
-- alias user_id would otherwise stand for anyLast(user_id), an aggregate inside an aggregate);
-- DROP + CREATE IF NOT EXISTS so a run
-- that stopped half-way (before schema_migrations records it) can run again.

ALTER TABLE sessions ADD COLUMN IF NOT EXISTS last_user_id AggregateFunction(argMax, String, DateTime64(3)) AFTER user_id;

DROP VIEW IF EXISTS sessions_from_page_views_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS sessions_from_page_views_mv TO sessions AS
SELECT project_id, retention_days, toDate(timestamp) AS session_date, session_id,
    min(timestamp) AS first_seen, max(timestamp) AS last_seen, count() AS page_views, toUInt64(0) AS errors,
    argMinState(url, timestamp) AS entry_url, argMaxState(url, timestamp) AS exit_url,
    anyLast(user_id) AS user_id, argMaxStateIf(page_views.user_id, timestamp, page_views.user_id != '') AS last_user_id,
    any(visitor_id) AS visitor_id, any(release) AS release, any(environment) AS environment,
    any(browser_name) AS browser_name, any(os_name) AS os_name, any(device_type) AS device_type, any(country) AS country
FROM page_views
WHERE session_id != '' AND is_bot = 0
GROUP BY project_id, retention_days, session_date, session_id;

DROP VIEW IF EXISTS sessions_from_errors_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS sessions_from_errors_mv TO sessions AS
SELECT project_id, retention_days, toDate(timestamp) AS session_date, session_id,
    min(timestamp) AS first_seen, max(timestamp) AS last_seen, toUInt64(0) AS page_views, count() AS errors,
    argMinState(url, toDateTime64('2106-01-01 00:00:00', 3)) AS entry_url, argMaxState(url, toDateTime64('1970-01-01 00:00:00', 3)) AS exit_url,
    anyLast(user_id) AS user_id, argMaxStateIf(errors.user_id, timestamp, errors.user_id != '') AS last_user_id,
    any(visitor_id) AS visitor_id, any(release) AS release, any(environment) AS environment,
    any(browser_name) AS browser_name, any(os_name) AS os_name, any(device_type) AS device_type, any(country) AS country
FROM errors
WHERE session_id != '' AND is_bot = 0
GROUP BY project_id, retention_days, session_date, session_id;
