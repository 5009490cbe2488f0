-- 0016: what the insight engine adds to a card (issue #16, docs/insights.md "Engine"): the suggested
-- next step, its links (JSON: release, previousRelease, deploys near the onset, related issue
-- fingerprints; shape InsightLinks in src/insights/engine/types.ts), and last_active_at, the last
-- evaluation at which its detector still proposed it: the engine resolves an open card once that is
-- older than its resolve delay. Rows written by 0015 read with an empty next step, no links, and
-- their last update as last_active_at. summary_source says who wrote the summary (`llm`, the narrator's
-- model, or `template`) and summary_prompt_version its prompt version (narrative-v1, template-v1;
-- empty for the engine's own sentence), so a reader can tell a model's words from the template's.

ALTER TABLE insights ADD COLUMN IF NOT EXISTS next_step String DEFAULT '' CODEC(ZSTD(3));

ALTER TABLE insights ADD COLUMN IF NOT EXISTS links String DEFAULT '' CODEC(ZSTD(3));

ALTER TABLE insights ADD COLUMN IF NOT EXISTS last_active_at DateTime64(3) DEFAULT updated_at;

ALTER TABLE insights ADD COLUMN IF NOT EXISTS summary_source LowCardinality(String) DEFAULT 'template';

ALTER TABLE insights ADD COLUMN IF NOT EXISTS summary_prompt_version LowCardinality(String) DEFAULT '';
