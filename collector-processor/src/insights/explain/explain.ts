/**
 * Explains a metric's change between two windows: reads the per-segment aggregates
 * (segments-sql.ts), ranks hypotheses (contribution.ts), and gives each one the PulseTrace queries
 * (POST /api/v1/query's model, as the datasource saves it) that reproduce its numbers. The
 * numbers are computed by running exactly those queries through their handlers' builders, so
 * "show me" in Explore can never disagree with the card.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { runSql, type QueryContext } from '../../query/handler';
import { buildErrorsSql, ErrorsQuery } from '../../query/handlers/errors/errors';
import { webVitalsHandler } from '../../query/handlers/web/web-vitals';
import { buildAttributionSql } from '../../query/handlers/web/web-vitals-breakdown-sql';
import { buildWebVitalsSql } from '../../query/handlers/web/web-vitals-sql';
import {
  DEFAULT_EXPLAIN_OPTIONS,
  rankHypotheses,
  type DimensionAggregates,
  type ExplainOptions,
  type Hypothesis,
} from './contribution';
import {
  ATTRIBUTION_PREFIX,
  buildSegmentsSql,
  buildThresholdSql,
  explainDimensions,
  type ExplainMetric,
  type SegmentRow,
  type Window,
} from './segments-sql';

/** A query as POST /api/v1/query takes it (one element of `queries`). */
export type PulseTraceQuery = Record<string, unknown> & {
  type: string;
  project: string;
  from: number;
  to: number;
};

export interface ExplainedHypothesis extends Hypothesis {
  /** Which field of the queries' one-row table answer `baseline` and `current` are: p75 or errors. */
  field: 'p75' | 'errors';
  queries: { baseline: PulseTraceQuery; current: PulseTraceQuery };
  /**
   * For attribution dimensions: the queries answer one row per value of the key (the attribution
   * view), and the numbers are those of the row whose `attribution` is this (the one segment).
   */
  row?: { attribution: string };
}

export interface Explanation {
  /** For web vitals: the baseline p75 over every segment; x counts samples above it. */
  threshold?: number;
  dimensions: DimensionAggregates[];
  /** Most surprising first. */
  hypotheses: ExplainedHypothesis[];
}

export interface ExplainRequest {
  project: string;
  metric: ExplainMetric;
  baseline: Window;
  current: Window;
  /** Segments kept per dimension (the rest are "other"). */
  topK?: number;
  options?: ExplainOptions;
}

/**
 * The rows of buildSegmentsSql grouped per dimension, in contribution.ts's shape. An attribution
 * key has no filter in the query API, so only one of its values can be reproduced (as a row of the
 * attribution view): its hypotheses name one segment.
 */
export function toDimensions(metric: ExplainMetric, rows: readonly SegmentRow[]): DimensionAggregates[] {
  return explainDimensions(metric)
    .map((dimension) => ({
      dimension,
      ...(dimension.startsWith(ATTRIBUTION_PREFIX) ? { maxSegments: 1 } : {}),
      segments: rows
        .filter((r) => r.dimension === dimension)
        .map((r) => ({
          segment: r.segment,
          other: Number(r.is_other) === 1,
          baseline: { x: Number(r.base_x), y: Number(r.base_y) },
          current: { x: Number(r.cur_x), y: Number(r.cur_y) },
        })),
    }))
    .filter((d) => d.segments.length > 0);
}

/** The query reproducing a hypothesis's number in one window: a one-row table of its segments. */
export function reproducingQuery(
  project: string,
  metric: ExplainMetric,
  window: Window,
  hypothesis: Pick<Hypothesis, 'dimension' | 'segments'>,
): PulseTraceQuery {
  const head = { project, from: window.from, to: window.to };
  if (metric.type === 'web_vital' && hypothesis.dimension.startsWith(ATTRIBUTION_PREFIX)) {
    const attribution = hypothesis.dimension.slice(ATTRIBUTION_PREFIX.length);
    return {
      type: 'web_vitals',
      ...head,
      metric: metric.metric,
      percentiles: [75],
      view: 'attribution',
      attribution,
      // Rows come most samples first: room for a rare element that got slow.
      limit: 1000,
    };
  }
  const base = { ...head, view: 'table', filters: { [hypothesis.dimension]: hypothesis.segments } };
  if (metric.type === 'errors')
    return { type: 'errors', ...base, ...(metric.issueIds?.length ? { issueIds: metric.issueIds } : {}) };
  return { type: 'web_vitals', ...base, metric: metric.metric, percentiles: [75] };
}

/** Runs a reproducing query through its handler's schema and SQL builder: its one number. */
async function runReproducing(
  ctx: QueryContext,
  query: PulseTraceQuery,
  attribution?: string,
): Promise<number> {
  if (query.type === 'errors') {
    const [row] = await runSql(ctx, buildErrorsSql(ErrorsQuery.parse(query)));
    return Number(row?.errors ?? 0);
  }
  const q = webVitalsHandler.schema.parse(query);
  if (q.view === 'attribution') {
    const rows = await runSql(ctx, buildAttributionSql({ ...q, attribution: q.attribution! }));
    const row = rows.find((r) => r.attribution === attribution);
    return row ? Number(row.p75) : NaN;
  }
  const [row] = await runSql(ctx, buildWebVitalsSql(q));
  return row ? Number(row.p75) : NaN;
}

export async function explainChange(
  client: ClickHouseClient,
  req: ExplainRequest,
  now = Date.now(),
): Promise<Explanation> {
  const ctx: QueryContext = { client, now };
  let threshold: number | undefined;
  if (req.metric.type === 'web_vital') {
    const [row] = await runSql(ctx, buildThresholdSql(req));
    // No baseline samples: nothing to compare with, so nothing to explain.
    if (!row || Number(row.samples) === 0) return { dimensions: [], hypotheses: [] };
    threshold = Number(row.threshold);
  }
  const rows = await runSql<SegmentRow>(ctx, buildSegmentsSql({ ...req, topK: req.topK ?? 20, threshold }));
  const dimensions = toDimensions(req.metric, rows);
  const kind = req.metric.type === 'errors' ? 'count' : 'rate';
  const ranked = rankHypotheses(kind, dimensions, req.options ?? DEFAULT_EXPLAIN_OPTIONS);
  // One after another: two small queries per hypothesis, and the embedded engine shares the
  // processor's cores with ingest.
  const hypotheses: ExplainedHypothesis[] = [];
  for (const h of ranked) {
    const queries = {
      baseline: reproducingQuery(req.project, req.metric, req.baseline, h),
      current: reproducingQuery(req.project, req.metric, req.current, h),
    };
    const row = queries.current.view === 'attribution' ? { attribution: h.segments[0]! } : undefined;
    hypotheses.push({
      ...h,
      field: req.metric.type === 'errors' ? 'errors' : 'p75',
      baseline: await runReproducing(ctx, queries.baseline, row?.attribution),
      current: await runReproducing(ctx, queries.current, row?.attribution),
      queries,
      ...(row ? { row } : {}),
    });
  }
  return { threshold, dimensions, hypotheses };
}
