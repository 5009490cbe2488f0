-- 0017: alert rules made through the API, and per-project overrides of any rule (issue #17,
-- docs/alerting.md "Rule API and CLI"). The rule file (PULSETRACE_ALERT_RULES_FILE) is not stored:
-- every replica reads the same file at start.

-- One API rule per (project, rule id), versioned: every PUT inserts the whole rule again with a
-- higher version (microseconds since the epoch, as issue states use), and a DELETE inserts a
-- version with deleted = 1. Readers take the newest version with FINAL and then drop deleted ones,
-- so replicas that write at once converge to the newest write. `rule` is the rule as JSON with its
-- defaults applied (src/alerting/rules/schema.ts AlertRule).
CREATE TABLE IF NOT EXISTS alert_rules
(
    project_id LowCardinality(String),
    rule_id String,
    version UInt64,
    deleted UInt8,
    rule String CODEC(ZSTD(3)),
    updated_at DateTime64(3),
    updated_by String
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, rule_id);

-- A project's override of one rule (a file rule or an API rule): disable it, change its
-- threshold, receivers or severity. `override` is JSON (schema.ts RuleOverride without rule and
-- project, which the key holds). Versioned and deleted like alert_rules.
CREATE TABLE IF NOT EXISTS alert_rule_overrides
(
    project_id LowCardinality(String),
    rule_id String,
    version UInt64,
    deleted UInt8,
    override String,
    updated_at DateTime64(3),
    updated_by String
)
ENGINE = ReplacingMergeTree(version)
ORDER BY (project_id, rule_id);
