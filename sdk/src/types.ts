/** Public types of @pulsetrace/web. Everything here is re-exported from index.ts. */

export type AttributeValue = string | number | boolean;
export type Attributes = Record<string, AttributeValue | undefined>;

/** Names of the built-in instrumentations; each can be switched off in `instrumentations`. */
export type InstrumentationName =
  'pageViews' | 'webVitals' | 'errors' | 'breadcrumbs' | 'http' | 'longTasks' | 'resources';

export interface BreadcrumbOptions {
  /** Ring buffer size; the newest crumbs win. Default 50. */
  maxBreadcrumbs?: number;
  /** Console levels recorded. Default ['warn', 'error']. */
  console?: Array<'debug' | 'info' | 'log' | 'warn' | 'error'>;
  /** Record clicks (element selector, trimmed text). Default true. */
  clicks?: boolean;
  /** Record fetch/XHR calls. Default true. */
  http?: boolean;
  /** Record navigations. Default true. */
  navigations?: boolean;
}

export interface Breadcrumb {
  /** 'console' | 'http' | 'click' | 'navigation' | 'custom' */
  category: string;
  /** Epoch milliseconds. */
  timestamp: number;
  message?: string;
  level?: 'debug' | 'info' | 'warning' | 'error';
  data?: Record<string, AttributeValue>;
}

/** A record about to leave the browser; return null from beforeSend to drop it. */
export interface OutgoingRecord {
  /** Span name: 'exception', 'browser.navigation', 'browser.web_vital', 'pulsetrace.event', HTTP spans… */
  name: string;
  /** Mutable copy of the attributes; changes are sent. */
  attributes: Attributes;
}

export interface CaptureContext {
  /** Extra attributes stored with the error. */
  attributes?: Attributes;
  /** Groups errors into one issue regardless of stack (Sentry-style custom fingerprint). */
  fingerprint?: string | string[];
  /** Defaults to true for captureException. */
  handled?: boolean;
  /** Framework or mechanism name, e.g. 'react'. */
  mechanism?: string;
}

export interface PulseTraceConfig {
  /** Collector or processor base URL, e.g. https://otel.example.com (…/v1/traces is appended). */
  endpoint: string;
  /** Project ingest key (pt_…). Optional when a collector in front adds it. */
  key?: string;
  /** service.name; default 'web'. */
  service?: string;
  /** service.version. */
  release?: string;
  /** deployment.environment.name. */
  environment?: string;
  /** Fraction of sessions sent, 0..1 (deterministic per session). Errors are always sent. Default 1. */
  sampleRate?: number;
  /** Attributes added to every record. */
  attributes?: Attributes;
  /** Switch instrumentations off: { longTasks: false }. All on by default. */
  instrumentations?: Partial<Record<InstrumentationName, boolean>>;
  breadcrumbs?: BreadcrumbOptions;
  /** Origins (string prefix or RegExp) that receive `traceparent` on fetch/XHR. Default: same origin only. */
  propagateTraceHeaderCorsUrls?: Array<string | RegExp>;
  /** Query parameters kept in URLs; all others are replaced by `[Filtered]`. Default: utm_* and `q`-less. */
  allowedQueryParams?: string[];
  /** Errors whose message matches are dropped. */
  ignoreErrors?: Array<string | RegExp>;
  /** Errors whose script URL, and HTTP spans whose URL, match are dropped. */
  ignoreUrls?: Array<string | RegExp>;
  /** Last look at each record; return null to drop it. Exceptions thrown here drop nothing. */
  beforeSend?: (record: OutgoingRecord) => OutgoingRecord | null;
  /** Custom fingerprint for every error (overridden by CaptureContext.fingerprint). */
  fingerprint?: (error: unknown) => string | string[] | undefined;
  /** Start opted out until optIn() is called (consent banners). Default false. */
  startOptedOut?: boolean;
  /** Treat Do-Not-Track / Global Privacy Control as opt-out. Default false. */
  respectDoNotTrack?: boolean;
  /** Session idle timeout in ms. Default 15 minutes. */
  sessionIdleTimeoutMs?: number;
  /** Maximum session length in ms. Default 4 hours. */
  sessionMaxDurationMs?: number;
  /** Export every N ms … */
  batchDelayMs?: number;
  /** … or every N records, whichever comes first. Default 2000 ms / 50. */
  batchSize?: number;
  /** Persisted unsent batches kept at most (oldest dropped first). Default 100. */
  maxQueuedBatches?: number;
  /** Resource timing entries kept per page view (top by duration and size). Default 20. */
  maxResources?: number;
  /** Log the SDK's own problems to the console. Default false. */
  debug?: boolean;
}

export interface UserTraits {
  [key: string]: AttributeValue | undefined;
}
