/**
 * What each query type is for and which options it takes, with their allowed values and defaults.
 * The editor lists types from here, migrateQuery and the request builder read the option specs,
 * so a type's options are declared exactly once.
 */
import {
  ALERT_KINDS,
  ALERT_SEVERITIES,
  ALERT_STATES,
  ANALYTICS_METRICS,
  BREAKDOWN_DIMENSIONS,
  Dimension,
  DIMENSIONS,
  FILTER_KEYS,
  FilterKey,
  INSIGHT_KINDS,
  INSIGHT_SEVERITIES,
  INSIGHT_STATUSES,
  ISSUE_STATUSES,
  MEASURE_AGGREGATIONS,
  NAVIGATION_TYPES,
  PERCENTILES,
  PulseTraceQuery,
  QueryType,
  TYPE_KEYS,
  VITAL_METRICS,
} from '../types';

export const QUERY_GROUPS = [
  'Web vitals',
  'Web analytics',
  'Errors & issues',
  'Performance',
  'Sessions',
  'Custom events',
  'Live',
  'Insights',
  'Alerts',
] as const;
export type QueryGroup = (typeof QUERY_GROUPS)[number];

/** How one option is read from a saved query: the value kind, allowed values, default. */
export type OptionSpec =
  | { kind: 'enum'; values: readonly string[]; default?: string; required?: boolean }
  | { kind: 'enumList'; values: readonly string[]; default?: string[] }
  | { kind: 'percentiles'; default: number[] }
  | { kind: 'text'; required?: boolean; requiredWhen?: { option: string; equals: string | readonly string[] } }
  | { kind: 'list' }
  | { kind: 'bool' }
  | { kind: 'integer'; min: number; max: number };

export type OptionKey = Exclude<
  keyof PulseTraceQuery,
  | 'refId'
  | 'hide'
  | 'key'
  | 'queryType'
  | 'datasource'
  | 'schemaVersion'
  | 'type'
  | 'project'
  | 'filters'
  | 'exclude'
  | 'groupBy'
  | 'includeBots'
  | 'limit'
  | 'annotation'
>;

export interface TypeInfo {
  label: string;
  group: QueryGroup;
  description: string;
  options: Partial<Record<OptionKey, OptionSpec>>;
  /** Filter keys and group-by dimensions this type takes besides the shared ones. */
  typeKeys?: ReadonlyArray<(typeof TYPE_KEYS)[number]>;
}

const view = (values: readonly string[], dflt = values[0]): OptionSpec => ({ kind: 'enum', values, default: dflt });

/** Custom-event views that read one property: by its values, or measuring its numbers. */
export const PROPERTY_VIEWS = ['properties', 'measure', 'measure_timeseries'] as const;
export const MEASURE_VIEWS: readonly string[] = ['measure', 'measure_timeseries'];

