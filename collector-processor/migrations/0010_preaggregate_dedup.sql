-- 0010: every materialized view's target deduplicates a replayed batch (issue #13).
-- The batch writer inserts each table's rows with an insert_deduplication_token derived from the
-- batch's WAL range and deduplicate_blocks_in_dependent_materialized_views = 1 (store/insert.ts),
-- so a retry after a lost acknowledgement or a WAL replay after kill -9 is dropped by the signal
-- tables. A view's target only drops the block its view derives from that insert when the target
-- keeps block hashes too: without non_replicated_deduplication_window (set on the issues targets
-- in 0005), sessions, web_vitals_1m and http_requests_1m counted every replayed row twice.
-- MODIFY SETTING keeps the data and parts; ClickHouse 24.8 and later accept it on MergeTree tables.
-- test/preaggregate-replay.test.ts checks every view's target, including views added later.
-- Aggregates written before this migration keep whatever replays they counted.

ALTER TABLE sessions MODIFY SETTING non_replicated_deduplication_window = 10000;

ALTER TABLE web_vitals_1m MODIFY SETTING non_replicated_deduplication_window = 10000;

ALTER TABLE http_requests_1m MODIFY SETTING non_replicated_deduplication_window = 10000;
