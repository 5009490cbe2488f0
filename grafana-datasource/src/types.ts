/**
 * The PulseTrace query model, as saved in dashboards, and the data source settings. Query and
 * option names are the processor's (POST /api/v1/query); `schemaVersion` lets `migrateQuery`
 * (query/migrate.ts) bring older saved queries up to this shape.
 */
import { DataSourceJsonData } from '@grafana/data';
import { DataQuery } from '@grafana/schema';

/** Bump when the saved shape changes, and teach query/migrate.ts the step from the previous one. */
export const SCHEMA_VERSION = 1;

export const QUERY_TYPES = [
  'web_vitals',
  'web_analytics',
  'web_breakdown',
  'errors',
  'error_rate',
  'issues',
  'issue_detail',
  'releases',
  'release_comparison',
  'http',
  'long_tasks',
  'resources',
  'sessions',
  'session_timeline',
  'custom_events',
  'live',
  'insights',
  'alerts',
] as const;
export type QueryType = (typeof QUERY_TYPES)[number];

/** Filter keys every query type accepts (values match exactly, urlPrefix by prefix). */
export const FILTER_KEYS = [
  'release',
  'environment',
  'route',
  'urlPrefix',
  'browser',
  'os',
  'device',
  'country',
  'session',
  'user',
] as const;
/**
 * Filter keys and group-by dimensions only some query types take (TYPE_INFO's `filterKeys` and
 * `dimensions`): web_vitals' navigationType, web-vitals' navigation type of the sample.
 */
export const TYPE_KEYS = ['navigationType'] as const;
export type FilterKey = (typeof FILTER_KEYS)[number] | (typeof TYPE_KEYS)[number];
/** Every filter key of any type, in the order the editor and the query's summary show them. */
export const ALL_FILTER_KEYS: readonly FilterKey[] = [...FILTER_KEYS, ...TYPE_KEYS];
/** web-vitals' `navigationType` values (a soft navigation's vitals are apart from hard loads'). */
export const NAVIGATION_TYPES = [
  'navigate',
  'reload',
  'back-forward',
  'back-forward-cache',
  'prerender',
  'restore',
  'soft-navigation',
] as const;
/** Filter values as edited: each may hold template variables until the request is built. */
export type FilterMap = Partial<Record<FilterKey, string[]>>;

/** Group-by dimensions every query type accepts. */
export const DIMENSIONS = ['release', 'environment', 'route', 'url', 'browser', 'os', 'device', 'country'] as const;
export type Dimension = (typeof DIMENSIONS)[number] | (typeof TYPE_KEYS)[number];
export const MAX_GROUP_BY = 3;

export const VITAL_METRICS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
/** What the custom-event measure views compute over a numeric property (the processor's default: sum). */
export const MEASURE_AGGREGATIONS = ['sum', 'avg', 'min', 'max', 'p50', 'p75', 'p90', 'p95', 'p99'] as const;
export const PERCENTILES = [50, 75, 90, 95, 99] as const;
export type Percentile = (typeof PERCENTILES)[number];
export const ANALYTICS_METRICS = [
  'page_views',
  'visitors',
  'users',
  'sessions',
  'bounce_rate',
  'session_duration',
  'views_per_session',
  'time_on_page',
] as const;
export const BREAKDOWN_DIMENSIONS = [
  'page',
  'route',
  'entry_page',
  'exit_page',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'device',
  'browser',
  'os',
  'country',
] as const;
export const ISSUE_STATUSES = ['unresolved', 'resolved', 'resolved_in_next_release', 'ignored', 'regressed'] as const;
/** Incident cards (the `insights` type): their kinds, severities and statuses. */
export const INSIGHT_KINDS = ['anomaly', 'release_regression'] as const;
export const INSIGHT_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export const INSIGHT_STATUSES = ['open', 'acknowledged', 'resolved', 'not_useful'] as const;
/** The processor ruler's alerts (the `alerts` type): recorded state changes, severities, rule kinds. */
export const ALERT_STATES = ['pending', 'firing', 'resolved', 'cancelled'] as const;
export const ALERT_SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export const ALERT_KINDS = ['threshold', 'event'] as const;

/** What an annotation query marks on the time axis. */
export const ANNOTATION_KINDS = ['releases', 'deploys', 'new_issues', 'insights', 'alerts'] as const;
export type AnnotationKind = (typeof ANNOTATION_KINDS)[number];

/** `limit` bounds (the live type's per-poll bound is LIVE_MAX_PER_POLL, query/run.ts). */
export const MIN_LIMIT = 1;
export const MAX_LIMIT = 10_000;
/** What the processor uses when a query sends no limit. */
export const DEFAULT_LIMIT = 100;

export interface PulseTraceQuery extends DataQuery {
  schemaVersion: number;
  type: QueryType;
  /** Project id, or '' for the data source's default project. May be a template variable. */
  project: string;
  filters: FilterMap;
  /** The same keys as filters, excluded. */
  exclude: FilterMap;
  groupBy: Dimension[];
  includeBots: boolean;
  limit?: number;
  /** Set on annotation queries only: what to mark. */
  annotation?: AnnotationKind;

  // Options of the query types (only the current type's options are sent: query/options.ts).
  metric?: string;
  percentiles?: Percentile[];
  /** web_vitals' attribution view: the web-vitals attribution key to break the vital down by. */
  attribution?: string;
  view?: string;
  metrics?: string[];
  dimension?: string;
  issueIds?: string[];
  exceptionTypes?: string[];
  handled?: boolean;
  per?: string;
  statuses?: string[];
  search?: string;
  sort?: string;
  issueId?: string;
  eventId?: string;
  baseRelease?: string;
  targetRelease?: string;
  methods?: string[];
  urlTemplates?: string[];
  resourceTypes?: string[];
  names?: string[];
  propertyKey?: string;
  aggregation?: string;
  sessionId?: string;
  /** issues: only issues assigned to exactly this assignee. */
  assignee?: string;
  /** issues: issues to skip (a later page; the frame's meta.custom.total counts them all). */
  offset?: number;
  /** issues: add each issue's events per bucket (a `trend` field, for sparklines). */
  trend?: boolean;
  /** sessions: one visitor's sessions (the SDK's visitor id). */
  visitor?: string;
  /** sessions: `yes` only sessions with an error, `no` only those without, `any` (default) both. */
  hadError?: string;
  /** insights: the card the detail view shows. */
  insightId?: string;
  /** insights, alerts: only cards / alerts of these kinds and severities (statuses is shared with issues). */
  kinds?: string[];
  severities?: string[];
  /** alerts: only these rules (rule ids). */
  ruleIds?: string[];
  /** alerts (timeline): only these state changes. */
  states?: string[];
  /** alerts (timeline): leave silenced alerts out. */
  excludeSilenced?: boolean;
}

/** Settings everyone who can use the data source can read (never secrets). */
export interface PulseTraceOptions extends DataSourceJsonData {
  /** The processor's base URL, as Grafana's server reaches it: the proxy routes point there. */
  url?: string;
  /** Used when a query does not name a project. */
  defaultProject?: string;
}

/** Secrets: written by the config page, then only readable by Grafana's data proxy. */
export interface PulseTraceSecureJsonData {
  readToken?: string;
  writeToken?: string;
  adminToken?: string;
}

export const TOKEN_KEYS = ['readToken', 'writeToken', 'adminToken'] as const;
export type TokenKey = (typeof TOKEN_KEYS)[number];

/** The proxy route prefixes of plugin.json, each for one Grafana role and one token. */
export type RouteRole = 'read' | 'write' | 'admin';
