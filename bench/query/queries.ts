/**
 * The request bodies the query benchmark times, per query type: for each, the common Grafana
 * panel form over the whole 7-day window and over its last 24 h, plus filtered or grouped
 * variants. Times are relative to the end of the seeded window (the marker's anchor), not to the
 * clock, so a reused data dir is queried exactly as a fresh one.
 */
import { RELEASES } from './vocab';

export interface BenchContext {
  project: string;
  smallProject: string;
  /** End of the seeded window, epoch ms. */
  anchorMs: number;
  /** The most frequent issue, one of its events, a long session and a typical one. */
  issueId: string;
  eventId: string;
  longSessionId: string;
  typicalSessionId: string;
}

export interface BenchCase {
  type: string;
  name: string;
  /** Issue #5's targets: p95 ≤ 150 ms for panels, ≤ 50 ms for the issue list. */
  target: 'panel' | 'issue_list';
  body(c: BenchContext): Record<string, unknown>;
}

const DAY = 86400_000;
/** Grafana sends about one point per pixel of panel width. */
const PANEL = { maxDataPoints: 1000 };
const range = (c: BenchContext, days: number) => ({ from: c.anchorMs - days * DAY, to: c.anchorMs });
const WEEK = 7;
const LAST_DAY = 1;

/** One case: `days` is 7 (whole window) or 1 (last 24 h). */
function q(type: string, name: string, days: number, options: Record<string, unknown> = {}): BenchCase {
  return {
    type,
    name: `${name} ${days === WEEK ? '7d' : '24h'}`,
    target: type === 'issues' ? 'issue_list' : 'panel',
    body: (c) => ({ type, refId: 'A', project: c.project, ...range(c, days), ...PANEL, ...options }),
  };
}

const latest = RELEASES.at(-1)!;
const previous = RELEASES.at(-2)!;

