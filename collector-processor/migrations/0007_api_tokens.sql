-- 0007: API tokens scoped to projects (issue #5). The environment tokens (PULSETRACE_*_TOKEN) reach
-- every project; tokens made through POST /api/v1/tokens reach the projects they were granted
-- (or all, when made with projects "*"). Only the SHA-256 of a token is stored; the token itself is
-- shown once, when it is made. Last version wins (read with FINAL); revoked tokens keep their row.
CREATE TABLE IF NOT EXISTS api_tokens
(
    id String,
    name String,
    token_sha256 String,
    scope LowCardinality(String),
    all_projects UInt8,
    projects Array(String),
    created_at DateTime64(3),
    created_by String,
    revoked_at Nullable(DateTime64(3)),
    version UInt64
)
ENGINE = ReplacingMergeTree(version)
ORDER BY id;
