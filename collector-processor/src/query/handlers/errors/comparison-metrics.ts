/**
 * Release comparison rows from per-release samples, pure. Each metric has the base and target
 * values, their difference (target − base) and a 95% interval for it:
 * - sessions, page_views: difference of two Poisson counts (var = a + b);
 * - crash_free_sessions, http_failure_rate: difference of proportions, Newcombe's hybrid score
 *   interval (Wilson intervals combined by MOVER);
 * - errors_per_page_view: difference of Poisson rates per page view (Wald);
 * - lcp/inp/cls_p75: each release's p75 is its order statistic at rank ceil(n·0.75), with a
 *   distribution-free interval from the order statistics at ranks n·p ∓ 1.96·√(n·p·(1−p)) (normal
 *   approximation to the binomial, confidence.quantileRanks); the difference's interval combines the
 *   two intervals' half-widths in quadrature, side by side (MOVER, as the intervals are asymmetric);
 * - avg_page_load_ms: Welch interval from each release's mean, sample variance and count.
 * A metric a release has no samples of has null values; `significant` is whether the interval
 * excludes 0 (false without an interval).
 */
import type { FieldSpec, Row } from '../../frames';
import {
  excludesZero,
  moverDifference,
  poissonCountDifference,
  poissonRateDifference,
  proportionDifference,
  quantileRanks,
  welchDifference,
  type Estimate,
  type Moments,
} from './confidence';
import type { ComparedVital } from './release-comparison-sql';

export const VITAL_P = 0.75;

/** A vital's sample size and the values at its quantileRanks (null when there are no samples). */
export interface VitalSample {
  n: number;
  point: number | null;
  low: number | null;
  high: number | null;
}

export interface ReleaseSample {
  sessions: number;
  errorSessions: number;
  pageViews: number;
  errors: number;
  requests: number;
  failures: number;
  load: Moments;
  vitals: Record<ComparedVital, VitalSample>;
}

export const COMPARISON_FIELDS: FieldSpec[] = [
  { name: 'metric', type: 'string' },
  { name: 'unit', type: 'string' },
  { name: 'base', type: 'number' },
  { name: 'target', type: 'number' },
  { name: 'difference', type: 'number' },
  { name: 'ci_low', type: 'number' },
  { name: 'ci_high', type: 'number' },
  { name: 'base_samples', type: 'number', config: { unit: 'short' } },
  { name: 'target_samples', type: 'number', config: { unit: 'short' } },
  { name: 'significant', type: 'boolean' },
];

export function emptySample(): ReleaseSample {
  const vital = (): VitalSample => ({ n: 0, point: null, low: null, high: null });
  return {
    sessions: 0,
    errorSessions: 0,
    pageViews: 0,
    errors: 0,
    requests: 0,
    failures: 0,
    load: { mean: 0, variance: 0, n: 0 },
    vitals: { LCP: vital(), INP: vital(), CLS: vital() },
  };
}

interface Side {
  value: number | null;
  samples: number;
}

function row(metric: string, unit: string, base: Side, target: Side, ci: Estimate | null): Row {
  const both = base.value !== null && target.value !== null;
  const valid = ci !== null && Number.isFinite(ci.low) && Number.isFinite(ci.high);
  return {
    metric,
    unit,
    base: base.value,
    target: target.value,
    difference: both ? target.value! - base.value! : null,
    ci_low: valid ? ci.low : null,
    ci_high: valid ? ci.high : null,
    base_samples: base.samples,
    target_samples: target.samples,
    significant: valid ? excludesZero(ci) : false,
  };
}

const ratio = (x: number, n: number) => (n > 0 ? x / n : null);

function vitalEstimate(v: VitalSample): Estimate | null {
  return v.n > 0 && v.point !== null && v.low !== null && v.high !== null
    ? { estimate: v.point, low: v.low, high: v.high }
    : null;
}

export function comparisonRows(b: ReleaseSample, t: ReleaseSample): Row[] {
  const rows: Row[] = [
    row(
      'sessions',
      'short',
      { value: b.sessions, samples: b.sessions },
      { value: t.sessions, samples: t.sessions },
      poissonCountDifference(t.sessions, b.sessions),
    ),
    row(
      'page_views',
      'short',
      { value: b.pageViews, samples: b.pageViews },
      { value: t.pageViews, samples: t.pageViews },
      poissonCountDifference(t.pageViews, b.pageViews),
    ),
  ];
  const crashFree = (s: ReleaseSample) => s.sessions - s.errorSessions;
  rows.push(
    row(
      'crash_free_sessions',
      'percentunit',
      { value: ratio(crashFree(b), b.sessions), samples: b.sessions },
      { value: ratio(crashFree(t), t.sessions), samples: t.sessions },
      b.sessions > 0 && t.sessions > 0
        ? proportionDifference(crashFree(t), t.sessions, crashFree(b), b.sessions)
        : null,
    ),
    row(
      'errors_per_page_view',
      'none',
      { value: ratio(b.errors, b.pageViews), samples: b.pageViews },
      { value: ratio(t.errors, t.pageViews), samples: t.pageViews },
      b.pageViews > 0 && t.pageViews > 0
        ? poissonRateDifference(t.errors, t.pageViews, b.errors, b.pageViews)
        : null,
    ),
  );
  for (const [vital, unit] of [
    ['LCP', 'ms'],
    ['INP', 'ms'],
    ['CLS', 'none'],
  ] as const) {
    const eb = vitalEstimate(b.vitals[vital]);
    const et = vitalEstimate(t.vitals[vital]);
    rows.push(
      row(
        `${vital.toLowerCase()}_p75`,
        unit,
        { value: eb?.estimate ?? null, samples: b.vitals[vital].n },
        { value: et?.estimate ?? null, samples: t.vitals[vital].n },
        eb && et ? moverDifference(et, eb) : null,
      ),
    );
  }
  rows.push(
    row(
      'http_failure_rate',
      'percentunit',
      { value: ratio(b.failures, b.requests), samples: b.requests },
      { value: ratio(t.failures, t.requests), samples: t.requests },
      b.requests > 0 && t.requests > 0
        ? proportionDifference(t.failures, t.requests, b.failures, b.requests)
        : null,
    ),
    row(
      'avg_page_load_ms',
      'ms',
      { value: b.load.n > 0 ? b.load.mean : null, samples: b.load.n },
      { value: t.load.n > 0 ? t.load.mean : null, samples: t.load.n },
      b.load.n > 1 && t.load.n > 1 ? welchDifference(t.load, b.load) : null,
    ),
  );
  return rows;
}

/** The 1-based ranks to read for a vital with n samples: point, low, high. */
export function vitalRanks(n: number): number[] {
  if (n <= 0) return [];
  const r = quantileRanks(n, VITAL_P);
  return [r.point, r.low, r.high];
}

/** A vital's sample from its count and the values read at vitalRanks(n), keyed by rank. */
export function vitalSample(n: number, valueAt: Map<number, number>): VitalSample {
  if (n <= 0) return { n: 0, point: null, low: null, high: null };
  const r = quantileRanks(n, VITAL_P);
  return {
    n,
    point: valueAt.get(r.point) ?? null,
    low: valueAt.get(r.low) ?? null,
    high: valueAt.get(r.high) ?? null,
  };
}
