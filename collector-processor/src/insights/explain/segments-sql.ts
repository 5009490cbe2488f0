/**
 * The aggregates contribution analysis reads (contribution.ts): per dimension, per segment, the
 * metric's additive counts x and y in a baseline and a current window, from the raw tables (the
 * 1-minute pre-aggregates have neither OS nor a threshold count). One statement for every
 * dimension: each row is fanned out to one (dimension, value) pair per dimension with arrayJoin,
 * so the table is scanned once. Per dimension the `topK` segments with the most x (then y) are
 * kept and the rest summed into one "other" row, so totals stay exact whatever the cardinality.
 * Values only through Params; column names only from the fixed map below (query/sql.ts rules).
 */
import { Params, type BuiltSql } from '../../query/params';
import { DIMENSION_COLUMNS } from '../../query/sql';
import type { Dimension } from '../../query/schema';
import { LEVELS, type Vital } from '../../query/handlers/web/web-vitals-sql';

/** The dimensions every signal table stores (`url` left out: routes already group URLs). */
export const EXPLAIN_DIMENSIONS = [
  'route',
  'browser',
  'os',
  'device',
  'country',
  'release',
  'environment',
] as const satisfies readonly Dimension[];
export type ExplainDimension = (typeof EXPLAIN_DIMENSIONS)[number];

/**
 * web-vitals attribution keys that name a cause (the LCP element and its resource, the INP target,
 * the largest layout shift's target), as dimensions `attribution.<key>` of that vital. Numeric
 * sub-parts (phases) are not segments.
 */
export const ATTRIBUTION_KEYS: Record<Vital, readonly string[]> = {
  LCP: ['target', 'url'],
  INP: ['interactionTarget', 'interactionType'],
  CLS: ['largestShiftTarget'],
  FCP: [],
  TTFB: [],
};
export const ATTRIBUTION_PREFIX = 'attribution.';

/** A half-open time range [from, to) in epoch ms. */
export interface Window {
  from: number;
  to: number;
}

/**
 * What changed: a Core Web Vital's p75 (ranked through the count of samples above the baseline
 * p75, see contribution.ts), or the number of errors (optionally of some issues).
 */
export type ExplainMetric = { type: 'web_vital'; metric: Vital } | { type: 'errors'; issueIds?: string[] };

export interface SegmentsQuery {
  project: string;
  metric: ExplainMetric;
  baseline: Window;
  current: Window;
  /** Segments kept per dimension; the rest become one "other" row. */
  topK: number;
  /** For web vitals: samples above this value count as x (the baseline p75, from buildThresholdSql). */
  threshold?: number;
}

/** The dimensions explained for a metric: the stored ones, and a vital's attribution keys. */
export function explainDimensions(metric: ExplainMetric): string[] {
  const keys = metric.type === 'web_vital' ? ATTRIBUTION_KEYS[metric.metric] : [];
  return [...EXPLAIN_DIMENSIONS, ...keys.map((k) => ATTRIBUTION_PREFIX + k)];
}

/** (name, value) of one dimension for arrayJoin; the column from the fixed map, a key bound. */
function dimensionPair(dimension: string, p: Params): string {
  const name = p.add('String', dimension);
  if (dimension.startsWith(ATTRIBUTION_PREFIX))
    return `(${name}, attribution[${p.add('String', dimension.slice(ATTRIBUTION_PREFIX.length))}])`;
  return `(${name}, toString(${DIMENSION_COLUMNS[dimension as ExplainDimension]}))`;
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

/**
 * LCP, FCP and TTFB of soft navigations are timed from the route change: the web_vitals query
 * leaves them out unless asked (leavesOutSoftNavigations), so we do too, or our numbers would not
 * be the ones its reproducing query shows.
 */
const LOAD_METRICS: ReadonlySet<Vital> = new Set(['LCP', 'FCP', 'TTFB']);

function tableConditions(q: Pick<SegmentsQuery, 'metric'>, p: Params): { table: string; where: string[] } {
  if (q.metric.type === 'errors')
    return {
      table: 'errors',
      where: q.metric.issueIds?.length ? [`fingerprint IN ${p.add('Array(String)', q.metric.issueIds)}`] : [],
    };
  const where = [`name = ${p.add('String', q.metric.metric)}`];
  if (LOAD_METRICS.has(q.metric.metric)) where.push("navigation_type != 'soft-navigation'");
  return { table: 'web_vitals', where };
}

const inWindow = (w: Window, p: Params) =>
  `timestamp >= fromUnixTimestamp64Milli(${p.add('Int64', w.from)}) AND ` +
  `timestamp < fromUnixTimestamp64Milli(${p.add('Int64', w.to)})`;

/** Project, bots out, and the span covering both windows (the sort key prunes on it). */
function baseWhere(q: Pick<SegmentsQuery, 'project' | 'baseline' | 'current'>, p: Params): string[] {
  return [
    `project_id = ${p.add('String', q.project)}`,
    inWindow(
      {
        from: Math.min(q.baseline.from, q.current.from),
        to: Math.max(q.baseline.to, q.current.to),
      },
      p,
    ),
    'is_bot = 0',
  ];
}

/**
 * The baseline window's p75 of a web vital over every segment (the threshold for x), with the
 * same t-digest as the web_vitals query, and its sample count.
 */
export function buildThresholdSql(q: Omit<SegmentsQuery, 'topK' | 'threshold'>): BuiltSql {
  const p = new Params();
  const head = [`project_id = ${p.add('String', q.project)}`, inWindow(q.baseline, p), 'is_bot = 0'];
  const { table, where } = tableConditions(q, p);
  const conditions = [...head, ...where];
  const sql =
    `SELECT quantilesTDigest(${LEVELS})(value)[2] AS threshold, count() AS samples ` +
    `FROM ${table} WHERE ${conditions.join(' AND ')}`;
  return { sql, params: p.values };
}

export function buildSegmentsSql(q: SegmentsQuery): BuiltSql {
  const p = new Params();
  const { table, where } = tableConditions(q, p);
  const pairs = explainDimensions(q.metric)
    .map((d) => dimensionPair(d, p))
    .join(', ');
  const inBase = inWindow(q.baseline, p);
  const inCur = inWindow(q.current, p);
  // x: errors count themselves; a vital's sample counts when above the threshold.
  const above =
    q.metric.type === 'errors' ? '1' : `value > ${p.add('Float64', q.threshold ?? Number.POSITIVE_INFINITY)}`;
  const rows =
    `SELECT arrayJoin([${pairs}]) AS pair, (${inBase}) AS in_base, (${inCur}) AS in_cur, ${above} AS hit ` +
    `FROM ${table} WHERE ${[...baseWhere(q, p), ...where].join(' AND ')}`;
  const perSegment =
    'SELECT pair.1 AS dim, pair.2 AS value, countIf(in_base AND hit) AS b_hit, countIf(in_base) AS b_all, ' +
    `countIf(in_cur AND hit) AS c_hit, countIf(in_cur) AS c_all FROM (${rows}) GROUP BY dim, value`;
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
