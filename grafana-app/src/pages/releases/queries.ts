/**
 * Every query of the Releases pages, pure (no scenes here): releasesPage.ts and comparePage.ts run
 * exactly these, and grafana-app/test/releases-page.test.ts runs them against a real processor.
 */
import { ptQuery, PulseTraceQuery } from '../../queries/model';

/** The compare page's variables (comparePage.ts): the two releases, and the route / browser scope. */
export const COMPARE_VARS = { base: 'base', target: 'target', route: 'route', browser: 'browser' } as const;

/** Issues read per release to tell new, regressed and resolved apart (issueChanges.ts): the API's page bound. */
export const ISSUES_PER_RELEASE = 1000;

/** The list: one row per release of the range, newest first, each naming the one before it. */
export function releasesListQuery(): PulseTraceQuery {
  return ptQuery('releases', 'releases');
}

/**
 * Sessions per release over time; the panel stacks them to 100 % so each band is the release's
 * share of sessions (adoption). The release filter is dropped: a share of the chosen releases only
 * would always add up to 100 % and hide how much traffic is still on older ones.
 */
export function adoptionQuery(): PulseTraceQuery {
  return ptQuery('adoption', 'web_analytics', {
    metrics: ['sessions'],
    view: 'timeseries',
    groupBy: ['release'],
    filters: { release: [] },
  });
}

/** Page filters of the comparison: the two releases replace $release, the scope narrows both. */
const scope = (release: string[]) => ({
  release,
  route: [`$${COMPARE_VARS.route}`],
  browser: [`$${COMPARE_VARS.browser}`],
});

/**
 * Base against target, one row per metric with the difference and its 95 % interval
 * (collector-processor/src/query/handlers/errors/comparison-metrics.ts). The processor reads the
 * two releases itself and ignores a release filter.
 */
export function comparisonQuery(): PulseTraceQuery {
  return ptQuery('comparison', 'release_comparison', {
    baseRelease: `$${COMPARE_VARS.base}`,
    targetRelease: `$${COMPARE_VARS.target}`,
    filters: scope([]),
  });
}

/** The comparison's breakdowns: LCP, INP and CLS p75 compared per route and per browser. */
export const BREAKDOWNS = ['route', 'browser'] as const;
export type Breakdown = (typeof BREAKDOWNS)[number];

/** Routes or browsers shown per breakdown (the ones with the most vital samples). */
export const BREAKDOWN_GROUPS = 10;

/** The vitals of base against target per route or browser (refId by_route / by_browser). */
export function comparisonByQuery(dimension: Breakdown): PulseTraceQuery {
  return { ...comparisonQuery(), refId: `by_${dimension}`, groupBy: [dimension], limit: BREAKDOWN_GROUPS };
}

/** The issues seen in one of the two releases in the range, in the same scope; refIds base / target. */
export function releaseIssuesQuery(side: 'base' | 'target'): PulseTraceQuery {
  return ptQuery(side, 'issues', {
    filters: scope([`$${COMPARE_VARS[side]}`]),
    sort: 'frequent',
    limit: ISSUES_PER_RELEASE,
  });
}

export function compareQueries() {
  return {
    comparison: [comparisonQuery()],
    byRoute: [comparisonByQuery('route')],
    byBrowser: [comparisonByQuery('browser')],
    issues: [releaseIssuesQuery('base'), releaseIssuesQuery('target')],
  };
}
