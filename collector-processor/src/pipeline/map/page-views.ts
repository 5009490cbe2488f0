/**
 * Page views: OTel document-load spans (documentLoad + documentFetch timing events), PulseTrace
 * and browser-SIG `browser.navigation` spans/events (hard loads and SPA route changes, timings in
 * browser.navigation_timing.* / browser.resource_timing.* attributes), `browser.navigation_timing`
 * events merged into a hard navigation of the same batch, and Faro `faro.performance.navigation`.
 */
import type { PageViewRow } from '../../store/rows';
import type { AttrValue, Attributes, DecodedSpan } from '../types';
import { PAGE_OR_URL_KEYS, commonColumns, finish, type MapContext, type RecordMeta } from './common';
import * as sc from './semconv';
import { hostOf, parseUrl, utmOf } from './url';
import { LIMITS, Reader, asNumber, asString, durationMs, isMap, ms, faroId } from './values';

type Timings = Pick<
  PageViewRow,
  | 'dns_ms'
  | 'tcp_ms'
  | 'tls_ms'
  | 'ttfb_ms'
  | 'dom_interactive_ms'
  | 'dom_content_loaded_ms'
  | 'load_ms'
  | 'duration_ms'
>;

const NO_TIMINGS: Timings = {
  dns_ms: 0,
  tcp_ms: 0,
  tls_ms: 0,
  ttfb_ms: 0,
  dom_interactive_ms: 0,
  dom_content_loaded_ms: 0,
  load_ms: 0,
  duration_ms: 0,
};

function span(a: number | undefined, b: number | undefined): number {
  return a !== undefined && b !== undefined && b >= a ? ms(b - a) : 0;
}

function pageView(
  r: Reader,
  meta: RecordMeta,
  ctx: MapContext,
  fields: { url?: string; navigationType: string; soft: boolean; timings: Timings },
): PageViewRow {
  const common = commonColumns(r, meta, ctx, { url: fields.url, urlKeys: PAGE_OR_URL_KEYS });
  const referrer = r.t.cap(r.str(sc.PT.pageReferrer, sc.HONEYCOMB_ENTRY_REFERRER), LIMITS.url);
  const row: PageViewRow = Object.assign(common, {
    title: r.t.cap(r.str(sc.PT.pageTitle), LIMITS.attributeValue),
    referrer,
    referrer_host: hostOf(referrer),
    ...utmOf(common.url),
    navigation_type: fields.navigationType,
    is_soft_navigation: fields.soft ? 1 : 0,
    ...fields.timings,
  });
  return finish(row, r);
}

/** Timings from PerformanceNavigationTiming-shaped attributes (ms since navigation start). */
export function timingsFromAttributes(r: Reader): Timings | undefined {
  const n = (k: string) => r.num(k);
  const loadEnd = n(sc.NAV.loadEventEnd);
  const responseStart = n(sc.RT.responseStart);
  if (loadEnd === undefined && responseStart === undefined) return undefined;
  const secure = n(sc.RT.secureConnectionStart);
  const connectEnd = n(sc.RT.connectEnd);
  return {
    dns_ms: span(n(sc.RT.domainLookupStart), n(sc.RT.domainLookupEnd)),
    tcp_ms: span(n(sc.RT.connectStart), connectEnd),
    tls_ms: secure ? span(secure, connectEnd) : 0,
    ttfb_ms: ms(responseStart),
    dom_interactive_ms: ms(n(sc.NAV.domInteractive)),
    dom_content_loaded_ms: ms(n(sc.NAV.domContentLoadedEnd)),
    load_ms: ms(loadEnd),
    duration_ms: ms(n(sc.RT.duration) ?? loadEnd),
  };
}

/** OTel instrumentation-document-load: `documentLoad` plus its `documentFetch` child. */
export function pageViewFromDocumentLoad(
  load: DecodedSpan,
  fetch: DecodedSpan | undefined,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): PageViewRow {
  const at = new Map<string, bigint>();
  for (const e of [...load.events, ...(fetch?.events ?? [])])
    if (!at.has(e.name)) at.set(e.name, e.timeUnixNano);
  const start = at.get('fetchStart') ?? load.startTimeUnixNano;
  const rel = (name: string) => {
    const t = at.get(name);
    return t === undefined ? 0 : ms(durationMs(start, t));
  };
  const between = (a: string, b: string) => {
    const ta = at.get(a);
    const tb = at.get(b);
    return ta === undefined || tb === undefined ? 0 : ms(durationMs(ta, tb));
  };
  // secureConnectionStart is reported (as navigation start) even without TLS: only count it
  // when it falls inside the connect phase.
  const secure = at.get('secureConnectionStart');
  const connectStart = at.get('connectStart');
  const tls =
    secure !== undefined && connectStart !== undefined && secure >= connectStart
      ? between('secureConnectionStart', 'connectEnd')
      : 0;
  const r = new Reader([load.attributes, fetch?.attributes ?? {}, resource]);
  r.consume(sc.ATTR_HTTP_RESPONSE_CONTENT_LENGTH);
  return pageView(r, meta, ctx, {
    navigationType: '',
    soft: false,
    timings: {
      dns_ms: between('domainLookupStart', 'domainLookupEnd'),
      tcp_ms: between('connectStart', 'connectEnd'),
      tls_ms: tls,
      ttfb_ms: rel('responseStart'),
      dom_interactive_ms: rel('domInteractive'),
      dom_content_loaded_ms: rel('domContentLoadedEventEnd'),
      load_ms: rel('loadEventEnd'),
      duration_ms: ms(durationMs(load.startTimeUnixNano, load.endTimeUnixNano)),
    },
  });
}

