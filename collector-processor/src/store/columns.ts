/**
 * The schema table: every column the ingest path writes, with its ClickHouse type exactly as
 * `system.columns` spells it after all migrations and its scrub policy (a privacy kind, or
 * `never` with the reason). The one place a column is declared; from it come
 *
 * - the row types (store/rows.ts: `PageViewRow = RowOf<typeof PAGE_VIEWS>`),
 * - the sanitiser's column types (COLUMN_TYPES, store/sanitize.ts),
 * - the scrubber's column list (privacy/index.ts), in table order.
 *
 * columns.test.ts compares it with the migrated embedded ClickHouse, including that no string
 * column lacks a policy; `satisfies TableSpec` makes a string column without one a compile error.
 */
import {
  never,
  type ColumnSpec,
  type ColumnType,
  type ScrubKind,
  type TableSpec,
  scrubKindOf,
} from './column-spec';
import type { WalTable } from './rows';

export type { ColumnType } from './column-spec';

const S = 'String';
const LC = 'LowCardinality(String)';
const ATTRS = 'Map(LowCardinality(String), String)';
const STRINGS = 'Array(String)';
const TIME = { type: 'DateTime64(3)' } as const;

// Why a string column is stored as received. docs/privacy.md "Never scrubbed" lists these.
const ID = never('id made by the SDK or the processor');
const CHOSEN_ID = never('id the app chose (identify(), pseudo id): erasure matches it exactly');
const CONFIG = never("the app's SDK configuration, not what a visitor typed");
const ENUM = never('enum set by the mapper, the SDK or the browser');
const PARSED = never('parsed by enrich from the user agent or client hints (or the SDK sent it)');
const GEO = never("ISO code: the GeoIP lookup, or the sender's geo attributes");
const HOST = never('host: names a server, not the visitor');
const DERIVED = never('computed by the processor from scrubbed columns');

export const COMMON = {
  project_id: { type: LC, scrub: ID },
  retention_days: { type: 'UInt16' },
  timestamp: TIME,
  received_at: TIME,
  event_id: { type: S, scrub: ID },
  trace_id: { type: S, scrub: ID },
  span_id: { type: S, scrub: ID },
  session_id: { type: S, scrub: ID },
  session_previous_id: { type: S, scrub: ID },
  page_view_id: { type: S, scrub: ID },
  user_id: { type: S, scrub: CHOSEN_ID },
  visitor_id: { type: S, scrub: CHOSEN_ID },
  /** Cookieless unique-visitor hash: sha256(daily salt, project, IP, user agent), filled by enrich. */
  visitor_hash: { type: S, scrub: never('hash computed by enrich') },
  service_name: { type: LC, scrub: CONFIG },
  release: { type: LC, scrub: CONFIG },
  environment: { type: LC, scrub: CONFIG },
  sdk_name: { type: LC, scrub: CONFIG },
  sdk_version: { type: LC, scrub: CONFIG },
  url: { type: S, scrub: 'url' },
  // Already templated by the mapper (`/users/:id`), but a route may still carry an email.
  route: { type: LC, scrub: 'patterns' },
  browser_name: { type: LC, scrub: PARSED },
  browser_version: { type: LC, scrub: PARSED },
  os_name: { type: LC, scrub: PARSED },
  os_version: { type: LC, scrub: PARSED },
  device_type: { type: LC, scrub: PARSED },
  /** 1 when the user agent is a bot or crawler; analytics exclude these by default. */
  is_bot: { type: 'UInt8' },
  country: { type: LC, scrub: GEO },
  region: { type: LC, scrub: GEO },
  // Kept whole for device parsing and bot checks; browsers write it, pages cannot.
  user_agent: { type: S, scrub: never('the browser-written user agent string') },
  attributes: { type: ATTRS, scrub: 'map' },
  truncated: { type: 'UInt16' },
} as const satisfies TableSpec;

const PERFORMANCE_MS = { type: 'Float32' } as const;

