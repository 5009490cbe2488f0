import type { CommonRow, CustomEventRow, ErrorRow, PageViewRow } from '../../src/store/rows';
import { toDateTime64 } from '../../src/store/time';

/** A complete common-column row for tests; override what the test is about. */
export function commonRow(overrides: Partial<CommonRow> = {}): CommonRow {
  const now = toDateTime64(Date.now());
  return {
    project_id: 'ptest',
    retention_days: 30,
    timestamp: now,
    received_at: now,
    event_id: '',
    trace_id: '',
    span_id: '',
    session_id: '',
    session_previous_id: '',
    page_view_id: '',
    user_id: '',
    visitor_id: '',
    visitor_hash: '',
    service_name: 'shop',
    release: '1.0.0',
    environment: 'production',
    sdk_name: 'test',
    sdk_version: '0',
    url: 'https://shop.example/',
    route: '/',
    browser_name: '',
    browser_version: '',
    os_name: '',
    os_version: '',
    device_type: '',
    is_bot: 0,
    country: '',
    region: '',
    user_agent: '',
    attributes: {},
    truncated: 0,
    ...overrides,
  };
}

export function customEvent(eventId: string, overrides: Partial<CustomEventRow> = {}): CustomEventRow {
  return {
    ...commonRow({ event_id: eventId }),
    name: 'test.event',
    properties: {},
    properties_num: {},
    ...overrides,
  };
}

/** A page view: the common columns given, the page-view columns neutral unless overridden. */
export function pageViewOf(common: CommonRow, own: Partial<PageViewRow> = {}): PageViewRow {
  return {
    ...common,
    title: '',
    referrer: '',
    referrer_host: '',
    utm_source: '',
    utm_medium: '',
    utm_campaign: '',
    utm_term: '',
    utm_content: '',
    navigation_type: 'navigate',
    is_soft_navigation: 0,
    dns_ms: 0,
    tcp_ms: 0,
    tls_ms: 0,
    ttfb_ms: 0,
    dom_interactive_ms: 0,
    dom_content_loaded_ms: 0,
    load_ms: 0,
    duration_ms: 0,
    ...own,
  };
}

/** An unhandled TypeError without frames: the common columns given, the rest overridable. */
export function errorOf(common: CommonRow, own: Partial<ErrorRow> = {}): ErrorRow {
  return {
    ...common,
    exception_type: 'TypeError',
    exception_message: 'x is undefined',
    stacktrace: '',
    'frames.filename': [],
    'frames.function': [],
    'frames.lineno': [],
    'frames.colno': [],
    'frames.in_app': [],
    'frames.abs_path': [],
    'frames.raw_lineno': [],
    'frames.raw_colno': [],
    'frames.raw_function': [],
    'frames.context': [],
    'frames.symbolicated': [],
    symbolication: 'none',
    handled: 0,
    mechanism: 'onerror',
    fingerprint: '',
    fingerprint_version: 1,
    grouping: '',
    causes: '',
    breadcrumbs: '',
    ...own,
  };
}
