-- 0021: one row per processor replica every PULSETRACE_HEARTBEAT_MS (src/scale/heartbeat.ts). The
-- replicas alive in the last few beats divide each project's rate limit between them (approximate
-- global limits, docs/scaling.md "Shared state"); `stopping` = 1 is the goodbye of a clean stop.
-- `at` is the server's clock (column default), the one clock every replica shares.
CREATE TABLE IF NOT EXISTS processor_heartbeats
(
    replica String,
    stopping UInt8 DEFAULT 0,
    at DateTime64(3) DEFAULT now64(3)
)
ENGINE = MergeTree
ORDER BY (at, replica)
TTL toDateTime(at) + toIntervalHour(1);
