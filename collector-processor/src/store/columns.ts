/**
 * The ClickHouse type of every column the ingest path writes, exactly as `system.columns` spells
 * it after all migrations. This is the single source of truth the sanitiser (store/sanitize.ts)
 * works from: columns.test.ts compares it with the migrated embedded ClickHouse, and the
 * `satisfies` clauses make the compiler insist that every row field has a type here, so neither a
 * new migration column nor a new row field can skip sanitising.
 */
import type {
  CommonRow,
  CustomEventRow,
  ErrorRow,
  HttpRequestRow,
  IngestBatchRow,
  LongTaskRow,
  PageViewRow,
  ResourceRow,
  SignalTable,
  WalTable,
  WebVitalRow,
} from './rows';

/** The column types the sanitiser knows how to make valid; anything else fails at start-up. */
export type ColumnType =
  | 'String'
  | 'LowCardinality(String)'
  | 'UInt8'
  | 'UInt16'
  | 'UInt32'
  | 'UInt64'
  | 'Float32'
  | 'Float64'
  | 'DateTime64(3)'
  | 'Map(LowCardinality(String), String)'
  | 'Map(LowCardinality(String), Float64)'
  | 'Array(String)'
  | 'Array(UInt8)'
  | 'Array(UInt32)';

type Columns<Row> = { [K in keyof Row]-?: ColumnType };

const S = 'String';
const LC = 'LowCardinality(String)';
const ATTRS = 'Map(LowCardinality(String), String)';

const COMMON = {
  project_id: LC,
  retention_days: 'UInt16',
  timestamp: 'DateTime64(3)',
  received_at: 'DateTime64(3)',
  event_id: S,
  trace_id: S,
  span_id: S,
  session_id: S,
  session_previous_id: S,
  page_view_id: S,
  user_id: S,
  visitor_id: S,
  visitor_hash: S,
  service_name: LC,
  release: LC,
  environment: LC,
  sdk_name: LC,
  sdk_version: LC,
  url: S,
  route: LC,
  browser_name: LC,
  browser_version: LC,
  os_name: LC,
  os_version: LC,
  device_type: LC,
  is_bot: 'UInt8',
  country: LC,
  region: LC,
  user_agent: S,
  attributes: ATTRS,
  truncated: 'UInt16',
} as const satisfies Columns<CommonRow>;

const PAGE_VIEWS = {
  ...COMMON,
  title: S,
  referrer: S,
  referrer_host: LC,
  utm_source: LC,
  utm_medium: LC,
  utm_campaign: LC,
  utm_term: S,
  utm_content: S,
  navigation_type: LC,
  is_soft_navigation: 'UInt8',
  dns_ms: 'Float32',
  tcp_ms: 'Float32',
  tls_ms: 'Float32',
  ttfb_ms: 'Float32',
  dom_interactive_ms: 'Float32',
  dom_content_loaded_ms: 'Float32',
  load_ms: 'Float32',
  duration_ms: 'Float32',
} as const satisfies Columns<PageViewRow>;

const WEB_VITALS = {
  ...COMMON,
  name: LC,
  value: 'Float64',
  delta: 'Float64',
  rating: LC,
  navigation_type: LC,
  metric_id: S,
  attribution: ATTRS,
} as const satisfies Columns<WebVitalRow>;

const ERRORS = {
  ...COMMON,
  exception_type: LC,
  exception_message: S,
  stacktrace: S,
  'frames.filename': 'Array(String)',
  'frames.function': 'Array(String)',
  'frames.lineno': 'Array(UInt32)',
  'frames.colno': 'Array(UInt32)',
  'frames.in_app': 'Array(UInt8)',
  handled: 'UInt8',
  mechanism: LC,
  fingerprint: S,
  fingerprint_version: 'UInt8',
  causes: S,
  breadcrumbs: S,
  'frames.abs_path': 'Array(String)',
  'frames.raw_lineno': 'Array(UInt32)',
  'frames.raw_colno': 'Array(UInt32)',
  'frames.raw_function': 'Array(String)',
  'frames.context': 'Array(String)',
  'frames.symbolicated': 'Array(UInt8)',
  symbolication: LC,
  grouping: S,
} as const satisfies Columns<ErrorRow>;

const CUSTOM_EVENTS = {
  ...COMMON,
  name: LC,
  properties: ATTRS,
  properties_num: 'Map(LowCardinality(String), Float64)',
} as const satisfies Columns<CustomEventRow>;

const HTTP_REQUESTS = {
  ...COMMON,
  method: LC,
  http_url: S,
  url_template: LC,
  server_address: LC,
  status_code: 'UInt16',
  duration_ms: 'Float64',
  request_size: 'UInt64',
  response_size: 'UInt64',
  error_type: LC,
} as const satisfies Columns<HttpRequestRow>;

const LONG_TASKS = {
  ...COMMON,
  kind: LC,
  duration_ms: 'Float64',
  blocking_duration_ms: 'Float64',
  script_url: S,
  invoker: S,
} as const satisfies Columns<LongTaskRow>;

const RESOURCES = {
  ...COMMON,
  resource_type: LC,
  resource_url: S,
  duration_ms: 'Float64',
  transfer_size: 'UInt64',
  encoded_body_size: 'UInt64',
  decoded_body_size: 'UInt64',
  render_blocking: LC,
  next_hop_protocol: LC,
} as const satisfies Columns<ResourceRow>;

const INGEST_BATCHES = {
  project_id: LC,
  batch_id: S,
  received_at: 'DateTime64(3)',
} as const satisfies Columns<IngestBatchRow>;

export const COLUMN_TYPES: { readonly [T in WalTable]: Readonly<Record<string, ColumnType>> } = {
  page_views: PAGE_VIEWS,
  web_vitals: WEB_VITALS,
  errors: ERRORS,
  custom_events: CUSTOM_EVENTS,
  http_requests: HTTP_REQUESTS,
  long_tasks: LONG_TASKS,
  resources: RESOURCES,
  ingest_batches: INGEST_BATCHES,
} satisfies { [T in SignalTable]: Record<string, ColumnType> } & Record<'ingest_batches', object>;