export const TYPE_INFO: Record<QueryType, TypeInfo> = {
  web_vitals: {
    label: 'Web vitals',
    group: 'Web vitals',
    description: 'LCP, INP, CLS, FCP and TTFB percentiles and good / needs improvement / poor shares',
    options: {
      metric: { kind: 'enum', values: VITAL_METRICS, default: 'LCP', required: true },
      percentiles: { kind: 'percentiles', default: [75] },
      view: view(['timeseries', 'table', 'histogram', 'attribution', 'phases']),
      // A web-vitals attribution key (target, url, interactionTarget, largestShiftTarget…).
      attribution: { kind: 'text', requiredWhen: { option: 'view', equals: 'attribution' } },
    },
    typeKeys: ['navigationType'],
  },
  web_analytics: {
    label: 'Traffic',
    group: 'Web analytics',
    description: 'Page views, visitors, logged-in users, sessions, bounce rate, durations',
    options: {
      metrics: { kind: 'enumList', values: ANALYTICS_METRICS, default: ['page_views', 'visitors'] },
      view: view(['timeseries', 'table', 'total']),
    },
  },
  web_breakdown: {
    label: 'Breakdown',
    group: 'Web analytics',
    description: 'Top pages, referrers, campaigns, devices… by visitors',
    options: { dimension: { kind: 'enum', values: BREAKDOWN_DIMENSIONS, default: 'page', required: true } },
  },
  errors: {
    label: 'Errors',
    group: 'Errors & issues',
    description: 'Error events over time or as a table',
    options: {
      view: view(['timeseries', 'table']),
      issueIds: { kind: 'list' },
      exceptionTypes: { kind: 'list' },
      handled: { kind: 'bool' },
    },
  },
  error_rate: {
    label: 'Error rate',
    group: 'Errors & issues',
    description: 'Share of page views or sessions with an error',
    options: { view: view(['timeseries', 'table']), per: view(['page_view', 'session']) },
  },
  issues: {
    label: 'Issues',
    group: 'Errors & issues',
    description: 'Grouped errors with status, events and users',
    options: {
      statuses: { kind: 'enumList', values: ISSUE_STATUSES },
      search: { kind: 'text' },
      sort: view(['newest', 'last_seen', 'frequent', 'users'], 'last_seen'),
      assignee: { kind: 'text' },
      offset: { kind: 'integer', min: 0, max: 1_000_000 },
      trend: { kind: 'bool' },
    },
  },
  issue_detail: {
    label: 'Issue detail',
    group: 'Errors & issues',
    description: 'One issue and its latest (or a chosen) event',
    options: { issueId: { kind: 'text', required: true }, eventId: { kind: 'text' } },
  },
  releases: {
    label: 'Releases',
    group: 'Errors & issues',
    description: 'Releases with their errors, issues and adoption',
    options: {},
  },
  release_comparison: {
    label: 'Release comparison',
    group: 'Errors & issues',
    description: 'Two releases side by side',
    options: { baseRelease: { kind: 'text', required: true }, targetRelease: { kind: 'text', required: true } },
  },
  http: {
    label: 'HTTP requests',
    group: 'Performance',
    description: 'fetch / XHR endpoints, status codes and latency',
    options: {
      view: view(['endpoints', 'status_codes', 'timeseries']),
      methods: { kind: 'list' },
      urlTemplates: { kind: 'list' },
    },
  },
  long_tasks: {
    label: 'Long tasks',
    group: 'Performance',
    description: 'Main-thread blocking over time, by script or by group',
    options: { view: view(['timeseries', 'by_script', 'table']) },
  },
  resources: {
    label: 'Resources',
    group: 'Performance',
    description: 'Scripts, styles, images… by type or top URLs',
    options: { view: view(['by_type', 'top_urls']), resourceTypes: { kind: 'list' } },
  },
  sessions: {
    label: 'Sessions',
    group: 'Sessions',
    description: 'Session list with pages, errors and duration',
    options: {
      sort: view(['newest', 'longest', 'most_errors', 'most_pages']),
      visitor: { kind: 'text' },
      // No default here: the processor's is `any`, so saved queries stay as they were.
      hadError: { kind: 'enum', values: ['any', 'yes', 'no'] },
    },
  },
  session_timeline: {
    label: 'Session timeline',
    group: 'Sessions',
    description: 'Everything one session did, in order',
    options: { sessionId: { kind: 'text', required: true } },
  },
  custom_events: {
    label: 'Custom events',
    group: 'Custom events',
    description:
      'Your own events over time, by name, by a property, or the sum, average or percentile of a numeric one',
    options: {
      view: view(['timeseries', 'by_name', 'properties', 'measure', 'measure_timeseries']),
      names: { kind: 'list' },
      propertyKey: { kind: 'text', requiredWhen: { option: 'view', equals: PROPERTY_VIEWS } },
      // No default here: the processor sums when it is not set, and other views ignore it.
      aggregation: { kind: 'enum', values: MEASURE_AGGREGATIONS },
    },
  },
  live: {
    label: 'Live events',
    group: 'Live',
    description: 'Events as they arrive, refreshed every second',
    options: {},
  },
  insights: {
    label: 'Insights',
    group: 'Insights',
    description:
      'Incident cards: anomalies and release regressions, one card with its deltas and likely causes, or how many were opened by kind and severity (for alert rules)',
    options: {
      view: view(['list', 'detail', 'count']),
      insightId: { kind: 'text', requiredWhen: { option: 'view', equals: 'detail' } },
      statuses: { kind: 'enumList', values: INSIGHT_STATUSES },
      kinds: { kind: 'enumList', values: INSIGHT_KINDS },
      severities: { kind: 'enumList', values: INSIGHT_SEVERITIES },
    },
  },
  alerts: {
    label: 'Alerts',
    group: 'Alerts',
    description:
      "The processor's alert rules: state changes over time (timeline, for annotations and history) or the alerts firing now",
    options: {
      view: view(['timeline', 'firing']),
      ruleIds: { kind: 'list' },
      // states, kinds and excludeSilenced read the timeline; the firing view has firing instances only.
      states: { kind: 'enumList', values: ALERT_STATES },
      severities: { kind: 'enumList', values: ALERT_SEVERITIES },
      kinds: { kind: 'enumList', values: ALERT_KINDS },
      excludeSilenced: { kind: 'bool' },
    },
  },
};

