import client from 'prom-client';

/** The processor's own Prometheus metrics, in a registry of their own (tests create several apps). */
export function createMetrics() {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, prefix: 'pulsetrace_' });
  const requests = new client.Counter({
    name: 'pulsetrace_ingest_requests_total',
    help: 'OTLP requests by signal and HTTP status code.',
    labelNames: ['signal', 'code'] as const,
    registers: [registry],
  });
  const received = new client.Counter({
    name: 'pulsetrace_ingest_records_received_total',
    help: 'Spans and log records received (decoded), by signal.',
    labelNames: ['signal'] as const,
    registers: [registry],
  });
  const accepted = new client.Counter({
    name: 'pulsetrace_ingest_rows_accepted_total',
    help: 'RUM rows written to the WAL, by table.',
    labelNames: ['table'] as const,
    registers: [registry],
  });
  const rejected = new client.Counter({
    name: 'pulsetrace_ingest_rejected_total',
    help: 'Requests or records refused, by reason.',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const unmapped = new client.Counter({
    name: 'pulsetrace_ingest_records_unmapped_total',
    help: 'Spans and log records accepted but stored as no row, by signal and reason (unknown_span, plain_log, ignored_event, self_telemetry, timing_without_page_view); also reported in partial_success.',
    labelNames: ['signal', 'reason'] as const,
    registers: [registry],
  });
  const duplicateBatches = new client.Counter({
    name: 'pulsetrace_ingest_duplicate_batches_total',
    help: 'Requests answered without storing because their batch id was already stored, by signal.',
    labelNames: ['signal'] as const,
    registers: [registry],
  });
  const timestampsAdjusted = new client.Counter({
    name: 'pulsetrace_ingest_timestamps_adjusted_total',
    help: 'Event times moved into the accepted window around the receive time, by reason (unit_seconds, unit_milliseconds, unit_microseconds, too_old, in_future).',
    labelNames: ['reason'] as const,
    registers: [registry],
  });
  const valuesSanitized = new client.Counter({
    name: 'pulsetrace_ingest_values_sanitized_total',
    help: 'Row values made valid for their ClickHouse column before the WAL (integer range, non-finite float, lone surrogate, bad time), by table.',
    labelNames: ['table'] as const,
    registers: [registry],
  });
  // Per pipeline stage (pipeline/registry.ts), recorded by the runner, one run per project and request.
  const stageRowsIn = new client.Counter({
    name: 'pulsetrace_stage_rows_in_total',
    help: 'Rows given to a pipeline stage, by stage (sample, enrich, symbolicate, scrub, fingerprint).',
    labelNames: ['stage'] as const,
    registers: [registry],
  });
  const stageRowsOut = new client.Counter({
    name: 'pulsetrace_stage_rows_out_total',
    help: 'Rows a pipeline stage passed on, by stage.',
    labelNames: ['stage'] as const,
    registers: [registry],
  });
  const stageRowsDropped = new client.Counter({
    name: 'pulsetrace_stage_rows_dropped_total',
    help: 'Rows a pipeline stage dropped (sample: sessions not sampled), by stage.',
    labelNames: ['stage'] as const,
    registers: [registry],
  });
  const stageDurationSeconds = new client.Histogram({
    name: 'pulsetrace_stage_duration_seconds',
    help: "Time one pipeline stage took on one project's rows of a request, by stage.",
    labelNames: ['stage'] as const,
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.5],
    registers: [registry],
  });
  const walBytes = new client.Gauge({
    name: 'pulsetrace_wal_bytes',
    help: 'Bytes in the write-ahead log not yet stored in ClickHouse.',
    registers: [registry],
  });
  const queueDepth = new client.Gauge({
    name: 'pulsetrace_queue_depth_rows',
    help: 'Rows in the write-ahead log not yet stored in ClickHouse.',
    registers: [registry],
  });
  const inFlightBytes = new client.Gauge({
    name: 'pulsetrace_ingest_inflight_bytes',
    help: 'Body bytes (wire + decompressed) held by ingest requests in flight, bounded by PULSETRACE_INGEST_MAX_INFLIGHT_BYTES.',
    registers: [registry],
  });
  const inFlightRequests = new client.Gauge({
    name: 'pulsetrace_ingest_inflight_requests',
    help: 'Ingest requests in flight, bounded by PULSETRACE_INGEST_MAX_CONCURRENT.',
    registers: [registry],
  });
  const batchRows = new client.Histogram({
    name: 'pulsetrace_batch_rows',
    help: 'Rows per ClickHouse batch insert.',
    buckets: [10, 100, 1000, 5000, 10000, 20000, 50000],
    registers: [registry],
  });
  const insertSeconds = new client.Histogram({
    name: 'pulsetrace_insert_duration_seconds',
    help: 'Time to insert one batch into ClickHouse (all tables).',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const insertFailures = new client.Counter({
    name: 'pulsetrace_insert_failures_total',
    help: 'Failed ClickHouse batch inserts (retried from the WAL).',
    registers: [registry],
  });
  const deadLetterRows = new client.Counter({
    name: 'pulsetrace_dead_letter_rows_total',
    help: 'Rows ClickHouse rejected for their data, set aside in the dead_letters table, by table.',
    labelNames: ['table'] as const,
    registers: [registry],
  });
  const writerSplits = new client.Counter({
    name: 'pulsetrace_writer_splits_total',
    help: 'Batch parts split by the writer because ClickHouse rejected them for their data, by table.',
    labelNames: ['table'] as const,
    registers: [registry],
  });
  const writerStalledSeconds = new client.Gauge({
    name: 'pulsetrace_writer_stalled_seconds',
    help: 'How long inserts have kept failing (0 while they succeed); /readyz fails past PULSETRACE_WRITER_STALL_MS.',
    registers: [registry],
  });
  const erasures = new client.Counter({
    name: 'pulsetrace_erasures_total',
    help: 'Data-subject erasures finished, by kind (user, visitor) and status (done, failed).',
    labelNames: ['kind', 'status'] as const,
    registers: [registry],
  });
  const erasureRowsDeleted = new client.Counter({
    name: 'pulsetrace_erasure_rows_deleted_total',
    help: 'Rows deleted by data-subject erasures, by table (counted per table as it finishes).',
    labelNames: ['table'] as const,
    registers: [registry],
  });
  const projectPurges = new client.Counter({
    name: 'pulsetrace_project_purges_total',
    help: 'Purges of deleted projects past their restore window, by status (done, failed).',
    labelNames: ['status'] as const,
    registers: [registry],
  });
  const projectPurgeRowsDeleted = new client.Counter({
    name: 'pulsetrace_project_purge_rows_deleted_total',
    help: 'Rows deleted by purges of deleted projects (counted per table as it finishes).',
    registers: [registry],
  });
  // The insight engine (src/insights/engine/): cards opened and resolved, one project's evaluation.
  const insightsOpened = new client.Counter({
    name: 'pulsetrace_insights_opened_total',
    help: 'Insight cards opened (or reopened) by the engine, by kind and severity.',
    labelNames: ['kind', 'severity'] as const,
    registers: [registry],
  });
  const insightsResolved = new client.Counter({
    name: 'pulsetrace_insights_resolved_total',
    help: 'Insight cards the engine resolved because their detector stopped proposing them, by kind.',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const insightsEvaluationSeconds = new client.Histogram({
    name: 'pulsetrace_insights_evaluation_duration_seconds',
    help: 'Time one insight evaluation of one project took (detectors, reconciliation, writes).',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const insightsEvaluationFailures = new client.Counter({
    name: 'pulsetrace_insights_evaluation_failures_total',
    help: 'Failed insight evaluations, by detector (its name, or `engine` for reading or writing the cards).',
    labelNames: ['detector'] as const,
    registers: [registry],
  });
  // The alert ruler (src/alerting/ruler/): rule evaluations, their failures and time, events, firing alerts.
  const alertEvaluations = new client.Counter({
    name: 'pulsetrace_alert_evaluations_total',
    help: "Alert rule evaluations by the processor's ruler, by kind (threshold, spike).",
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const alertEvaluationFailures = new client.Counter({
    name: 'pulsetrace_alert_evaluation_failures_total',
    help: 'Failed alert rule evaluations, by kind (threshold: the query failed; project: reading rules or state failed).',
    labelNames: ['kind'] as const,
    registers: [registry],
  });
  const alertEvaluationSeconds = new client.Histogram({
    name: 'pulsetrace_alert_evaluation_duration_seconds',
    help: 'Time one alert rule evaluation took (its queries).',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const alertEvents = new client.Counter({
    name: 'pulsetrace_alert_events_total',
    help: 'Event alerts raised (issue.new, issue.regressed, issue.woke, issue.spike, insight.opened), by event and whether anyone was notified.',
    labelNames: ['event', 'notified'] as const,
    registers: [registry],
  });
  // The query API (POST /api/v1/query): what Grafana panels wait for, per query type.
  const queryDuration = new client.Histogram({
    name: 'pulsetrace_query_duration_seconds',
    help: 'Time one query of POST /api/v1/query took in ClickHouse, by query type and outcome (ok, error).',
    labelNames: ['type', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const alertsFiring = new client.Gauge({
    name: 'pulsetrace_alerts_firing',
    help: "Threshold alert instances firing (all projects, as of the ruler's last pass).",
    registers: [registry],
  });
  return {
    registry,
    queryDuration,
    requests,
    received,
    accepted,
    rejected,
    unmapped,
    duplicateBatches,
    timestampsAdjusted,
    valuesSanitized,
    stageRowsIn,
    stageRowsOut,
    stageRowsDropped,
    stageDurationSeconds,
    walBytes,
    queueDepth,
    inFlightBytes,
    inFlightRequests,
    batchRows,
    insertSeconds,
    insertFailures,
    deadLetterRows,
    writerSplits,
    writerStalledSeconds,
    erasures,
    erasureRowsDeleted,
    projectPurges,
    projectPurgeRowsDeleted,
    insightsOpened,
    insightsResolved,
    insightsEvaluationSeconds,
    insightsEvaluationFailures,
    alertEvaluations,
    alertEvaluationFailures,
    alertEvaluationSeconds,
    alertEvents,
    alertsFiring,
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