export const PAGE_VIEWS = {
  ...COMMON,
  title: { type: S, scrub: 'text' },
  referrer: { type: S, scrub: 'url' },
  referrer_host: { type: LC, scrub: HOST },
  // Copies of page URL parameters: scrubbed like the URL's values.
  utm_source: { type: LC, scrub: 'text' },
  utm_medium: { type: LC, scrub: 'text' },
  utm_campaign: { type: LC, scrub: 'text' },
  utm_term: { type: S, scrub: 'text' },
  utm_content: { type: S, scrub: 'text' },
  navigation_type: { type: LC, scrub: ENUM },
  is_soft_navigation: { type: 'UInt8' },
  dns_ms: PERFORMANCE_MS,
  tcp_ms: PERFORMANCE_MS,
  tls_ms: PERFORMANCE_MS,
  ttfb_ms: PERFORMANCE_MS,
  dom_interactive_ms: PERFORMANCE_MS,
  dom_content_loaded_ms: PERFORMANCE_MS,
  load_ms: PERFORMANCE_MS,
  duration_ms: PERFORMANCE_MS,
} as const satisfies TableSpec;

export const WEB_VITALS = {
  ...COMMON,
  /** Upper-case metric name: LCP, CLS, INP, FCP, TTFB. */
  name: { type: LC, scrub: ENUM },
  value: { type: 'Float64' },
  delta: { type: 'Float64' },
  /** good | needs-improvement | poor (web-vitals spelling); empty when unknown. */
  rating: { type: LC, scrub: ENUM },
  navigation_type: { type: LC, scrub: ENUM },
  metric_id: { type: S, scrub: ID },
  attribution: { type: ATTRS, scrub: 'map' },
} as const satisfies TableSpec;

export const ERRORS = {
  ...COMMON,
  // Usually a class name, but `exception.type` is whatever the sender put there (a thrown
  // object's `name`): value patterns only, so `TypeError` stays and an email goes.
  exception_type: { type: LC, scrub: 'patterns' },
  exception_message: { type: S, scrub: 'text' },
  stacktrace: { type: S, scrub: 'text' },
  'frames.filename': { type: STRINGS, scrub: 'url[]' },
  'frames.function': { type: STRINGS, scrub: 'text[]' },
  'frames.lineno': { type: 'Array(UInt32)' },
  'frames.colno': { type: 'Array(UInt32)' },
  'frames.in_app': { type: 'Array(UInt8)' },
  handled: { type: 'UInt8' },
  mechanism: { type: LC, scrub: ENUM },
  fingerprint: { type: S, scrub: never('hash computed by fingerprint') },
  fingerprint_version: { type: 'UInt8' },
  /** JSON array of {type, message, stacktrace} for `cause` chains. */
  causes: { type: S, scrub: 'json' },
  /** JSON array of breadcrumbs attached by the SDK. */
  breadcrumbs: { type: S, scrub: 'json' },
  /** The minified location as received (URL, line, column, function); equal to the above when unmapped. */
  'frames.abs_path': { type: STRINGS, scrub: 'url[]' },
  'frames.raw_lineno': { type: 'Array(UInt32)' },
  'frames.raw_colno': { type: 'Array(UInt32)' },
  'frames.raw_function': { type: STRINGS, scrub: 'text[]' },
  /** JSON {pre: string[], line: string, post: string[]} from the map's sourcesContent, or ''. */
  'frames.context': { type: STRINGS, scrub: 'json[]' },
  'frames.symbolicated': { type: 'Array(UInt8)' },
  /** none (no frames) | mapped (every in-app frame) | partial | missing (no map found). */
  symbolication: { type: LC, scrub: ENUM },
  /** JSON explanation of the fingerprint: method, components, matched rule (after scrub). */
  grouping: { type: S, scrub: DERIVED },
} as const satisfies TableSpec;