export const CASES: BenchCase[] = [
  q('web_vitals', 'LCP p75', WEEK, { metric: 'LCP' }),
  q('web_vitals', 'LCP p75', LAST_DAY, { metric: 'LCP' }),
  q('web_vitals', 'INP p75+p95 by browser', WEEK, {
    metric: 'INP',
    percentiles: [75, 95],
    groupBy: ['browser'],
  }),
  q('web_vitals', 'LCP table by route', WEEK, {
    metric: 'LCP',
    view: 'table',
    percentiles: [50, 75, 95],
    groupBy: ['route'],
  }),
  q('web_vitals', 'CLS p75 mobile, latest release', LAST_DAY, {
    metric: 'CLS',
    filters: { device: 'mobile', release: latest },
  }),
  // os is not a column of web_vitals_1m: the raw table answers.
  q('web_vitals', 'LCP p75 iOS (raw table)', WEEK, { metric: 'LCP', filters: { os: 'iOS' } }),

  q('web_analytics', 'page views + visitors', WEEK, { metrics: ['page_views', 'visitors'] }),
  q('web_analytics', 'page views + visitors', LAST_DAY, { metrics: ['page_views', 'visitors'] }),
  q('web_analytics', 'all metrics total', WEEK, {
    view: 'total',
    metrics: [
      'page_views',
      'visitors',
      'sessions',
      'bounce_rate',
      'session_duration',
      'views_per_session',
      'time_on_page',
    ],
  }),
  q('web_analytics', 'sessions + bounce rate, DE by device', WEEK, {
    metrics: ['sessions', 'bounce_rate'],
    filters: { country: 'DE' },
    groupBy: ['device'],
  }),
  {
    ...q('web_analytics', 'small project page views', WEEK, { metrics: ['page_views', 'visitors'] }),
    body: (c) => ({
      ...q('web_analytics', '', WEEK, { metrics: ['page_views', 'visitors'] }).body(c),
      project: c.smallProject,
    }),
  },

  q('web_breakdown', 'top pages', WEEK, { dimension: 'page', limit: 20 }),
  q('web_breakdown', 'top pages', LAST_DAY, { dimension: 'page', limit: 20 }),
  q('web_breakdown', 'referrers', WEEK, { dimension: 'referrer', limit: 20 }),
  q('web_breakdown', 'entry pages', WEEK, { dimension: 'entry_page', limit: 20 }),
  q('web_breakdown', 'utm sources', LAST_DAY, { dimension: 'utm_source', limit: 20 }),
  q('web_breakdown', 'countries on mobile', WEEK, {
    dimension: 'country',
    limit: 30,
    filters: { device: 'mobile' },
  }),

  q('errors', 'errors', WEEK, { view: 'timeseries' }),
  q('errors', 'errors', LAST_DAY, { view: 'timeseries' }),
  q('errors', 'table by release', WEEK, { view: 'table', groupBy: ['release'] }),
  q('errors', 'unhandled TypeErrors', WEEK, {
    view: 'timeseries',
    exceptionTypes: ['TypeError'],
    handled: false,
  }),

  q('error_rate', 'per page view', WEEK, { per: 'page_view' }),
  q('error_rate', 'per page view', LAST_DAY, { per: 'page_view' }),
  q('error_rate', 'crash-free sessions', WEEK, { per: 'session' }),
  q('error_rate', 'per session by release', WEEK, { per: 'session', view: 'table', groupBy: ['release'] }),

  q('issues', 'list by last seen', WEEK, { sort: 'last_seen', limit: 50 }),
  q('issues', 'list by last seen', LAST_DAY, { sort: 'last_seen', limit: 50 }),
  q('issues', 'frequent, search "price"', WEEK, { sort: 'frequent', search: 'price', limit: 50 }),
  q('issues', 'unresolved+regressed by users', WEEK, {
    sort: 'users',
    statuses: ['unresolved', 'regressed'],
    limit: 50,
  }),

  {
    ...q('issue_detail', 'top issue', WEEK),
    body: (c) => ({ ...q('issue_detail', '', WEEK).body(c), issueId: c.issueId }),
  },
  {
    ...q('issue_detail', 'top issue, one event', WEEK),
    body: (c) => ({ ...q('issue_detail', '', WEEK).body(c), issueId: c.issueId, eventId: c.eventId }),
  },

  q('releases', 'releases', WEEK),
  q('release_comparison', `${previous} vs ${latest}`, WEEK, { baseRelease: previous, targetRelease: latest }),

  q('http', 'endpoints', WEEK, { view: 'endpoints' }),
  q('http', 'endpoints', LAST_DAY, { view: 'endpoints' }),
  q('http', 'status codes', WEEK, { view: 'status_codes' }),
  q('http', 'latency', WEEK, { view: 'timeseries' }),
  q('http', 'POST latency by browser', LAST_DAY, {
    view: 'timeseries',
    methods: ['POST'],
    groupBy: ['browser'],
  }),

  q('long_tasks', 'long tasks', WEEK, { view: 'timeseries' }),
  q('long_tasks', 'long tasks', LAST_DAY, { view: 'timeseries' }),
  q('long_tasks', 'by script', WEEK, { view: 'by_script' }),
  q('long_tasks', 'table by route', WEEK, { view: 'table', groupBy: ['route'] }),

  q('resources', 'by type', WEEK, { view: 'by_type' }),
  q('resources', 'by type', LAST_DAY, { view: 'by_type' }),
  q('resources', 'top script URLs', WEEK, { view: 'top_urls', resourceTypes: ['script'], limit: 20 }),

  q('custom_events', 'events', WEEK, { view: 'timeseries' }),
  q('custom_events', 'events', LAST_DAY, { view: 'timeseries' }),
  q('custom_events', 'by name', WEEK, { view: 'by_name' }),
  q('custom_events', 'add_to_cart by category', WEEK, {
    view: 'properties',
    names: ['add_to_cart'],
    propertyKey: 'category',
  }),

  q('sessions', 'newest', LAST_DAY, { sort: 'newest', limit: 50 }),
  q('sessions', 'longest', WEEK, { sort: 'longest', limit: 50 }),
  q('sessions', 'most errors', WEEK, { sort: 'most_errors', limit: 50 }),
  q('sessions', 'most pages in DE', WEEK, { sort: 'most_pages', limit: 50, filters: { country: 'DE' } }),

  {
    ...q('session_timeline', 'long session', WEEK),
    body: (c) => ({ ...q('session_timeline', '', WEEK).body(c), sessionId: c.longSessionId, limit: 1000 }),
  },
  {
    ...q('session_timeline', 'typical session', LAST_DAY),
    body: (c) => ({ ...q('session_timeline', '', LAST_DAY).body(c), sessionId: c.typicalSessionId }),
  },

  // A live panel over the last 15 minutes polling with the newest time it has seen.
  {
    ...q('live', 'tail, since 30 s ago', LAST_DAY),
    name: 'tail, since 30 s ago (15 min)',
    body: (c) => ({
      ...q('live', '', LAST_DAY).body(c),
      from: c.anchorMs - 15 * 60_000,
      since: c.anchorMs - 30_000,
    }),
  },
  {
    ...q('live', 'first poll', LAST_DAY),
    name: 'first poll (15 min)',
    body: (c) => ({ ...q('live', '', LAST_DAY).body(c), from: c.anchorMs - 15 * 60_000 }),
  },
];
