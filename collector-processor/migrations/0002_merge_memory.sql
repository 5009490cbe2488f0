-- 0002: merge signal tables column by column. A horizontal merge holds read and write buffers for
-- every column of every source part at once (~50 columns here, several parts per merge), which
-- took the embedded engine ~100 MB past its budget within a minute of sustained ingest; vertical
-- merges hold one column at a time (docs/benchmarks.md).
ALTER TABLE page_views MODIFY SETTING vertical_merge_algorithm_min_rows_to_activate = 1, vertical_merge_algorithm_min_columns_to_activate = 1;
ALTER TABLE web_vitals MODIFY SETTING vertical_merge_algorithm_min_rows_to_activate = 1, vertical_merge_algorithm_min_columns_to_activate = 1;
ALTER TABLE errors MODIFY SETTING vertical_merge_algorithm_min_rows_to_activate = 1, vertical_merge_algorithm_min_columns_to_activate = 1;
ALTER TABLE custom_events MODIFY SETTING vertical_merge_algorithm_min_rows_to_activate = 1, vertical_merge_algorithm_min_columns_to_activate = 1;
ALTER TABLE http_requests MODIFY SETTING vertical_merge_algorithm_min_rows_to_activate = 1, vertical_merge_algorithm_min_columns_to_activate = 1;
ALTER TABLE long_tasks MODIFY SETTING vertical_merge_algorithm_min_rows_to_activate = 1, vertical_merge_algorithm_min_columns_to_activate = 1;
ALTER TABLE resources MODIFY SETTING vertical_merge_algorithm_min_rows_to_activate = 1, vertical_merge_algorithm_min_columns_to_activate = 1;
