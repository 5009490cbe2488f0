/**
 * Every query the Overview page runs, built in the data source's saved-query model (pure: the
 * scene in overviewPage.ts runs these, and grafana-app/test/overview-page.test.ts runs the same
 * against a real processor).
 */
import { ptQuery, PulseTraceQuery } from '../../queries/model';

/** A query the page's "compare with" control may re-run over the previous period, or not. */
export type OverviewQuery = PulseTraceQuery & { timeRangeCompare?: boolean };

export const CORE_VITALS = ['LCP', 'INP', 'CLS'] as const;
export type CoreVital = (typeof CORE_VITALS)[number];

/**
 * web.dev's Core Web Vitals bands at p75: good up to the first number, poor above the second
 * (https://web.dev/articles/vitals). LCP and INP in ms, CLS unitless.
 */
export const VITAL_BANDS: Record<CoreVital, { good: number; poor: number; unit: string; title: string }> = {
  LCP: { good: 2500, poor: 4000, unit: 'ms', title: 'Largest Contentful Paint' },
  INP: { good: 200, poor: 500, unit: 'ms', title: 'Interaction to Next Paint' },
  CLS: { good: 0.1, poor: 0.25, unit: 'none', title: 'Cumulative Layout Shift' },
};

/** One vital's p75 over the range: one row (p75, samples, rating shares). */
export function vitalQuery(metric: CoreVital): OverviewQuery {
  return ptQuery(metric, 'web_vitals', { metric, percentiles: [75], view: 'table' });
}

/** Page views, sessions and visitors of the range: one row. */
export function trafficQuery(): OverviewQuery {
  return ptQuery('traffic', 'web_analytics', { metrics: ['page_views', 'sessions', 'visitors'], view: 'total' });
}

/** Share of sessions with an error (and crash-free sessions): one row. */
export function errorRateQuery(): OverviewQuery {
  return ptQuery('errorRate', 'error_rate', { per: 'session', view: 'table' });
}

/** How many rows the issue and release lists show: an overview, the full lists are their pages'. */
export const TOP_ROWS = 5;

/**
 * Unresolved issues, first seen last: the panel keeps those whose substatus is `new` (first seen
 * in the last 7 days, the processor's rule), so an old issue seen again never reads as new.
 */
export function newIssuesQuery(): OverviewQuery {
  return {
    ...ptQuery('newIssues', 'issues', { statuses: ['unresolved'], sort: 'newest', limit: TOP_ROWS }),
    timeRangeCompare: false,
  };
}

/** Issues that came back after being resolved, most recently seen first. */
export function regressedIssuesQuery(): OverviewQuery {
  return {
    ...ptQuery('regressedIssues', 'issues', { statuses: ['regressed'], sort: 'last_seen', limit: TOP_ROWS }),
    timeRangeCompare: false,
  };
}

/**
 * The newest releases with sessions, errors, crash-free sessions and adoption. All releases, not
 * the page's release filter: this panel is where one picks a release to look at.
 */
export function releasesQuery(): OverviewQuery {
  return {
    ...ptQuery('releases', 'releases', { limit: TOP_ROWS, filters: { release: [] } }),
    timeRangeCompare: false,
  };
}

/** Whether the project has any page views in the range: the page says "install the SDK" if not. */
export function dataProbeQuery(): OverviewQuery {
  return {
    ...ptQuery('probe', 'web_analytics', { metrics: ['page_views'], view: 'total' }),
    timeRangeCompare: false,
  };
}

/** Every query of the page, by panel. */
export function overviewQueries(): Record<string, OverviewQuery> {
  return {
    ...Object.fromEntries(CORE_VITALS.map((m) => [m, vitalQuery(m)])),
    traffic: trafficQuery(),
    errorRate: errorRateQuery(),
    newIssues: newIssuesQuery(),
    regressedIssues: regressedIssuesQuery(),
    releases: releasesQuery(),
    probe: dataProbeQuery(),
  };
}
