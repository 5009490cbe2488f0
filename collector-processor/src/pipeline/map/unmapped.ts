/**
 * Records that become no row, by reason. Nothing is dropped silently: each reason is counted on
 * /metrics (`pulsetrace_ingest_records_unmapped_total{signal,reason}`) and reported to the sender
 * in the OTLP response's partial_success. The reasons are a closed set, so the label stays small.
 */
import type { Signal } from '../types';

export const UNMAPPED_REASONS = {
  /** A span no mapper claims (a custom or internal span, an unknown instrumentation). */
  unknown_span: 'no RUM mapping for the span (custom, internal or unknown instrumentation)',
  /** A log record with no event name and no RUM attributes. */
  plain_log: 'plain log record: no event name and no RUM attributes',
  /** Named events that have no table: session lifecycle, console output, Faro's tracing copies. */
  ignored_event: 'event with no RUM table (session lifecycle, console output, duplicate tracing event)',
  /** A fetch/XHR span or resource timing of a telemetry export (see isTelemetryExportUrl). */
  self_telemetry: "the exporter's own request to a telemetry endpoint (/v1/traces, /v1/logs, /collect…)",
  /** browser.navigation_timing with no hard page view of its URL in the same request to join. */
  timing_without_page_view: 'navigation timing without a page view of the same URL in the request',
} as const;

export type UnmappedReason = keyof typeof UNMAPPED_REASONS;

/**
 * OTLP/HTTP export paths (any prefix: collectors often sit under /otlp), Splunk RUM's beacon
 * paths, and Faro's receiver (`/collect` or `/collect/<app key>`, as Grafana Alloy and Grafana
 * Cloud serve it; only as the first segment, so GA4's `/g/collect` is not taken for one).
 */
const EXPORT_PATH = /(?:\/v1\/(?:traces|logs|metrics|rum|rumotlp)|^\/collect(?:\/[^/]+)?)\/?$/;
const SCHEME_AND_HOST = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i;

/**
 * Whether a URL is a telemetry export endpoint, on any host. An SDK's fetch/XHR instrumentation
 * sees its own exporter's posts unless told to ignore them (ours does; stock OTel web, Honeycomb
 * and Faro need `ignoreUrls`), so they would be stored as the app's HTTP calls and resources.
 * Limitation: an app API that really is `…/v1/logs` is dropped from resource timings too (they
 * carry no method); HTTP spans are only dropped for POST.
 */
export function isTelemetryExportUrl(url: string): boolean {
  if (!url) return false;
  let path = url.replace(SCHEME_AND_HOST, '');
  const end = path.search(/[?#]/);
  if (end >= 0) path = path.slice(0, end);
  return EXPORT_PATH.test(path);
}

/** `2 spans not stored: … [unknown_span]` lines for the partial_success message. */
export function describeUnmapped(counts: ReadonlyMap<UnmappedReason, number>, signal: Signal): string[] {
  const noun = signal === 'traces' ? ['span', 'spans'] : ['log record', 'log records'];
  return [...counts].map(
    ([reason, n]) => `${n} ${noun[n === 1 ? 0 : 1]} not stored: ${UNMAPPED_REASONS[reason]} [${reason}]`,
  );
}
