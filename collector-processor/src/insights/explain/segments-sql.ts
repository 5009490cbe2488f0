/**
 * The aggregates contribution analysis reads (contribution.ts): per dimension, per segment, the
 * metric's additive sums x and y in a baseline and a current window, from the raw tables (the
 * 1-minute pre-aggregates have neither OS nor a threshold count). One statement for every
 * dimension: each row is fanned out to one (dimension, value) pair per dimension with arrayJoin,
 * so the table is scanned once. Per dimension the `topK` segments with the most x (then y) are
 * kept and the rest summed into one "other" row, so totals stay exact whatever the cardinality.
 * Each window may carry its own filters (release = previous in the baseline, = new in the current).
 * Values only through Params; column names only from the fixed maps of dimensions.ts.
 */
import { Params, type BuiltSql } from '../../query/params';
import {
  dimensionExpr,
  explainDimensions,
  filterConditions,
  metricConditions,
  metricSource,
  xExpr,
  type ExplainMetric,
  type Window,
} from './dimensions';

// The names callers imported from here before dimensions.ts existed.
export {
  ATTRIBUTION_KEYS,
  ATTRIBUTION_PREFIX,
  EXPLAIN_DIMENSIONS,
  explainDimensions,
  type ExplainDimension,
  type ExplainMetric,
  type Window,
} from './dimensions';

export interface SegmentsQuery {
  project: string;
  metric: ExplainMetric;
  baseline: Window;
  current: Window;
  /** Segments kept per dimension; the rest become one "other" row. */
  topK: number;
  /** For percentiles: values above this count as x (the baseline's percentile, buildThresholdSql). */
  threshold?: number;
}

/** One row of buildSegmentsSql's answer. */
export interface SegmentRow {
  dimension: string;
  segment: string;
  is_other: number;
  base_x: number;
  base_y: number;
  cur_x: number;
  cur_y: number;
}

const inRange = (w: Window, p: Params) =>
  `timestamp >= fromUnixTimestamp64Milli(${p.add('Int64', w.from)}) AND ` +
  `timestamp < fromUnixTimestamp64Milli(${p.add('Int64', w.to)})`;

/** A window's rows: its time range and its own filters. */
export function windowCondition(w: Window, p: Params): string {
  return [inRange(w, p), ...filterConditions(w.filters, p)].join(' AND ');
}

/** Project, bots out, and the span covering both windows (the sort key prunes on it). */
export function baseWhere(q: Pick<SegmentsQuery, 'project' | 'baseline' | 'current'>, p: Params): string[] {
  return [
    `project_id = ${p.add('String', q.project)}`,
    inRange(
      { from: Math.min(q.baseline.from, q.current.from), to: Math.max(q.baseline.to, q.current.to) },
      p,
    ),
    'is_bot = 0',
  ];
}

/**
 * The baseline window's percentile of the metric over every segment (the threshold for x), with
 * the t-digest levels of the web_vitals and http queries, and its sample count. Only for
 * percentile metrics.
 */
export function buildThresholdSql(q: Omit<SegmentsQuery, 'topK' | 'threshold'>): BuiltSql {
  const source = metricSource(q.metric);
  if (!source.value) throw new Error(`${source.name} is not a percentile`);
  const p = new Params();
  const conditions = [
    `project_id = ${p.add('String', q.project)}`,
    windowCondition(q.baseline, p),
    'is_bot = 0',
    ...metricConditions(q.metric, p),
  ];
  const sql =
    `SELECT quantilesTDigest(0.5, 0.75, 0.9, 0.95, 0.99)(${source.value})[${source.levelIndex}] AS threshold, ` +
    `count() AS samples FROM ${source.table} WHERE ${conditions.join(' AND ')}`;
  return { sql, params: p.values };
}

export function buildSegmentsSql(q: SegmentsQuery): BuiltSql {
  const p = new Params();
  const { table } = metricSource(q.metric);
  const pairs = explainDimensions(q.metric)
    .map((d) => `(${p.add('String', d)}, ${dimensionExpr(d, p)})`)
    .join(', ');
  const inBase = windowCondition(q.baseline, p);
  const inCur = windowCondition(q.current, p);
  const x = xExpr(q.metric, p, q.threshold);
  const rows =
    `SELECT arrayJoin([${pairs}]) AS pair, (${inBase}) AS in_base, (${inCur}) AS in_cur, ${x} AS x ` +
    `FROM ${table} WHERE ${[...baseWhere(q, p), ...metricConditions(q.metric, p)].join(' AND ')}`;
  const perSegment =
    'SELECT pair.1 AS dim, pair.2 AS value, sumIf(x, in_base) AS b_hit, countIf(in_base) AS b_all, ' +
    `sumIf(x, in_cur) AS c_hit, countIf(in_cur) AS c_all FROM (${rows}) GROUP BY dim, value`;
  const ranked =
    'SELECT *, row_number() OVER (PARTITION BY dim ORDER BY b_hit + c_hit DESC, b_all + c_all DESC, value) AS seg_rank ' +
    `FROM (${perSegment}) WHERE b_all + c_all > 0`;
  const k = p.add('UInt32', q.topK);
  const sql =
    `SELECT dim AS dimension, seg_rank > ${k} AS is_other, if(is_other, '', value) AS segment, ` +
    'sum(b_hit) AS base_x, sum(b_all) AS base_y, sum(c_hit) AS cur_x, sum(c_all) AS cur_y ' +
    `FROM (${ranked}) GROUP BY dimension, is_other, segment ORDER BY dimension, is_other, base_x + cur_x DESC, segment`;
  return { sql, params: p.values };
}
