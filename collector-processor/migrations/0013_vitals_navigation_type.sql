-- 0013: web_vitals_1m by navigation type (issue #13). A soft navigation's LCP/FCP are measured
-- from the route change, not from the request, so mixed with hard loads they pull the
-- percentiles down; the raw table has had navigation_type since 0001, the pre-aggregate now too.
-- A new sorting-key column must be added in the same ALTER and after the whole old key (the
-- primary key stays the old sorting key), so it goes after `minute`: grouping in the
-- AggregatingMergeTree is by the whole key either way. Rows aggregated before this migration
-- keep navigation_type '' (unknown). The view is recreated as in 0006 plus navigation_type;
-- DROP + CREATE IF NOT EXISTS so a run that stopped half-way can run again.

ALTER TABLE web_vitals_1m
    ADD COLUMN IF NOT EXISTS navigation_type LowCardinality(String) AFTER country,
    MODIFY ORDER BY (project_id, name, environment, route, release, browser_name, device_type, country, minute, navigation_type);

DROP VIEW IF EXISTS web_vitals_1m_mv;

CREATE MATERIALIZED VIEW IF NOT EXISTS web_vitals_1m_mv TO web_vitals_1m AS
SELECT project_id, retention_days, toStartOfMinute(timestamp) AS minute, name, environment, route, release,
    browser_name, device_type, country, navigation_type,
    count() AS samples, countIf(rating = 'good') AS good, countIf(rating = 'needs-improvement') AS needs_improvement,
    countIf(rating = 'poor') AS poor, sum(value) AS value_sum,
    quantilesTDigestState(0.5, 0.75, 0.9, 0.95, 0.99)(value) AS value_quantiles
FROM web_vitals
WHERE is_bot = 0
GROUP BY project_id, retention_days, minute, name, environment, route, release, browser_name, device_type, country,
    navigation_type;