/** The filter keys a query of `type` takes: the shared ones, then its own. */
export function filterKeysOf(type: QueryType): readonly FilterKey[] {
  return [...FILTER_KEYS, ...(TYPE_INFO[type].typeKeys ?? [])];
}

/** The dimensions a query of `type` groups by: the shared ones, then its own. */
export function dimensionsOf(type: QueryType): readonly Dimension[] {
  return [...DIMENSIONS, ...(TYPE_INFO[type].typeKeys ?? [])];
}

/** Filter keys with a fixed set of values: the editor offers those instead of the values endpoint. */
export const FILTER_VALUES: Partial<Record<FilterKey, readonly string[]>> = { navigationType: NAVIGATION_TYPES };

/** Names shown for option values in the editors (the API names otherwise). */
export const VALUE_LABELS: Record<string, string> = {
  timeseries: 'Time series',
  table: 'Table',
  total: 'Total',
  by_script: 'By script',
  histogram: 'Distribution',
  attribution: 'By attribution',
  phases: 'Phases',
  by_type: 'By type',
  top_urls: 'Top URLs',
  by_name: 'By name',
  properties: 'By property',
  measure: 'Measure',
  measure_timeseries: 'Measure over time',
  avg: 'Average',
  endpoints: 'Endpoints',
  status_codes: 'Status codes',
  page_view: 'Per page view',
  session: 'Per session',
  newest: 'Newest',
  last_seen: 'Last seen',
  frequent: 'Most events',
  users: 'Most users',
  longest: 'Longest',
  most_errors: 'Most errors',
  most_pages: 'Most pages',
  page_views: 'Page views',
  visitors: 'Visitors',
  sessions: 'Sessions',
  bounce_rate: 'Bounce rate',
  session_duration: 'Session duration',
  views_per_session: 'Views per session',
  time_on_page: 'Time on page',
  resolved_in_next_release: 'Resolved in next release',
  entry_page: 'Entry page',
  exit_page: 'Exit page',
  utm_source: 'UTM source',
  utm_medium: 'UTM medium',
  utm_campaign: 'UTM campaign',
  urlPrefix: 'URL prefix',
  new_issues: 'New issues',
  os: 'OS',
  url: 'URL',
  event_names: 'Event names',
  navigationType: 'Navigation type',
  'back-forward': 'Back/forward',
  'back-forward-cache': 'Back/forward cache',
  'soft-navigation': 'Soft navigation',
  release_regression: 'Release regression',
  not_useful: 'Not useful',
};

export function labelOf(value: string | number): string {
  const key = String(value);
  return VALUE_LABELS[key] ?? key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, ' ');
}

export { PERCENTILES };
