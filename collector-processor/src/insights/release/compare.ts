/**
 * Release against previous release, metric by metric, pure: each metric's difference with its 95 %
 * interval and p-value (insights/stats and the release comparison's intervals), then which of
 * them are regressions: Holm's step-down correction over the metrics compared for the release,
 * a minimum effect (relative and absolute), and a severity. docs/insights.md, "Release regressions".
 */
import {
  moverDifference,
  wilson,
  welchDifference,
  type Estimate,
  type Moments,
} from '../../query/handlers/errors/confidence';
import { compareRates, quantileShiftP, twoSidedP } from '../stats';
import type { InsightSeverity } from '../store/insight';
import type { ReleaseOptions } from './select';

/** One metric of both releases: values, the difference's interval, the test's p-value. */
export interface MetricComparison {
  /** Stable name, e.g. `error_rate`, `web_vital.LCP.p75`, `http.p95`, `long_task.ms_per_session`. */
  metric: string;
  unit: string;
  baseline: number;
  value: number;
  /** 95 % interval of value − baseline. */
  interval: [number, number];
  pValue: number;
  baselineSamples: number;
  samples: number;
}

export interface JudgedMetric extends MetricComparison {
  /** Holm-adjusted p-value over the metrics compared together. */
  adjustedP: number;
  relativeChange: number;
  regression: boolean;
  severity: InsightSeverity;
}

/**
 * Smallest absolute rise that can be a regression, per metric (besides the relative minimum): a
 * 10 % rise of a 0.2 % error rate or of a 40 ms INP is real but not worth an incident.
 */
export const MIN_ABSOLUTE: Record<string, number> = {
  error_rate: 0.005,
  'http.error_rate': 0.005,
  'web_vital.LCP.p75': 100,
  'web_vital.INP.p75': 50,
  'web_vital.CLS.p75': 0.02,
  'http.p95': 50,
  'long_task.ms_per_session': 50,
};

/** A rate x/n in each release (a: previous, b: new). */
export function rateMetric(
  metric: string,
  a: { x: number; n: number },
  b: { x: number; n: number },
): MetricComparison | undefined {
  if (a.n <= 0 || b.n <= 0) return undefined;
  const c = compareRates(a.x, a.n, b.x, b.n);
  return {
    metric,
    unit: 'percentunit',
    baseline: a.x / a.n,
    value: b.x / b.n,
    interval: [c.low, c.high],
    pValue: c.pValue,
    baselineSamples: a.n,
    samples: b.n,
  };
}

/** A percentile: order statistics with their interval, and the count at or below the pooled quantile. */
export interface QuantileSample {
  n: number;
  estimate: Estimate;
  /** Samples at or below the pooled (both releases) quantile. */
  below: number;
}

export function quantileMetric(
  metric: string,
  unit: string,
  a: QuantileSample,
  b: QuantileSample,
): MetricComparison | undefined {
  if (a.n <= 0 || b.n <= 0) return undefined;
  const d = moverDifference(b.estimate, a.estimate);
  return {
    metric,
    unit,
    baseline: a.estimate.estimate,
    value: b.estimate.estimate,
    interval: [d.low, d.high],
    pValue: quantileShiftP(a.below, a.n, b.below, b.n),
    baselineSamples: a.n,
    samples: b.n,
  };
}

/** A mean per unit (e.g. long-task time per session): Welch interval, large-sample z-test. */
export function meanMetric(
  metric: string,
  unit: string,
  a: Moments,
  b: Moments,
): MetricComparison | undefined {
  if (a.n < 2 || b.n < 2) return undefined;
  const d = welchDifference(b, a);
  const se = Math.sqrt(a.variance / a.n + b.variance / b.n);
  return {
    metric,
    unit,
    baseline: a.mean,
    value: b.mean,
    interval: [d.low, d.high],
    pValue: se > 0 ? twoSidedP((b.mean - a.mean) / se) : b.mean === a.mean ? 1 : 0,
    baselineSamples: a.n,
    samples: b.n,
  };
}

