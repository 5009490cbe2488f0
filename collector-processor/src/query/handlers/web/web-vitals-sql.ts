/**
 * web_vitals: percentiles of one Core Web Vital, with sample counts and the shares of good /
 * needs-improvement / poor samples, over time or per group. Answered from the 1-minute
 * pre-aggregate when it has every column the query uses, else from the raw table; both use
 * t-digest at the same levels, so the two paths agree closely (counts and shares exactly).
 */
import { Params, type BuiltSql } from '../../params';
import type { Dimension, FilterKey, Filters, Percentile, QueryBase } from '../../schema';
import { bucketExpr, fitsPreaggregate, intervalSeconds, whereClause } from '../../sql';
import { dimensionSelect, limitSeries } from './shared';

export const VITALS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
export type Vital = (typeof VITALS)[number];

/**
 * web-vitals' `navigationType` values, as stored in web_vitals.navigation_type. A soft
 * navigation's LCP/FCP start at the route change, not at the request: mixed with hard loads they
 * pull the percentiles down, so they can be filtered on and grouped by (`navigationType`).
 */
export const NAVIGATION_TYPES = [
  'navigate',
  'reload',
  'back-forward',
  'back-forward-cache',
  'prerender',
  'restore',
  'soft-navigation',
] as const;
export type NavigationType = (typeof NAVIGATION_TYPES)[number];
/** The web_vitals query's extra dimension and filter key, besides the shared ones. */
export const NAVIGATION_TYPE = 'navigationType';
export type VitalsDimension = Dimension | typeof NAVIGATION_TYPE;
export type VitalsFilters = Filters & { [NAVIGATION_TYPE]?: NavigationType[] };

export interface WebVitalsOptions {
  metric: Vital;
  percentiles: Percentile[];
  view: 'timeseries' | 'table' | 'histogram' | 'attribution' | 'phases';
  /** The attribution key the attribution view groups by (web-vitals' own names: target, url…). */
  attribution?: string;
}
export type WebVitalsQuery = Omit<QueryBase, 'groupBy' | 'filters' | 'exclude'> &
  WebVitalsOptions & { groupBy: VitalsDimension[]; filters: VitalsFilters; exclude: VitalsFilters };

/** The shared columns web_vitals_1m keeps (0001), as dimensions and filter keys; navigationType (0013) is apart. */
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
export const LEVELS = '0.5, 0.75, 0.9, 0.95, 0.99';
/** 1-based position of each percentile in the quantiles array. */
const LEVEL_INDEX: Record<Percentile, number> = { 50: 1, 75: 2, 90: 3, 95: 4, 99: 5 };

export type WebVitalsSource = 'web_vitals_1m' | 'web_vitals';

export interface WebVitalsSql extends BuiltSql {
  source: WebVitalsSource;
  /** Bucket width of a time series, in seconds. */
  intervalSeconds?: number;
}

/** Per-group aggregates, named apart from the table's own columns (samples, good, …). */
export function aggregates(source: WebVitalsSource): string[] {
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
export function outputs(q: Pick<WebVitalsQuery, 'percentiles'>): string[] {
  return [
    ...percentileLevels(q.percentiles).map((pc) => `quantiles[${LEVEL_INDEX[pc]}] AS p${pc}`),
    'sample_count AS samples',
    'good_count / sample_count AS good_share',
    'needs_improvement_count / sample_count AS needs_improvement_share',
    'poor_count / sample_count AS poor_share',
  ];
}

/** The query without navigationType (for the shared WHERE and pre-aggregate checks), and its conditions. */
export function splitNavigationType(q: WebVitalsQuery): { base: QueryBase; only?: string[]; not?: string[] } {
  const { [NAVIGATION_TYPE]: only, ...filters } = q.filters;
  const { [NAVIGATION_TYPE]: not, ...exclude } = q.exclude;
  const groupBy = q.groupBy.filter((d): d is Dimension => d !== NAVIGATION_TYPE);
  return { base: { ...q, filters, exclude, groupBy }, only, not };
}

/** Both tables have navigation_type (web_vitals_1m since 0013), so it never rules out the pre-aggregate. */
export function navigationConditions(p: Params, only?: string[], not?: string[]): string {
  const only_ = only ? ` AND navigation_type IN ${p.add('Array(String)', only)}` : '';
  return only_ + (not ? ` AND navigation_type NOT IN ${p.add('Array(String)', not)}` : '');
}

/**
 * The load metrics of a soft navigation (LCP, FCP, TTFB) are timed from the route change, not from
 * a request: mixed with hard loads they drag the percentiles down. So unless a query asks about
 * navigation types (filter, exclude or group by navigationType), these metrics are of hard loads
 * only, as CrUX reports them. CLS and INP of soft navigations are the page's own layout shifts and
 * interactions after the route change (web-vitals splits them there), so they always count.
 */
const LOAD_METRICS: ReadonlySet<Vital> = new Set(['LCP', 'FCP', 'TTFB']);

export function leavesOutSoftNavigations(q: WebVitalsQuery): boolean {
  const asked =
    q.filters[NAVIGATION_TYPE] !== undefined ||
    q.exclude[NAVIGATION_TYPE] !== undefined ||
    q.groupBy.includes(NAVIGATION_TYPE);
  return LOAD_METRICS.has(q.metric) && !asked;
}

const selectDimension = (d: VitalsDimension) =>
  d === NAVIGATION_TYPE ? `navigation_type AS ${NAVIGATION_TYPE}` : dimensionSelect(d);

export function buildWebVitalsSql(q: WebVitalsQuery): WebVitalsSql {
  const p = new Params();
  const { base, only, not: excluded } = splitNavigationType(q);
  const not = leavesOutSoftNavigations(q) ? ['soft-navigation'] : excluded;
  const seconds = q.view === 'timeseries' ? intervalSeconds(q) : undefined;
  const source: WebVitalsSource = fitsPreaggregate(base, VITALS_1M_DIMENSIONS, VITALS_1M_FILTERS, seconds)
    ? 'web_vitals_1m'
    : 'web_vitals';
  const timeColumn = source === 'web_vitals_1m' ? 'minute' : 'timestamp';
  const where =
    whereClause(base, p, { timeColumn, botColumn: source === 'web_vitals' }) +
    navigationConditions(p, only, not);
  const name = p.add('String', q.metric);
  const dims = q.groupBy;
  const keys = seconds === undefined ? dims : ['time', ...dims];
  const selects = [
    ...(seconds === undefined ? [] : [`${bucketExpr(timeColumn, seconds, p)} AS time`]),
    ...dims.map(selectDimension),
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
