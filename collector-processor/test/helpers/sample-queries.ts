/**
 * One valid request per query type (the required options filled in), for the tests that run every
 * type: security, OpenAPI conformance, the benchmark's smoke run.
 */
export const TYPE_OPTIONS: Record<string, Record<string, unknown>> = {
  web_vitals: { metric: 'LCP', percentiles: [75, 95] },
  web_analytics: { metrics: ['page_views', 'visitors', 'sessions', 'bounce_rate'] },
  web_breakdown: { dimension: 'page' },
  errors: { view: 'timeseries' },
  error_rate: { per: 'session' },
  issues: { sort: 'frequent', search: 'error' },
  issue_detail: { issueId: 'no-such-issue' },
  releases: {},
  release_comparison: { baseRelease: '1.0.0', targetRelease: '1.1.0' },
  http: { view: 'endpoints' },
  long_tasks: { view: 'timeseries' },
  resources: { view: 'by_type' },
  custom_events: { view: 'properties', propertyKey: 'plan' },
  sessions: { sort: 'newest' },
  session_timeline: { sessionId: 'no-such-session' },
  live: { since: 0 },
  insights: { statuses: ['open'], kinds: ['anomaly'], filters: { route: '/checkout' } },
};

export function sampleQuery(type: string, base: Record<string, unknown>): Record<string, unknown> {
  return { type, ...base, ...(TYPE_OPTIONS[type] ?? {}) };
}
