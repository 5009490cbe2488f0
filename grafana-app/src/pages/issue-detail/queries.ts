/**
 * Every query the issue detail page runs, pure (no Scenes here) so test/issue-detail-page.test.ts
 * runs exactly these against a real processor.
 * - `detail`: issue_detail, one query for the summary, the latest events, the shown event's stack,
 *   breadcrumbs and causes, the tag distributions, the releases and the affected sessions (frames
 *   told apart by name, collector-processor handlers/errors/issue-detail.ts);
 * - `occurrences`: the issue's errors over time (errors, timeseries, issueIds).
 */
import { ptQuery, PulseTraceQuery } from '../../queries/model';

/** Events listed for one-by-one navigation, tag values per tag, sessions: enough to browse, cheap to read. */
export const DETAIL_LIMIT = 100;

export function detailQuery(issueId: string, eventId?: string): PulseTraceQuery {
  return ptQuery('detail', 'issue_detail', { issueId, ...(eventId ? { eventId } : {}), limit: DETAIL_LIMIT });
}

export function occurrencesQuery(issueId: string): PulseTraceQuery {
  return ptQuery('occurrences', 'errors', { view: 'timeseries', issueIds: [issueId] });
}

/** The page's queries, as its scene runs them. */
export function issueDetailQueries(issueId: string, eventId?: string) {
  return { detail: detailQuery(issueId, eventId), occurrences: occurrencesQuery(issueId) };
}