/** `browser.navigation` as a span (PulseTrace) or an event (browser SIG). */
export function pageViewFromNavigation(
  attrs: Attributes,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
  spanDurationMs = 0,
): PageViewRow {
  const r = new Reader([attrs, resource]);
  const soft = r.bool(sc.NAV.sameDocument) ?? false;
  const timings = (!soft && timingsFromAttributes(r)) || { ...NO_TIMINGS };
  if (!timings.duration_ms) timings.duration_ms = ms(spanDurationMs);
  r.consume(
    sc.NAV.hashChange,
    'browser.navigation_timing.dom_content_loaded_event_start',
    'browser.navigation_timing.dom_complete',
  );
  r.consume(
    'browser.navigation_timing.load_event_start',
    sc.RT.fetchStart,
    sc.RT.requestStart,
    'browser.resource_timing.response_end',
  );
  return pageView(r, meta, ctx, {
    navigationType: r.str(sc.NAV.type, sc.NAV.timingType),
    soft,
    timings,
  });
}

/**
 * Copies a `browser.navigation_timing` event's timings into the hard page view it belongs to.
 * Returns false when the page view already has timings.
 */
export function mergeNavigationTiming(target: PageViewRow, attrs: Attributes): boolean {
  if (target.load_ms > 0 || target.ttfb_ms > 0) return false;
  const timings = timingsFromAttributes(new Reader([attrs]));
  if (!timings) return false;
  Object.assign(target, timings);
  if (!target.navigation_type) target.navigation_type = asString(attrs[sc.NAV.timingType]);
  return true;
}

/** The URL a `browser.navigation_timing` event describes. */
export function navigationTimingUrl(attrs: Attributes): string {
  return asString(attrs[sc.ATTR_URL_FULL]);
}

function faroNumber(ea: { [key: string]: AttrValue }, key: string): number | undefined {
  return asNumber(ea[key]);
}

/** Faro `faro.performance.navigation` event (timings in event.attributes, as strings). */
export function pageViewFromFaroNavigation(
  attrs: Attributes,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): PageViewRow {
  const r = new Reader([attrs, resource]);
  // event.attributes stays unconsumed: the whole map lands in `attributes` as JSON.
  const raw = attrs[sc.FARO_EVENT_ATTRIBUTES];
  const ea = isMap(raw) ? raw : {};
  r.consume(sc.ATTR_EVENT_NAME, sc.FARO_EVENT_DOMAIN);
  const url = asString(ea.name) || r.str(sc.ATTR_URL_FULL);
  const https = parseUrl(url)?.protocol === 'https:';
  const pageLoad = faroNumber(ea, 'pageLoadTime');
  const onLoad = faroNumber(ea, 'onLoadTime') ?? 0;
  const row = pageView(r, meta, ctx, {
    url,
    navigationType: asString(ea.type),
    soft: false,
    timings: {
      dns_ms: ms(faroNumber(ea, 'dnsLookupTime')),
      tcp_ms: ms(faroNumber(ea, 'tcpHandshakeTime')),
      // Faro computes connectEnd - secureConnectionStart even when there is no TLS.
      tls_ms: https ? ms(faroNumber(ea, 'tlsNegotiationTime')) : 0,
      ttfb_ms: ms(faroNumber(ea, 'ttfb')),
      dom_interactive_ms: 0,
      dom_content_loaded_ms: 0,
      load_ms: pageLoad === undefined ? 0 : ms(pageLoad + onLoad),
      duration_ms: ms(faroNumber(ea, 'duration')),
    },
  });
  // Faro's navigation id links the page view to its vitals (navigation_entry_id) and resources.
  if (!row.page_view_id) row.page_view_id = faroId(ea.faroNavigationId);
  return row;
}
