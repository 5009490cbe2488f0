/**
 * Explains a metric's change between two windows: reads the per-segment aggregates
 * (segments-sql.ts), ranks hypotheses (contribution.ts), gives each one the PulseTrace queries
 * that reproduce its numbers (reproduce.ts) and its evidence: both numbers with intervals and the
 * change's significance (evidence.ts). The numbers are computed by running exactly those queries
 * through their handlers' builders, so "show me" in Explore can never disagree with the card.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import { runSql, type QueryContext } from '../../query/handler';
import {
  DEFAULT_EXPLAIN_OPTIONS,
  rankHypotheses,
  type DimensionAggregates,
  type ExplainOptions,
  type Hypothesis,
} from './contribution';
import {
  explainDimensions,
  metricSource,
  singleSegment,
  type ExplainField,
  type ExplainMetric,
  type Window,
} from './dimensions';
import { buildEvidenceSql, hypothesisStats, type EvidenceRow, type HypothesisStats } from './evidence';
import { reproduce, reproduction, type PulseTraceQuery, type RowMatch } from './reproduce';
import { buildSegmentsSql, buildThresholdSql, type SegmentRow } from './segments-sql';

export { reproducingQuery, type PulseTraceQuery, type RowMatch } from './reproduce';
export { evidence, toStoredHypothesis, type HypothesisStats, type WindowEvidence } from './evidence';
export {
  endpointKey,
  parseEndpoint,
  type ExplainMetric,
  type Window,
  type WindowFilters,
} from './dimensions';

export interface ExplainedHypothesis extends Hypothesis {
  /** Which field of the queries' answer `baseline` and `current` are (p75, errors, p95_ms…). */
  field: ExplainField;
  /** The metric's stable name (`web_vital.LCP.p75`, `http.p95`, `errors`…), as evidence names it. */
  metric?: string;
  queries: { baseline: PulseTraceQuery; current: PulseTraceQuery };
  /**
   * For dimensions no query filter reaches (attribution keys, endpoint, server, script): the
   * answer's rows that are the hypothesis's (reproduce.ts readNumber), e.g. `{ attribution }`.
   */
  row?: RowMatch;
  /** Both numbers with 95 % intervals and sample sizes, and the change's interval and p-value. */
  stats?: HypothesisStats;
}

export interface Explanation {
  /** For percentiles: the baseline's percentile over every segment; x counts values above it. */
  threshold?: number;
  dimensions: DimensionAggregates[];
  /** Best first: segments that stand out from their dimension (contribution.ts rankHypotheses). */
  hypotheses: ExplainedHypothesis[];
}

export interface ExplainRequest {
  project: string;
  metric: ExplainMetric;
  /** Each window may carry its own filters, e.g. release = previous vs release = new. */
  baseline: Window;
  current: Window;
  /** Segments kept per dimension (the rest are "other"). */
  topK?: number;
  options?: ExplainOptions;
}

/**
 * The rows of buildSegmentsSql grouped per dimension, in contribution.ts's shape. A dimension no
 * query filter reaches is reproduced as one row of a grouped view, so its hypotheses name one
 * segment.
 */
export function toDimensions(metric: ExplainMetric, rows: readonly SegmentRow[]): DimensionAggregates[] {
  return explainDimensions(metric)
    .map((dimension) => ({
      dimension,
      ...(singleSegment(dimension) ? { maxSegments: 1 } : {}),
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

/** A dimension a window is filtered on was chosen by the caller: it explains nothing. */
const filteredKeys = (req: ExplainRequest) =>
  new Set([req.baseline, req.current].flatMap((w) => Object.keys(w.filters ?? {})));

export async function explainChange(
  client: ClickHouseClient,
  req: ExplainRequest,
  now = Date.now(),
): Promise<Explanation> {
  const ctx: QueryContext = { client, now };
  const source = metricSource(req.metric);
  let threshold: number | undefined;
  if (source.value) {
    const [row] = await runSql(ctx, buildThresholdSql(req));
    // No baseline samples: nothing to compare with, so nothing to explain.
    if (!row || Number(row.samples) === 0) return { dimensions: [], hypotheses: [] };
    threshold = Number(row.threshold);
  }
  const rows = await runSql<SegmentRow>(ctx, buildSegmentsSql({ ...req, topK: req.topK ?? 20, threshold }));
  const fixed = filteredKeys(req);
  const dimensions = toDimensions(req.metric, rows).filter((d) => !fixed.has(d.dimension));
  const ranked = rankHypotheses(source.kind, dimensions, req.options ?? DEFAULT_EXPLAIN_OPTIONS);
  // One after another: three small queries per hypothesis, and the embedded engine shares the
  // processor's cores with ingest.
  const hypotheses: ExplainedHypothesis[] = [];
  for (const h of ranked) {
    const base = reproduction(req.project, req.metric, req.baseline, h);
    const cur = reproduction(req.project, req.metric, req.current, h);
    const values = {
      baseline: await reproduce(ctx, req.metric, base),
      current: await reproduce(ctx, req.metric, cur),
    };
    const [aggregates] = await runSql<EvidenceRow>(
      ctx,
      buildEvidenceSql({ ...req, dimension: h.dimension, segments: h.segments }),
    );
    hypotheses.push({
      ...h,
      ...values,
      field: source.field,
      metric: source.name,
      queries: { baseline: base.query, current: cur.query },
      ...(cur.row ? { row: cur.row } : {}),
      stats: hypothesisStats(req.metric, aggregates!, values, req),
    });
  }
  return { threshold, dimensions, hypotheses };
}
