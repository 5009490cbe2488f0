/**
 * The release comparison's rows as the table shows them, pure: names, which direction is better,
 * the values and differences formatted in the metric's unit, and a verdict for the significant
 * ones. The rows are the `release_comparison` frame's (collector-processor
 * src/query/handlers/errors/comparison-metrics.ts): base, target, difference = target − base and
 * its 95 % interval; `significant` when that interval excludes 0.
 */
import { getValueFormat, formattedValueToString } from '@grafana/data';

export interface ComparisonRow {
  /** The route, browser… of a grouped comparison's row. */
  group?: string;
  metric: string;
  unit: string;
  base: number | null;
  target: number | null;
  difference: number | null;
  ciLow: number | null;
  ciHigh: number | null;
  baseSamples: number;
  targetSamples: number;
  significant: boolean;
}

/** Whether a higher value is better, worse, or neither (traffic: more is not "better"). */
export type Better = 'higher' | 'lower' | 'neither';

export interface MetricInfo {
  label: string;
  better: Better;
  /** What the number is, for the row's tooltip. */
  description: string;
}

export const METRICS: Record<string, MetricInfo> = {
  sessions: { label: 'Sessions', better: 'neither', description: 'Sessions with a page view or an error' },
  page_views: { label: 'Page views', better: 'neither', description: 'Page views, soft navigations included' },
  crash_free_sessions: {
    label: 'Crash-free sessions',
    better: 'higher',
    description: 'Share of sessions without an error',
  },
  errors_per_page_view: { label: 'Errors per page view', better: 'lower', description: 'Errors ÷ page views' },
  lcp_p75: { label: 'LCP p75', better: 'lower', description: 'Largest Contentful Paint, 75th percentile (hard loads)' },
  inp_p75: { label: 'INP p75', better: 'lower', description: 'Interaction to Next Paint, 75th percentile' },
  cls_p75: { label: 'CLS p75', better: 'lower', description: 'Cumulative Layout Shift, 75th percentile' },
  http_failure_rate: {
    label: 'HTTP failure rate',
    better: 'lower',
    description: 'Share of fetch / XHR calls with no response or a 5xx',
  },
  avg_page_load_ms: { label: 'Page load (mean)', better: 'lower', description: 'Mean load time of hard page loads' },
};

export function metricInfo(metric: string): MetricInfo {
  return METRICS[metric] ?? { label: metric, better: 'neither', description: metric };
}

const MINUS = '\u2212';

/** A value in the metric's Grafana unit; a dash when the release has no samples of it. */
export function formatValue(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) {
    return '–';
  }
  if (unit === 'none') {
    return value.toFixed(value !== 0 && Math.abs(value) < 1 ? 3 : 2).replace(/\.?0+$/, '');
  }
  return formattedValueToString(getValueFormat(unit)(value, unit === 'percentunit' ? 1 : undefined));
}

/**
 * A difference with its sign. Shares differ in percentage points (pp), not percent: 40 % → 45 %
 * is +5 pp, and "+12.5 %" would read as a relative change.
 */
export function formatDifference(value: number | null, unit: string): string {
  if (value === null || !Number.isFinite(value)) {
    return '–';
  }
  const sign = value > 0 ? '+' : value < 0 ? MINUS : '±';
  const size = Math.abs(value);
  const text = unit === 'percentunit' ? `${(size * 100).toFixed(1)} pp` : formatValue(size, unit);
  return `${sign}${text}`;
}

/** The 95 % interval of the difference, "−12 ms to +640 ms"; a dash when there is none. */
export function formatInterval(low: number | null, high: number | null, unit: string): string {
  if (low === null || high === null) {
    return '–';
  }
  return `${formatDifference(low, unit)} to ${formatDifference(high, unit)}`;
}

export type Verdict = 'worse' | 'better' | 'changed' | 'none';

/** A significant change judged by the metric's better direction; 'none' when not significant. */
export function verdictOf(row: Pick<ComparisonRow, 'metric' | 'difference' | 'significant'>): Verdict {
  if (!row.significant || row.difference === null || row.difference === 0) {
    return 'none';
  }
  const { better } = metricInfo(row.metric);
  if (better === 'neither') {
    return 'changed';
  }
  const up = row.difference > 0;
  return up === (better === 'higher') ? 'better' : 'worse';
}

/** What the verdict says, in words (the colour and icon repeat it, never replace it). */
export function verdictText(row: Pick<ComparisonRow, 'metric' | 'difference' | 'significant'>): string {
  const verdict = verdictOf(row);
  if (verdict === 'none') {
    return 'No significant change';
  }
  const direction = (row.difference ?? 0) > 0 ? 'higher' : 'lower';
  if (verdict === 'changed') {
    return `Significantly ${direction}`;
  }
  const timing = metricInfo(row.metric).better === 'lower' && /_p75$|_ms$/.test(row.metric) && row.metric !== 'cls_p75';
  if (timing) {
    return verdict === 'worse' ? 'Slower' : 'Faster';
  }
  return verdict === 'worse' ? 'Worse' : 'Better';
}

/** The frame's columns as rows (field names of COMPARISON_FIELDS; `groupField` names the group column). */
export function comparisonRows(columns: Record<string, unknown[] | undefined>, groupField?: string): ComparisonRow[] {
  const metrics = columns.metric ?? [];
  const num = (name: string, i: number) => {
    const v = columns[name]?.[i];
    return v === null || v === undefined ? null : Number(v);
  };
  return metrics.map((metric, i) => ({
    ...(groupField ? { group: String(columns[groupField]?.[i] ?? '') } : {}),
    metric: String(metric),
    unit: String(columns.unit?.[i] ?? 'none'),
    base: num('base', i),
    target: num('target', i),
    difference: num('difference', i),
    ciLow: num('ci_low', i),
    ciHigh: num('ci_high', i),
    baseSamples: num('base_samples', i) ?? 0,
    targetSamples: num('target_samples', i) ?? 0,
    significant: columns.significant?.[i] === true,
  }));
}
