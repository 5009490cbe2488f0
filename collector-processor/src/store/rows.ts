/**
 * Row shapes for the signal tables in migrations/0001_initial.sql, as inserted with JSONEachRow.
 * Times are strings of epoch seconds with milliseconds ("1763780000.123"): ClickHouse parses
 * those exactly into DateTime64(3), where a JSON float would be rejected.
 */
export interface CommonRow {
  project_id: string;
  retention_days: number;
  timestamp: string;
  received_at: string;
  event_id: string;
  trace_id: string;
  span_id: string;
  session_id: string;
  session_previous_id: string;
  page_view_id: string;
  user_id: string;
  visitor_id: string;
  /** Cookieless unique-visitor hash: sha256(daily salt, project, IP, user agent), filled by enrich. */
  visitor_hash: string;
  service_name: string;
  release: string;
  environment: string;
  sdk_name: string;
  sdk_version: string;
  url: string;
  route: string;
  browser_name: string;
  browser_version: string;
  os_name: string;
  os_version: string;
  device_type: string;
  /** 1 when the user agent is a bot or crawler; analytics exclude these by default. */
  is_bot: number;
  country: string;
  region: string;
  user_agent: string;
  attributes: Record<string, string>;
  truncated: number;
}

export interface PageViewRow extends CommonRow {
  title: string;
  referrer: string;
  referrer_host: string;
  utm_source: string;
  utm_medium: string;
  utm_campaign: string;
  utm_term: string;
  utm_content: string;
  navigation_type: string;
  is_soft_navigation: number;
  dns_ms: number;
  tcp_ms: number;
  tls_ms: number;
  ttfb_ms: number;
  dom_interactive_ms: number;
  dom_content_loaded_ms: number;
  load_ms: number;
  duration_ms: number;
}

export interface WebVitalRow extends CommonRow {
  /** Upper-case metric name: LCP, CLS, INP, FCP, TTFB. */
  name: string;
  value: number;
  delta: number;
  /** good | needs-improvement | poor (web-vitals spelling); empty when unknown. */
  rating: string;
  navigation_type: string;
  metric_id: string;
  attribution: Record<string, string>;
}

export interface StackFrame {
  filename: string;
  function: string;
  lineno: number;
  colno: number;
  in_app: number;
}

export interface ErrorRow extends CommonRow {
  exception_type: string;
  exception_message: string;
  stacktrace: string;
  'frames.filename': string[];
  'frames.function': string[];
  'frames.lineno': number[];
  'frames.colno': number[];
  'frames.in_app': number[];
  /** The minified location as received (URL, line, column, function); equal to the above when unmapped. */
  'frames.abs_path': string[];
  'frames.raw_lineno': number[];
  'frames.raw_colno': number[];
  'frames.raw_function': string[];
  /** JSON {pre: string[], line: string, post: string[]} from the map's sourcesContent, or ''. */
  'frames.context': string[];
  'frames.symbolicated': number[];
  /** none (no frames) | mapped (every in-app frame) | partial | missing (no map found). */
  symbolication: string;
  handled: number;
  mechanism: string;
  fingerprint: string;
  fingerprint_version: number;
  /** JSON explanation of the fingerprint: method, components, matched rule. */
  grouping: string;
  /** JSON array of {type, message, stacktrace} for `cause` chains. */
  causes: string;
  /** JSON array of breadcrumbs attached by the SDK. */
  breadcrumbs: string;
}

export interface CustomEventRow extends CommonRow {
  name: string;
  /** Every property as text (numbers and booleans as JSON), for filters and breakdowns. */
  properties: Record<string, string>;
  /** The properties whose value was a number, as numbers: what sum/avg/percentiles read. */
  properties_num: Record<string, number>;
}

export interface HttpRequestRow extends CommonRow {
  method: string;
  http_url: string;
  url_template: string;
  server_address: string;
  status_code: number;
  duration_ms: number;
  request_size: number;
  response_size: number;
  error_type: string;
}

export interface LongTaskRow extends CommonRow {
  /** longtask | long-animation-frame */
  kind: string;
  duration_ms: number;
  blocking_duration_ms: number;
  script_url: string;
  invoker: string;
}

export interface ResourceRow extends CommonRow {
  resource_type: string;
  resource_url: string;
  duration_ms: number;
  transfer_size: number;
  encoded_body_size: number;
  decoded_body_size: number;
  render_blocking: string;
  next_hop_protocol: string;
}

export interface RumRows {
  page_views: PageViewRow[];
  web_vitals: WebVitalRow[];
  errors: ErrorRow[];
  custom_events: CustomEventRow[];
  http_requests: HttpRequestRow[];
  long_tasks: LongTaskRow[];
  resources: ResourceRow[];
}

export type SignalTable = keyof RumRows;

export const SIGNAL_TABLES: readonly SignalTable[] = [
  'page_views',
  'web_vitals',
  'errors',
  'custom_events',
  'http_requests',
  'long_tasks',
  'resources',
];

/** One row per (project, batch id) stored: what makes a resent browser batch a duplicate. */
export interface IngestBatchRow {
  project_id: string;
  batch_id: string;
  received_at: string;
}

/** Every table the WAL carries rows for: the signal tables plus the batch-id log (migration 0003). */
export type WalTable = SignalTable | 'ingest_batches';

/**
 * A WAL payload names each chunk's table by its index in this list, so it only ever grows at the
 * end: records written before a table was added keep decoding to the same tables.
 */
export const WAL_TABLES: readonly WalTable[] = [...SIGNAL_TABLES, 'ingest_batches'];

export function emptyRumRows(): RumRows {
  return {
    page_views: [],
    web_vitals: [],
    errors: [],
    custom_events: [],
    http_requests: [],
    long_tasks: [],
    resources: [],
  };
}

export function countRows(rows: RumRows): number {
  let n = 0;
  for (const table of SIGNAL_TABLES) n += rows[table].length;
  return n;
}