/**
 * Holm's step-down adjustment (Holm 1979): the i-th smallest of m p-values times (m − i + 1),
 * made monotone, capped at 1. Controls the family-wise error rate like Bonferroni with more power.
 * Returned in the input's order.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length;
  const order = pValues.map((p, i) => [p, i] as const).sort((x, y) => x[0] - y[0]);
  const adjusted = new Array<number>(m);
  let running = 0;
  order.forEach(([p, i], rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p));
    adjusted[i] = running;
  });
  return adjusted;
}

/**
 * Severity from how much worse the new release is: at least doubled (or error rate +5 points)
 * critical, +50 % high, +25 % medium, else low.
 */
export function severityOf(metric: string, relativeChange: number, absoluteChange: number): InsightSeverity {
  const rate = metric.endsWith('error_rate');
  if (relativeChange >= 1 || (rate && absoluteChange >= 0.05)) return 'critical';
  if (relativeChange >= 0.5 || (rate && absoluteChange >= 0.02)) return 'high';
  if (relativeChange >= 0.25) return 'medium';
  return 'low';
}

/**
 * The rule a regression must pass when the new release has `sessions`: alpha and
 * minRelativeChange from minSessions on; before, the last earlyLooks entry reached (a stricter
 * alpha and a larger effect); none reached: undefined, too early. docs/insights.md, "Release
 * regressions", sequential looks.
 */
export function lookRule(
  sessions: number,
  o: Pick<ReleaseOptions, 'alpha' | 'minRelativeChange' | 'minSessions' | 'earlyLooks'>,
): { alpha: number; minRelativeChange: number } | undefined {
  if (sessions >= o.minSessions) return { alpha: o.alpha, minRelativeChange: o.minRelativeChange };
  let rule: { alpha: number; minRelativeChange: number } | undefined;
  for (const look of o.earlyLooks)
    if (sessions >= look.sessions)
      rule = {
        alpha: Math.min(look.alpha, o.alpha),
        minRelativeChange: Math.max(look.minRelativeChange, o.minRelativeChange),
      };
  return rule;
}

/** P(X ≥ x) for X ~ Binomial(n, p). */
export function binomialTail(x: number, n: number, p: number): number {
  if (x <= 0) return 1;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let term = Math.pow(1 - p, n);
  let below = 0;
  for (let k = 0; k < x; k++) {
    below += term;
    term *= ((n - k) / (k + 1)) * (p / (1 - p));
  }
  return Math.min(1, Math.max(0, 1 - below));
}

/**
 * A rate's p-value at an early look: the exact chance of the new release's events or more in its
 * sessions were its rate the previous release's at the top of its 95 % Wilson interval, or the
 * z-test's if larger. The z-test alone trusts a handful of events too much (3 errors in 50
 * sessions against 0.3 % give it 10⁻⁶); the previous release's own uncertainty is taken at worst.
 */
export function earlyRateP(c: MetricComparison): number {
  const x = Math.round(c.value * c.samples);
  const previous = wilson(Math.round(c.baseline * c.baselineSamples), c.baselineSamples).high;
  return Math.max(c.pValue, binomialTail(x, c.samples, previous));
}

/**
 * Every metric compared for one release, judged together. A regression: worse (all these
 * metrics are worse when higher), Holm-adjusted p below the alpha of lookRule for the new
 * release's sessions (default: it has minSessions), a rise of at least that rule's relative
 * change and of the metric's MIN_ABSOLUTE. At an early look a rate's p-value is earlyRateP.
 */
export function judgeMetrics(
  comparisons: readonly MetricComparison[],
  o: Pick<ReleaseOptions, 'alpha' | 'minRelativeChange' | 'minSessions' | 'earlyLooks'>,
  sessions = Infinity,
): JudgedMetric[] {
  const early = sessions < o.minSessions;
  const p = (c: MetricComparison) => (early && c.unit === 'percentunit' ? earlyRateP(c) : c.pValue);
  const adjusted = holmAdjust(comparisons.map(p));
  const rule = lookRule(sessions, o);
  return comparisons.map((c, i) => {
    const delta = c.value - c.baseline;
    const relativeChange = c.baseline > 0 ? delta / c.baseline : delta > 0 ? Infinity : 0;
    const regression =
      delta > 0 &&
      rule !== undefined &&
      adjusted[i]! < rule.alpha &&
      relativeChange >= rule.minRelativeChange &&
      delta >= (MIN_ABSOLUTE[c.metric] ?? 0);
    return {
      ...c,
      adjustedP: adjusted[i]!,
      relativeChange,
      regression,
      severity: severityOf(c.metric, relativeChange, delta),
    };
  });
}
