/**
 * Every query the Web analytics page runs, in the data source's saved-query model (pure: the scene
 * in analyticsPage.ts runs these, grafana-app/test/analytics-page.test.ts runs the same against a
 * real processor).
 */
import { ptQuery, PulseTraceQuery } from '../../queries/model';
import { dataProbeQuery } from '../overview/queries';

/** The page's own variables (analyticsPage.ts): custom event names, and the property to break them down by. */
export const EVENT_VARIABLE = 'event';
export const PROPERTY_VARIABLE = 'property';

/** The headline numbers of the range: one row. */
export function totalsQuery(): PulseTraceQuery {
  return ptQuery('totals', 'web_analytics', {
    metrics: ['page_views', 'visitors', 'sessions', 'bounce_rate', 'session_duration'],
    view: 'total',
  });
}

/** Page views, visitors and sessions over time. */
export function trafficSeriesQuery(): PulseTraceQuery {
  return ptQuery('traffic', 'web_analytics', { metrics: ['page_views', 'visitors', 'sessions'], view: 'timeseries' });
}

/** Bounce rate and average session duration over time (by the bucket a session started in). */
export function engagementSeriesQuery(): PulseTraceQuery {
  return ptQuery('engagement', 'web_analytics', { metrics: ['bounce_rate', 'session_duration'], view: 'timeseries' });
}

/** The breakdown panels: web_breakdown dimension → panel title. */
export const BREAKDOWNS = {
  page: 'Top pages',
  entry_page: 'Entry pages',
  exit_page: 'Exit pages',
  referrer: 'Referrers',
  utm_source: 'UTM source',
  utm_medium: 'UTM medium',
  utm_campaign: 'UTM campaign',
  device: 'Devices',
  browser: 'Browsers',
  os: 'Operating systems',
  country: 'Countries',
} as const;
export type Breakdown = keyof typeof BREAKDOWNS;

/** Rows a breakdown table lists. */
export const BREAKDOWN_ROWS = 10;

export function breakdownQuery(dimension: Breakdown): PulseTraceQuery {
  return ptQuery(dimension, 'web_breakdown', { dimension, limit: BREAKDOWN_ROWS });
}

const eventNames = [`$${EVENT_VARIABLE}`];

/** Custom events over time, one series per name. */
export function eventSeriesQuery(): PulseTraceQuery {
  return ptQuery('events', 'custom_events', { view: 'timeseries', names: eventNames });
}

/** Custom events per name: count, users, sessions. */
export function eventsByNameQuery(): PulseTraceQuery {
  return ptQuery('eventsByName', 'custom_events', { view: 'by_name', names: eventNames });
}

/** The chosen events per value of the chosen property (needs $property: the panel hides without it). */
export function eventPropertiesQuery(): PulseTraceQuery {
  return ptQuery('eventProperties', 'custom_events', {
    view: 'properties',
    names: eventNames,
    propertyKey: `$${PROPERTY_VARIABLE}`,
  });
}

/** The newest events of every kind: the data source polls it every second while the panel shows. */
export function liveQuery(): PulseTraceQuery {
  return ptQuery('live', 'live', { limit: 50 });
}

/** Every query of the page, by panel. */
export function analyticsQueries(): Record<string, PulseTraceQuery> {
  return {
    totals: totalsQuery(),
    traffic: trafficSeriesQuery(),
    engagement: engagementSeriesQuery(),
    ...Object.fromEntries((Object.keys(BREAKDOWNS) as Breakdown[]).map((d) => [d, breakdownQuery(d)])),
    events: eventSeriesQuery(),
    eventsByName: eventsByNameQuery(),
    eventProperties: eventPropertiesQuery(),
    live: liveQuery(),
    // The empty state's (NoDataNotice): any page views in the range?
    probe: dataProbeQuery(),
  };
}
