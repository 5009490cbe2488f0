/**
 * The web_vitals views that read each sample (so always the raw table: the 1-minute pre-aggregate
 * keeps neither single values nor attribution): the distribution of a vital in fixed buckets, its
 * percentiles per value of one attribution key (the LCP element, the INP target…), and its phases
 * (web-vitals' numeric attribution sub-parts: INP's input delay, processing, presentation…).
 */
import { Params, type BuiltSql } from '../../params';
import { whereClause } from '../../sql';
import {
  aggregates,
  LEVELS,
  leavesOutSoftNavigations,
  navigationConditions,
  outputs,
  splitNavigationType,
  type Vital,
  type WebVitalsQuery,
} from './web-vitals-sql';

/**
 * Bucket width and last bucket start per vital, in the vital's unit. web.dev's good / poor
 * thresholds (LCP 2500/4000, INP 200/500, CLS 0.1/0.25, FCP 1800/3000, TTFB 800/1800) fall on
 * bucket edges, so every bucket has one rating; values from `max` on share the last bucket.
 */
export const HISTOGRAM_BUCKETS: Record<Vital, { width: number; max: number }> = {
  LCP: { width: 250, max: 10_000 },
  INP: { width: 25, max: 1_000 },
  CLS: { width: 0.025, max: 0.5 },
  FCP: { width: 200, max: 6_000 },
  TTFB: { width: 100, max: 3_000 },
};

/**
 * web-vitals' (v4+) numeric attribution sub-parts per vital, in the order they happen; they add up
 * to the vital's value. CLS has none (its attribution is the largest shift's target and value).
 */
export const VITAL_PHASES: Record<Vital, readonly string[]> = {
  LCP: ['timeToFirstByte', 'resourceLoadDelay', 'resourceLoadDuration', 'elementRenderDelay'],
  INP: ['inputDelay', 'processingDuration', 'presentationDelay'],
  FCP: ['timeToFirstByte', 'firstByteToFCP'],
  TTFB: ['waitingDuration', 'cacheDuration', 'dnsDuration', 'connectionDuration', 'requestDuration'],
  CLS: [],
};

/** The raw table's WHERE for one vital: the shared filters, navigation types, the metric name. */
function vitalWhere(q: WebVitalsQuery, p: Params): string {
  const { base, only, not: excluded } = splitNavigationType(q);
  const not = leavesOutSoftNavigations(q) ? ['soft-navigation'] : excluded;
  return (
    whereClause(base, p, { timeColumn: 'timestamp', botColumn: true }) +
    navigationConditions(p, only, not) +
    ` AND name = ${p.add('String', q.metric)}`
  );
}

/**
 * Samples per bucket index (0 … max/width, the last one open-ended). Values are scaled to integers
 * first (CLS by 1000) so that a value on an edge (0.1) lands in the bucket it starts, not the one
 * before by a floating-point hair.
 */
export function buildHistogramSql(q: WebVitalsQuery): BuiltSql {
  const p = new Params();
  const where = vitalWhere(q, p);
  const { width, max } = HISTOGRAM_BUCKETS[q.metric];
  const scale = q.metric === 'CLS' ? 1000 : 1;
  const last = Math.round(max / width);
  const bucket =
    `least(toUInt32(floor(round(value * ${p.add('Float64', scale)}, 6) / ${p.add('Float64', width * scale)})), ` +
    `${p.add('UInt32', last)})`;
  const sql =
    `SELECT ${bucket} AS bucket, count() AS samples FROM web_vitals WHERE ${where} ` +
    'GROUP BY bucket ORDER BY bucket';
  return { sql, params: p.values };
}

/**
 * Percentiles, samples and rating shares per value of `attribution[key]` (a sample without the
 * key counts under ''), with each value's share of all samples, most samples first.
 */
export function buildAttributionSql(q: WebVitalsQuery & { attribution: string }): BuiltSql {
  const p = new Params();
  const where = vitalWhere(q, p);
  const key = p.add('String', q.attribution);
  const grouped =
    `SELECT attribution[${key}] AS attribution_value, ${aggregates('web_vitals').join(', ')} ` +
    `FROM web_vitals WHERE ${where} GROUP BY attribution_value`;
  const sql =
    `SELECT attribution_value AS attribution, ${outputs(q).join(', ')}, ` +
    `sample_count / sum(sample_count) OVER () AS share FROM (${grouped}) ` +
    `ORDER BY samples DESC, attribution LIMIT ${p.add('UInt32', q.limit)}`;
  return { sql, params: p.values };
}

/**
 * Per phase of the vital: its percentiles over the samples that report it, and its share of those
 * samples' total time (sum of the phase / sum of the vital), in the order the phases happen.
 */
export function buildPhasesSql(q: WebVitalsQuery): BuiltSql {
  const p = new Params();
  const phases = p.add('Array(String)', [...VITAL_PHASES[q.metric]]);
  const where = vitalWhere(q, p);
  const inner =
    `SELECT phase, toFloat64OrZero(attribution[phase]) AS phase_value, value FROM web_vitals ` +
    `ARRAY JOIN ${phases} AS phase WHERE ${where} AND attribution[phase] != ''`;
  const grouped =
    `SELECT phase, quantilesTDigest(${LEVELS})(phase_value) AS quantiles, ` +
    `count() AS sample_count, sum(phase_value) / sum(value) AS share FROM (${inner}) GROUP BY phase`;
  const levels = outputs(q).filter((o) => o.startsWith('quantiles['));
  const sql =
    `SELECT phase, ${levels.join(', ')}, sample_count AS samples, share FROM (${grouped}) ` +
    `ORDER BY indexOf(${phases}, phase)`;
  return { sql, params: p.values };
}