export const CUSTOM_EVENTS = {
  ...COMMON,
  name: { type: LC, scrub: 'patterns' },
  /** Every property as text (numbers and booleans as JSON), for filters and breakdowns. */
  properties: { type: ATTRS, scrub: 'map' },
  /** The properties whose value was a number, as numbers: what sum/avg/percentiles read. */
  // Must come after `properties`: its entries go where their text was scrubbed (scrubRow).
  properties_num: { type: 'Map(LowCardinality(String), Float64)', scrub: 'numbers' },
} as const satisfies TableSpec;

export const HTTP_REQUESTS = {
  ...COMMON,
  method: { type: LC, scrub: never('HTTP method (instrumentation, upper-cased)') },
  http_url: { type: S, scrub: 'url' },
  url_template: { type: LC, scrub: 'patterns' },
  server_address: { type: LC, scrub: HOST },
  status_code: { type: 'UInt16' },
  duration_ms: { type: 'Float64' },
  request_size: { type: 'UInt64' },
  response_size: { type: 'UInt64' },
  // Falls back to the span's status message, which instrumentations fill with free text.
  error_type: { type: LC, scrub: 'text' },
} as const satisfies TableSpec;

export const LONG_TASKS = {
  ...COMMON,
  /** longtask | long-animation-frame */
  kind: { type: LC, scrub: ENUM },
  duration_ms: { type: 'Float64' },
  blocking_duration_ms: { type: 'Float64' },
  script_url: { type: S, scrub: 'url' },
  // A URL, or an element/callback description (`BUTTON#save.onclick`): by its shape.
  invoker: { type: S, scrub: 'auto' },
} as const satisfies TableSpec;

export const RESOURCES = {
  ...COMMON,
  resource_type: { type: LC, scrub: ENUM },
  resource_url: { type: S, scrub: 'url' },
  duration_ms: { type: 'Float64' },
  transfer_size: { type: 'UInt64' },
  encoded_body_size: { type: 'UInt64' },
  decoded_body_size: { type: 'UInt64' },
  render_blocking: { type: LC, scrub: ENUM },
  next_hop_protocol: { type: LC, scrub: never('ALPN protocol id reported by the browser') },
} as const satisfies TableSpec;

/** One row per (project, batch id) stored: what makes a resent browser batch a duplicate. */
export const INGEST_BATCHES = {
  project_id: { type: LC, scrub: ID },
  batch_id: { type: S, scrub: never('batch id, format checked by ingest/batch-ids.ts') },
  received_at: TIME,
} as const satisfies TableSpec;

/** Every WAL table's columns, in the order the scrubber visits them. */
export const SCHEMA: { readonly [T in WalTable]: TableSpec } = {
  page_views: PAGE_VIEWS,
  web_vitals: WEB_VITALS,
  errors: ERRORS,
  custom_events: CUSTOM_EVENTS,
  http_requests: HTTP_REQUESTS,
  long_tasks: LONG_TASKS,
  resources: RESOURCES,
  ingest_batches: INGEST_BATCHES,
};

const typesOf = (spec: TableSpec): Readonly<Record<string, ColumnType>> =>
  Object.fromEntries(Object.entries(spec).map(([column, c]: [string, ColumnSpec]) => [column, c.type]));

/** Column → ClickHouse type per table: what the sanitiser (store/sanitize.ts) works from. */
export const COLUMN_TYPES: { readonly [T in WalTable]: Readonly<Record<string, ColumnType>> } =
  Object.fromEntries(Object.entries(SCHEMA).map(([table, spec]) => [table, typesOf(spec)])) as never;

/** The (column, kind) pairs of a table the scrub stage runs, in table order; `never` columns left out. */
export function scrubbedColumnsOf(spec: TableSpec): [string, ScrubKind][] {
  const out: [string, ScrubKind][] = [];
  for (const [column, c] of Object.entries(spec)) {
    const kind = scrubKindOf(c);
    if (kind) out.push([column, kind]);
  }
  return out;
}
