-- 0012: custom-event properties keep their types (issue #13). Numeric property values (JSON and
-- OTLP numbers, not numeric-looking strings) are stored as Float64 in properties_num as well as
-- their text in properties, so filters and breakdowns on a property are unchanged and the query
-- API can sum, average and take percentiles of a numeric one (revenue per route). Events stored
-- before this migration have an empty properties_num.
ALTER TABLE custom_events
    ADD COLUMN IF NOT EXISTS properties_num Map(LowCardinality(String), Float64) CODEC(ZSTD(3)) AFTER properties;
