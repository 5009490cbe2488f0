/**
 * Every query the Insights page and the Overview's insight row run, pure (their scenes run these,
 * grafana-app/test/insights-page.test.ts runs the same against a real processor):
 * - `insights`: the list, filtered by the page's status, severity and kind variables (var-status,
 *   var-severity, var-kind), newest onset first, overlapping the time range;
 * - `insight`: one card's detail (summary, deltas, ranked hypotheses, feedback), whatever the range;
 * - `openInsights`: the Overview's open cards, ranked there by severity then recency (model.ts topOpen).
 * Cards are scoped by the page's release (the card's release) but not its environment: most
 * incidents are about the whole project or a route, and a card without an environment in its scope
 * would never match one.
 */
import { ptQuery, PulseTraceQuery } from '../../queries/model';

/** Cards per list: an incident list, not a log (the frame's meta.custom.total counts them all). */
export const LIST_LIMIT = 100;

/** The page's variables (var-<name> in the URL). */
export const VARS = { status: 'status', severity: 'severity', kind: 'kind' } as const;

const SCOPE = { environment: [] };

export function insightListQuery(): PulseTraceQuery {
  return ptQuery('insights', 'insights', {
    view: 'list',
    statuses: [`$${VARS.status}`],
    severities: [`$${VARS.severity}`],
    kinds: [`$${VARS.kind}`],
    limit: LIST_LIMIT,
    filters: SCOPE,
  });
}

export function insightDetailQuery(insightId: string): PulseTraceQuery {
  return ptQuery('insight', 'insights', { view: 'detail', insightId, filters: SCOPE });
}

/** The Overview's open cards (it shows the top few); not re-run for the previous period. */
export function openInsightsQuery(): PulseTraceQuery & { timeRangeCompare: false } {
  return {
    ...ptQuery('openInsights', 'insights', { view: 'list', statuses: ['open'], limit: LIST_LIMIT, filters: SCOPE }),
    timeRangeCompare: false,
  };
}

/** The page's queries, as its scenes run them. */
export function insightsPageQueries(insightId = '') {
  return { list: insightListQuery(), detail: insightDetailQuery(insightId) };
}
