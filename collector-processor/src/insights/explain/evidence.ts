/**
 * The evidence of a hypothesis: its segments' numbers in both windows with their intervals, and
 * how significant the change between them is (stats/), as store/insight.ts's Hypothesis.evidence
 * entries. One statement per hypothesis reads what the intervals need from the raw rows the
 * hypothesis names: counts, sums, sums of squares, and for percentiles a sample of the values
 * (all of them up to SAMPLE_MAX; beyond, a uniform sample, whose order-statistic interval is
 * wider but still covers the percentile: a random subsample is a sample of the same distribution).
 */
import type { Hypothesis as StoredHypothesis } from '../store/insight';
import { compareCounts, compareSums, poissonInterval, sumInterval } from '../stats/counts';
import { compareQuantiles, compareRates, quantileInterval, rateInterval } from '../stats/intervals';
import type { Comparison, Estimate } from '../stats/types';
import { Params, type BuiltSql } from '../../query/params';
import {
  dimensionExpr,
  metricConditions,
  metricSource,
  xExpr,
  type ExplainMetric,
  type Window,
} from './dimensions';
import { baseWhere, windowCondition } from './segments-sql';

/** Values kept per window for a percentile's interval (exact order statistics up to this many). */
export const SAMPLE_MAX = 5000;

/** One window's number (the reproducing query's) with its 95 % interval and sample size. */
export interface WindowEvidence {
  value: number;
  low: number;
  high: number;
  /** Rows behind the number: samples, requests, errors, long tasks. */
  samples: number;
}

export interface HypothesisStats {
  baseline: WindowEvidence;
  current: WindowEvidence;
  /** current − baseline (for counts and sums: the baseline scaled to the current window's length). */
  change: Comparison;
}

export interface EvidenceQuery {
  project: string;
  metric: ExplainMetric;
  baseline: Window;
  current: Window;
  dimension: string;
  segments: string[];
}

/** The aggregates of one hypothesis's rows, per window (prefix base_ / cur_). */
export interface EvidenceRow {
  base_n: number;
  base_x: number;
  base_x2: number;
  base_sample?: number[];
  cur_n: number;
  cur_x: number;
  cur_x2: number;
  cur_sample?: number[];
}

export function buildEvidenceSql(q: EvidenceQuery): BuiltSql {
  const p = new Params();
  const source = metricSource(q.metric);
  // Percentiles take their interval from the sample; x is the count or sum of the others.
  const x = source.value ? '0' : xExpr(q.metric, p);
  const windows = { base: windowCondition(q.baseline, p), cur: windowCondition(q.current, p) };
  const columns = Object.entries(windows).flatMap(([name, inWindow]) => [
    `countIf(${inWindow}) AS ${name}_n`,
    `sumIf(toFloat64(${x}), ${inWindow}) AS ${name}_x`,
    `sumIf(toFloat64(${x}) * toFloat64(${x}), ${inWindow}) AS ${name}_x2`,
    ...(source.value
      ? [`groupArraySampleIf(${SAMPLE_MAX}, 1)(${source.value}, ${inWindow}) AS ${name}_sample`]
      : []),
  ]);
  const where = [
    ...baseWhere(q, p),
    ...metricConditions(q.metric, p),
    `${dimensionExpr(q.dimension, p)} IN ${p.add('Array(String)', q.segments)}`,
  ];
  return {
    sql: `SELECT ${columns.join(', ')} FROM ${source.table} WHERE ${where.join(' AND ')}`,
    params: p.values,
  };
}

const window = (value: number, interval: Estimate, samples: number): WindowEvidence => ({
  value,
  low: interval.low,
  high: interval.high,
  samples,
});

/**
 * Intervals and the change's significance from one hypothesis's aggregates; `values` are the
 * reproducing queries' numbers (what the card shows). Percentiles: order-statistic intervals and
 * the generalised median test; rates: Wilson and Newcombe; errors: Poisson; long-task time:
 * compound Poisson. Windows of different lengths compare counts and sums per unit of time.
 */
