/**
 * Every query the Issues stream runs (pure: issuesPage.ts runs them, grafana-app/test/
 * issues-page.test.ts runs the same ones against a seeded processor). The stream's filters are
 * page variables (variables.ts), so the saved query keeps `$status`, `$sort`… and opens in
 * Explore as the page shows it; only the page number is a concrete offset.
 */
import { ptQuery, PulseTraceQuery } from '../../queries/model';

/** Issues per page: the processor sorts the whole list either way, so a page costs the same anywhere. */
export const PAGE_SIZE = 50;

/** Points per sparkline: the runner's maxDataPoints (24 h → 30-minute buckets). */
export const TREND_POINTS = 48;

/** The stream's variables (var-<name> in the URL). */
export const VARS = {
  status: 'status',
  sort: 'sort',
  browser: 'browser',
  route: 'route',
  assignee: 'assignee',
  search: 'search',
} as const;

/** One page of the stream, with each issue's sparkline. */
export function issueListQuery(page = 1): PulseTraceQuery {
  return ptQuery('issues', 'issues', {
    statuses: [`$${VARS.status}`],
    sort: `$${VARS.sort}`,
    search: `$${VARS.search}`,
    assignee: `$${VARS.assignee}`,
    filters: { browser: [`$${VARS.browser}`], route: [`$${VARS.route}`] },
    limit: PAGE_SIZE,
    offset: (Math.max(1, page) - 1) * PAGE_SIZE,
    trend: true,
  });
}

/**
 * Whether the project sent anything in the range (page views, whatever the stream's filters): an
 * empty stream then means "no errors", not "the SDK is not installed".
 */
export function trafficProbeQuery(): PulseTraceQuery {
  return ptQuery('traffic', 'web_analytics', { metrics: ['page_views'], view: 'total' });
}

export function issuesPageQueries(page = 1): PulseTraceQuery[] {
  return [issueListQuery(page), trafficProbeQuery()];
}
