/**
 * Every query the Sessions pages run, in the data source's saved-query model (pure: the scenes in
 * sessionsPage.ts and sessionPage.ts run these, and grafana-app/test/sessions-page.test.ts runs
 * the same against a real processor).
 */
import { ptQuery, PulseTraceQuery } from '../../queries/model';

/**
 * The search's own variables (var-user, var-visitor, var-route, var-hadError, var-sort in the URL),
 * besides the page's project, environment and release.
 */
export const SEARCH = {
  user: 'user',
  visitor: 'visitor',
  route: 'route',
  hadError: 'hadError',
  sort: 'sort',
} as const;

/** Sessions the search lists: the newest (or longest…) hundred is what anyone reads. */
export const SESSION_ROWS = 100;
/** Events one timeline shows; a session with more says so (the processor's cap is 10 000). */
export const TIMELINE_EVENTS = 2000;

/**
 * The search: sessions of the user, visitor, route, release and environment chosen (an empty
 * text box or "All" is no filter: the data source leaves it out), with or without errors.
 */
export function sessionsQuery(): PulseTraceQuery {
  return ptQuery('sessions', 'sessions', {
    filters: { user: [`$${SEARCH.user}`], route: [`$${SEARCH.route}`] },
    visitor: `$${SEARCH.visitor}`,
    hadError: `$${SEARCH.hadError}`,
    sort: `$${SEARCH.sort}`,
    limit: SESSION_ROWS,
  });
}

/**
 * One session's row of the list (user, browser, release…), for the timeline's header. Not scoped
 * to the page's environment and release: a link to a session shows it whatever they are.
 */
export function sessionSummaryQuery(sessionId: string): PulseTraceQuery {
  return ptQuery('summary', 'sessions', {
    filters: { session: [sessionId], environment: [], release: [] },
    limit: 1,
  });
}

/** Every event of one session, in order (unscoped like the summary). */
export function sessionTimelineQuery(sessionId: string): PulseTraceQuery {
  return ptQuery('timeline', 'session_timeline', {
    sessionId,
    filters: { environment: [], release: [] },
    limit: TIMELINE_EVENTS,
  });
}