export function hypothesisStats(
  metric: ExplainMetric,
  row: EvidenceRow,
  values: { baseline: number; current: number },
  windows: { baseline: Window; current: Window },
): HypothesisStats {
  const source = metricSource(metric);
  const n = { baseline: Number(row.base_n), current: Number(row.cur_n) };
  const x = { baseline: Number(row.base_x), current: Number(row.cur_x) };
  if (source.level !== undefined) {
    const a = (row.base_sample ?? []).map(Number);
    const b = (row.cur_sample ?? []).map(Number);
    return {
      baseline: window(values.baseline, quantileInterval(a, source.level), n.baseline),
      current: window(values.current, quantileInterval(b, source.level), n.current),
      change: compareQuantiles(a, b, source.level),
    };
  }
  if (source.kind === 'rate')
    return {
      baseline: window(values.baseline, rateInterval(x.baseline, n.baseline), n.baseline),
      current: window(values.current, rateInterval(x.current, n.current), n.current),
      change: compareRates(x.baseline, n.baseline, x.current, n.current),
    };
  const length = (w: Window) => Math.max(1, w.to - w.from);
  if (metric.type === 'errors')
    return {
      baseline: window(values.baseline, poissonInterval(n.baseline), n.baseline),
      current: window(values.current, poissonInterval(n.current), n.current),
      change: compareCounts(n.baseline, length(windows.baseline), n.current, length(windows.current)),
    };
  const sums = (which: 'base' | 'cur', w: Window) => ({
    sum: Number(row[`${which}_x`]),
    sumSquares: Number(row[`${which}_x2`]),
    exposure: length(w),
  });
  return {
    baseline: window(values.baseline, sumInterval(x.baseline, Number(row.base_x2)), n.baseline),
    current: window(values.current, sumInterval(x.current, Number(row.cur_x2)), n.current),
    change: compareSums(sums('base', windows.baseline), sums('cur', windows.current)),
  };
}

/** What evidence() needs of an ExplainedHypothesis (explain.ts). */
export interface EvidenceSource {
  metric: string;
  dimension: string;
  segments: string[];
  explanatoryPower: number;
  surprise: number;
  baseline: number;
  current: number;
  stats?: HypothesisStats;
}

/**
 * A hypothesis as store/insight.ts's Hypothesis.evidence entries, so every detector writes the
 * same shape: `{ metric, segment, baseline, current, interval, p }` where `interval` is the 95 %
 * interval of current − baseline and `p` its p-value, plus each window's own interval and size,
 * the explanatory power and the surprise. Unknown numbers are null (JSON has no NaN).
 */
export function evidence(h: EvidenceSource): Array<Record<string, unknown>> {
  const num = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? null : v);
  const s = h.stats;
  return [
    {
      metric: h.metric,
      segment: { [h.dimension]: h.segments },
      baseline: num(h.baseline),
      current: num(h.current),
      interval: s ? [num(s.change.low), num(s.change.high)] : null,
      p: s ? num(s.change.pValue) : null,
      significant: s?.change.significant ?? false,
      baselineInterval: s ? [num(s.baseline.low), num(s.baseline.high)] : null,
      currentInterval: s ? [num(s.current.low), num(s.current.high)] : null,
      samples: s ? { baseline: s.baseline.samples, current: s.current.samples } : null,
      explanatoryPower: h.explanatoryPower,
      surprise: h.surprise,
    },
  ];
}

/**
 * A hypothesis as a card stores it: a title naming its segments, scored by its surprise (how
 * explainChange ranks), its evidence and both windows' reproducing queries.
 */
export function toStoredHypothesis(
  h: EvidenceSource & { queries: { baseline: Record<string, unknown>; current: Record<string, unknown> } },
): StoredHypothesis {
  const share = Math.round(h.explanatoryPower * 100);
  return {
    title: `${h.dimension} = ${h.segments.join(', ')} (${share} % of the change)`,
    score: h.surprise,
    evidence: evidence(h),
    queries: [h.queries.baseline, h.queries.current],
  };
}
