-- 0004: error intelligence and privacy (issue #4).
-- Enrichment columns on every signal table: the cookieless visitor hash (daily-rotating salt, as
-- Plausible does), the bot flag (bots are kept but flagged; analytics exclude them by default) and
-- the region next to the country. The client IP itself is never stored.

ALTER TABLE page_views ADD COLUMN IF NOT EXISTS visitor_hash String AFTER visitor_id, ADD COLUMN IF NOT EXISTS is_bot UInt8 AFTER device_type, ADD COLUMN IF NOT EXISTS region LowCardinality(String) AFTER country;
ALTER TABLE web_vitals ADD COLUMN IF NOT EXISTS visitor_hash String AFTER visitor_id, ADD COLUMN IF NOT EXISTS is_bot UInt8 AFTER device_type, ADD COLUMN IF NOT EXISTS region LowCardinality(String) AFTER country;
ALTER TABLE errors ADD COLUMN IF NOT EXISTS visitor_hash String AFTER visitor_id, ADD COLUMN IF NOT EXISTS is_bot UInt8 AFTER device_type, ADD COLUMN IF NOT EXISTS region LowCardinality(String) AFTER country;
ALTER TABLE custom_events ADD COLUMN IF NOT EXISTS visitor_hash String AFTER visitor_id, ADD COLUMN IF NOT EXISTS is_bot UInt8 AFTER device_type, ADD COLUMN IF NOT EXISTS region LowCardinality(String) AFTER country;
ALTER TABLE http_requests ADD COLUMN IF NOT EXISTS visitor_hash String AFTER visitor_id, ADD COLUMN IF NOT EXISTS is_bot UInt8 AFTER device_type, ADD COLUMN IF NOT EXISTS region LowCardinality(String) AFTER country;
ALTER TABLE long_tasks ADD COLUMN IF NOT EXISTS visitor_hash String AFTER visitor_id, ADD COLUMN IF NOT EXISTS is_bot UInt8 AFTER device_type, ADD COLUMN IF NOT EXISTS region LowCardinality(String) AFTER country;
ALTER TABLE resources ADD COLUMN IF NOT EXISTS visitor_hash String AFTER visitor_id, ADD COLUMN IF NOT EXISTS is_bot UInt8 AFTER device_type, ADD COLUMN IF NOT EXISTS region LowCardinality(String) AFTER country;

-- Symbolication: the frames columns hold the original (source-mapped) position when a map was
-- found; the minified position stays next to it. `context` is JSON {pre, line, post} from the
-- map's sourcesContent. `symbolication`: none (nothing to map) | mapped | partial | missing.
-- `grouping` explains the fingerprint (JSON: method, components, rule), saved with the issue.
ALTER TABLE errors
    ADD COLUMN IF NOT EXISTS `frames.abs_path` Array(String),
    ADD COLUMN IF NOT EXISTS `frames.raw_lineno` Array(UInt32),
    ADD COLUMN IF NOT EXISTS `frames.raw_colno` Array(UInt32),
    ADD COLUMN IF NOT EXISTS `frames.raw_function` Array(String),
    ADD COLUMN IF NOT EXISTS `frames.context` Array(String),
    ADD COLUMN IF NOT EXISTS `frames.symbolicated` Array(UInt8),
    ADD COLUMN IF NOT EXISTS symbolication LowCardinality(String),
    ADD COLUMN IF NOT EXISTS grouping String CODEC(ZSTD(3));

-- Per-project scrubbing and grouping rules (src/projects/settings.ts), as JSON.
ALTER TABLE projects ADD COLUMN IF NOT EXISTS settings String DEFAULT '{}';

-- Daily salts for the cookieless visitor hash. Every instance uses the smallest salt of the day
-- (so concurrent instances converge); salts older than two days are deleted, after which a hash
-- can no longer be tied to an IP and user agent.
CREATE TABLE IF NOT EXISTS visitor_salts
(
    day Date,
    salt String,
    created_at DateTime64(3)
)
ENGINE = MergeTree
ORDER BY (day, salt);
