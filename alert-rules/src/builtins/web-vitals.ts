/**
 * Core Web Vitals at the 75th percentile per route: one alert instance per route (the table
 * view grouped by route: one row, so one series, per route). Two levels per vital, at web.dev's
 * published boundaries (https://web.dev/articles/vitals, "good" / "poor" thresholds), judged at
 * p75 as the Core Web Vitals assessment itself is.
 */
import type { AlertRuleInput, Severity } from '../../../collector-processor/src/alerting/rules/schema';
import { runbook, type RuleFamily } from './family';

type Vital = 'LCP' | 'INP' | 'CLS' | 'TTFB';
type Level = 'needs-improvement' | 'poor';

/**
 * web.dev's boundaries: p75 above `needsImprovement` fails the assessment ("needs improvement"),
 * above `poor` is "poor". TTFB is not a Core Web Vital but has the same published scale.
 */
export const VITAL_THRESHOLDS: Record<Vital, Record<Level, number> & { unit: string }> = {
  LCP: { 'needs-improvement': 2500, poor: 4000, unit: 'ms' },
  INP: { 'needs-improvement': 200, poor: 500, unit: 'ms' },
  CLS: { 'needs-improvement': 0.1, poor: 0.25, unit: '' },
  TTFB: { 'needs-improvement': 800, poor: 1800, unit: 'ms' },
};

/** Needs-improvement fails the assessment (medium); poor is what users feel (high, sooner). */
const LEVEL: Record<Level, { severity: Severity; for: string; word: string }> = {
  'needs-improvement': { severity: 'medium', for: '30m', word: 'needs improvement' },
  poor: { severity: 'high', for: '15m', word: 'poor' },
};

function vitalRule(metric: Vital, level: Level) {
  const threshold = VITAL_THRESHOLDS[metric][level];
  const unit = VITAL_THRESHOLDS[metric].unit;
  const id = `web-vitals-${metric.toLowerCase()}-p75-${level}`;
  return {
    kind: 'threshold',
    id,
    name: `p75 ${metric} ${LEVEL[level].word} on a route`,
    // The table over the window: p75 of every sample of the last 30 minutes per route, not a mean
    // of per-minute p75s; 30 minutes gives a route with modest traffic enough samples.
    query: { type: 'web_vitals', metric, percentiles: [75], view: 'table', groupBy: ['route'], limit: 50 },
    field: 'p75',
    window: '30m',
    reducer: 'last',
    condition: { op: '>', threshold },
    interval: '5m',
    for: LEVEL[level].for,
    keepFiringFor: '10m',
    severity: LEVEL[level].severity,
    labels: { vital: metric },
    annotations: {
      summary: `p75 ${metric} on {{ $labels.route }} is {{ $value }}${unit} (${LEVEL[level].word} above ${threshold}${unit})`,
      description:
        `The 75th percentile of ${metric} over the last 30 minutes on this route is above ` +
        `${threshold}${unit}, web.dev's "${level === 'poor' ? 'poor' : 'good'}" boundary.`,
      runbookUrl: runbook(id),
    },
  } satisfies AlertRuleInput;
}

const VITALS: Vital[] = ['LCP', 'INP', 'CLS', 'TTFB'];
const rules = VITALS.flatMap((v) => [vitalRule(v, 'needs-improvement'), vitalRule(v, 'poor')]);

export const webVitals: RuleFamily = { family: 'web-vitals', title: 'Web vitals (p75 per route)', rules };
