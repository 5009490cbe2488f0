/**
 * web_vitals: percentiles of one Core Web Vital, with sample counts and the shares of good /
 * needs-improvement / poor samples, over time or per group. Answered from the 1-minute
 * pre-aggregate when it has every column the query uses, else from the raw table; both use
 * t-digest at the same levels, so the two paths agree closely (counts and shares exactly).
 */
import { Params, type BuiltSql } from '../../params';
import type { Dimension, FilterKey, Percentile, QueryBase } from '../../schema';
import { bucketExpr, fitsPreaggregate, intervalSeconds, whereClause } from '../../sql';
import { dimensionSelect, limitSeries } from './shared';

export const VITALS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
export type Vital = (typeof VITALS)[number];

export interface WebVitalsOptions {
  metric: Vital;
  percentiles: Percentile[];
  view: 'timeseries' | 'table';
}
export type WebVitalsQuery = QueryBase & WebVitalsOptions;

/** The columns web_vitals_1m keeps (migration 0001), as dimensions and as filter keys. */
export const VITALS_1M_DIMENSIONS: readonly Dimension[] = [
  'release',
  'environment',
  'route',
  'browser',
  'device',
  'country',
];
const VITALS_1M_FILTERS: readonly FilterKey[] = [
  'release',
  'environment',
  'route',
  'browser',
  'device',
  'country',
];

/** The levels web_vitals_1m stores (quantilesTDigestState in migration 0001); raw reads use the same. */
const LEVELS = '0.5, 0.75, 0.9, 0.95, 0.99';
/** 1-based position of each percentile in the quantiles array. */
const LEVEL_INDEX: Record<Percentile, number> = { 50: 1, 75: 2, 90: 3, 95: 4, 99: 5 };

export type WebVitalsSource = 'web_vitals_1m' | 'web_vitals';

export interface WebVitalsSql extends BuiltSql {
  source: WebVitalsSource;
  /** Bucket width of a time series, in seconds. */
  intervalSeconds?: number;
}

/** Per-group aggregates, named apart from the table's own columns (samples, good, …). */
function aggregates(source: WebVitalsSource): string[] {
  if (source === 'web_vitals_1m')
    return [
      `quantilesTDigestMerge(${LEVELS})(value_quantiles) AS quantiles`,
      'sum(samples) AS sample_count',
      'sum(good) AS good_count',
      'sum(needs_improvement) AS needs_improvement_count',
      'sum(poor) AS poor_count',
    ];
  return [
    `quantilesTDigest(${LEVELS})(value) AS quantiles`,
    'count() AS sample_count',
    "countIf(rating = 'good') AS good_count",
    "countIf(rating = 'needs-improvement') AS needs_improvement_count",
    "countIf(rating = 'poor') AS poor_count",
  ];
}

/** The requested percentiles, once each, ascending (the order of the frame's fields). */
export function percentileLevels(percentiles: readonly Percentile[]): Percentile[] {
  return [...new Set(percentiles)].sort((a, b) => a - b);
}

/**
 * Shares are of all samples: a sample without a rating (the pipeline fills it in from web-vitals'
 * thresholds, so rare) counts in none of the three.
 */
function outputs(q: WebVitalsQuery): string[] {
  return [
    ...percentileLevels(q.percentiles).map((pc) => `quantiles[${LEVEL_INDEX[pc]}] AS p${pc}`),
    'sample_count AS samples',
    'good_count / sample_count AS good_share',
    'needs_improvement_count / sample_count AS needs_improvement_share',
    'poor_count / sample_count AS poor_share',
  ];
}

export function buildWebVitalsSql(q: WebVitalsQuery): WebVitalsSql {
  const p = new Params();
  const seconds = q.view === 'timeseries' ? intervalSeconds(q) : undefined;
  const source: WebVitalsSource = fitsPreaggregate(q, VITALS_1M_DIMENSIONS, VITALS_1M_FILTERS, seconds)
    ? 'web_vitals_1m'
    : 'web_vitals';
  const timeColumn = source === 'web_vitals_1m' ? 'minute' : 'timestamp';
  const where = whereClause(q, p, { timeColumn, botColumn: source === 'web_vitals' });
  const name = p.add('String', q.metric);
  const dims = q.groupBy;
  const keys = seconds === undefined ? dims : ['time', ...dims];
  const selects = [
    ...(seconds === undefined ? [] : [`${bucketExpr(timeColumn, seconds, p)} AS time`]),
    ...dims.map(dimensionSelect),
    ...aggregates(source),
  ];
  // With no group keys an aggregate answers one row even over no samples: drop it.
  const groupBy = keys.length ? ` GROUP BY ${keys.join(', ')}` : ' HAVING sample_count > 0';
  const grouped = `SELECT ${selects.join(', ')} FROM ${source} WHERE ${where} AND name = ${name}${groupBy}`;
  const rows = `SELECT ${[...keys, ...outputs(q)].join(', ')} FROM (${grouped})`;
  let sql: string;
  if (seconds === undefined)
    sql = `${rows} ORDER BY ${['samples DESC', ...dims].join(', ')} LIMIT ${p.add('UInt32', q.limit)}`;
  else if (dims.length) sql = limitSeries(rows, dims, 'samples', p.add('UInt32', q.limit));
  else sql = `${rows} ORDER BY time`;
  return { sql, params: p.values, source, intervalSeconds: seconds };
}
