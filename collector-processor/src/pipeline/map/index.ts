/**
 * Maps one decoded OTLP resource to RUM rows. Pure: no I/O, no clock (times come from the
 * records and ctx.receivedAtMs), deterministic event ids. Records with no RUM meaning (internal
 * spans, plain logs, console events, the exporter's own requests) become no row and are counted
 * in `unmapped` by reason (unmapped.ts); records that look like a RUM signal but cannot be mapped
 * (a vital without a numeric value) are counted as rejected with a reason.
 * Shapes accepted per source are listed in docs/conventions.md ("What the processor accepts").
 */
import type {
  AttrValue,
  Attributes,
  DecodedLogRecord,
  DecodedResource,
  DecodedScope,
  DecodedSpan,
} from '../types';
import { Collector, type MapResult } from './collector';
import { PAGE_URL_KEYS, type MapContext, type RecordMeta } from './common';
import {
  customFromEvent,
  customFromFaroEvent,
  customFromFaroMeasurement,
  customFromPulseTrace,
  customFromUserInteractionSpan,
  isUserInteractionSpan,
} from './custom-events';
import { errorFromAttributes, exceptionSource } from './errors';
import {
  FARO_SCOPE,
  errorFromFaro,
  foldRepeatedFaroRoutes,
  isFaroRouteChange,
  pageViewFromFaroRoute,
} from './faro';
import { httpFromSpan, isHttpClientSpan } from './http';
import { isLongTaskSpan, longTaskFromEvent, longTaskFromSpan } from './long-tasks';
import {
  mergeNavigationTiming,
  navigationTimingUrl,
  pageViewFromDocumentLoad,
  pageViewFromFaroNavigation,
  pageViewFromNavigation,
} from './page-views';
import { resourceFromEvent, resourceFromFaro, resourceFromSpan } from './resources';
import * as sc from './semconv';
import { normalizeThirdPartySpans } from './third-party-spans';
import { asString, durationMs, isMap } from './values';
import { isVitalSpan, vitalFromEvent, vitalFromFaroMeasurement, vitalFromSpan } from './web-vitals';

export type { MapContext } from './common';
export type { MapResult } from './collector';

/** Named events with no row of their own: session lifecycle and console output. */
const IGNORED_EVENTS = new Set([
  'browser.console',
  'session.start',
  'session.end',
  'session_start',
  'session_extend',
  'session_resume',
  'session_end',
]);

function hasException(a: Attributes): boolean {
  return a[sc.ATTR_EXCEPTION_TYPE] !== undefined || a[sc.ATTR_EXCEPTION_MESSAGE] !== undefined;
}

/**
 * Point-in-time events that an SDK with only a trace exporter (ours, per docs/conventions.md)
 * sends as span events or as zero-length spans of the same name; mapped exactly like the log event.
 */
const SPAN_FORM_EVENTS = new Set([
  sc.EVENT_WEB_VITAL,
  sc.EVENT_NAVIGATION_TIMING,
  sc.EVENT_RESOURCE_TIMING,
  sc.EVENT_USER_ACTION_CLICK,
  sc.PT.customEvent,
  sc.PT.longTask,
]);

/** What the log form carries in its body travels as `pulsetrace.body.*` attributes in the span form. */
const BODY_PREFIX = 'pulsetrace.body.';

export function spanFormAsLog(
  name: string,
  attributes: Attributes,
  timeNs: bigint,
  traceId: string,
  spanId: string,
): DecodedLogRecord {
  let body: { [key: string]: AttrValue } | null = null;
  let attrs = attributes;
  for (const key in attributes) {
    if (!key.startsWith(BODY_PREFIX)) continue;
    if (!body) {
      body = {};
      attrs = { ...attributes };
    }
    body[key.slice(BODY_PREFIX.length)] = attributes[key];
    delete attrs[key];
  }
  return {
    timeUnixNano: timeNs,
    observedTimeUnixNano: timeNs,
    severityNumber: 0,
    severityText: '',
    body,
    attributes: attrs,
    eventName: name,
    traceId,
    spanId,
  };
}

function mapSpans(
  scope: DecodedScope,
  si: number,
  res: Attributes,
  ctx: MapContext,
  out: Collector,
  timings: Attributes[],
  merged: ReadonlySet<DecodedSpan>,
): void {
  const documentFetch = new Map<string, DecodedSpan>();
  for (const s of scope.spans) if (s.name === 'documentFetch') documentFetch.set(s.parentSpanId, s);
  scope.spans.forEach((span, i) => {
    const touchedBefore = out.touched;
    const meta: RecordMeta = {
      timeNs: span.startTimeUnixNano,
      traceId: span.traceId,
      spanId: span.spanId,
      key: `span:${si}:${i}`,
      scopeName: scope.name,
    };
    const a = span.attributes;
    if (SPAN_FORM_EVENTS.has(span.name)) {
      mapLog(
        spanFormAsLog(span.name, a, meta.timeNs, span.traceId, span.spanId),
        meta,
        res,
        ctx,
        out,
        timings,
      );
    } else if (span.name === 'documentLoad') {
      out.add('page_views', pageViewFromDocumentLoad(span, documentFetch.get(span.spanId), res, meta, ctx));
    } else if (span.name === 'documentFetch') {
      out.touched++; // merged into its documentLoad page view
    } else if (span.name === 'resourceFetch') {
      out.add('resources', resourceFromSpan(span, res, meta, ctx));
    } else if (span.name === sc.EVENT_NAVIGATION) {
      const d = durationMs(span.startTimeUnixNano, span.endTimeUnixNano);
      out.add('page_views', pageViewFromNavigation(a, res, meta, ctx, d));
    } else if (isVitalSpan(span)) {
      out.add('web_vitals', vitalFromSpan(span, res, meta, ctx));
    } else if (isLongTaskSpan(span)) {
      out.add('long_tasks', longTaskFromSpan(span, res, meta, ctx));
    } else if (isHttpClientSpan(span)) {
      out.add('http_requests', httpFromSpan(span, res, meta, ctx));
    } else if (span.name === sc.EVENT_EXCEPTION && hasException(a)) {
      const source = exceptionSource(scope.name, { handled: true, mechanism: 'span' });
      out.add('errors', errorFromAttributes([a, res], meta, ctx, source));
    } else if (isUserInteractionSpan(span)) {
      // A later listener's span of the same DOM event: folded into its click or route change.
      if (merged.has(span)) out.touched++;
      else out.add('custom_events', customFromUserInteractionSpan(span, res, meta, ctx));
    } else if (IGNORED_EVENTS.has(span.name) && span.events.length === 0) {
      out.skip('ignored_event'); // session lifecycle as a span (Splunk's `session.start`)
    }
    span.events.forEach((e, j) => {
      if (SPAN_FORM_EVENTS.has(e.name)) {
        const eventMeta = { ...meta, timeNs: e.timeUnixNano || meta.timeNs, key: `${meta.key}:event:${j}` };
        const log = spanFormAsLog(
          e.name,
          { ...a, ...e.attributes },
          eventMeta.timeNs,
          span.traceId,
          span.spanId,
        );
        mapLog(log, eventMeta, res, ctx, out, timings);
        return;
      }
      if (e.name !== sc.EVENT_EXCEPTION) return;
      const source = {
        ...exceptionSource(scope.name, { handled: true, mechanism: 'recordException' }),
        urlKeys: PAGE_URL_KEYS,
      };
      const eventMeta = { ...meta, timeNs: e.timeUnixNano || meta.timeNs, key: `${meta.key}:event:${j}` };
      out.add('errors', errorFromAttributes([e.attributes, a, res], eventMeta, ctx, source));
    });
    // Neither the span nor any of its events became a row, a rejection or part of one.
    if (out.touched === touchedBefore) out.skip('unknown_span');
  });
}

function eventNameOf(lr: DecodedLogRecord): string {
  return lr.eventName || asString(lr.attributes[sc.ATTR_EVENT_NAME]);
}

function mapLog(
  lr: DecodedLogRecord,
  meta: RecordMeta,
  res: Attributes,
  ctx: MapContext,
  out: Collector,
  timings: Attributes[],
): void {
  const name = eventNameOf(lr);
  const a = lr.attributes;
  const faroMeasurement = asString(a['measurement.type']);
  if (name === sc.EVENT_WEB_VITAL || (name === 'web_vital' && a[sc.FARO_EVENT_DOMAIN] === 'browser')) {
    out.add('web_vitals', vitalFromEvent(a, lr.body, res, meta, ctx));
  } else if (name === sc.EVENT_EXCEPTION || (!name && hasException(a))) {
    if (meta.scopeName === FARO_SCOPE) out.add('errors', errorFromFaro(a, res, meta, ctx));
    else {
      const fallback = { handled: true, mechanism: 'log' };
      out.add('errors', errorFromAttributes([a, res], meta, ctx, exceptionSource(meta.scopeName, fallback)));
    }
  } else if (name === sc.EVENT_NAVIGATION) {
    out.add('page_views', pageViewFromNavigation(a, res, meta, ctx));
  } else if (name === sc.EVENT_NAVIGATION_TIMING) {
    out.touched++; // joined to its page view in mergeTimings
    timings.push(a);
  } else if (name === sc.EVENT_RESOURCE_TIMING) {
    out.add('resources', resourceFromEvent(a, res, meta, ctx));
  } else if (name === sc.PT.longTask) {
    out.add('long_tasks', longTaskFromEvent(a, res, meta, ctx));
  } else if (name === sc.PT.customEvent) {
    out.add('custom_events', customFromPulseTrace(a, lr.body, res, meta, ctx));
  } else if (name === 'faro.performance.navigation') {
    out.add('page_views', pageViewFromFaroNavigation(a, res, meta, ctx));
  } else if (isFaroRouteChange(name, a)) {
    const view = pageViewFromFaroRoute(name, a, res, meta, ctx);
    if (view) out.add('page_views', view);
    else out.skip('ignored_event'); // faro-react's first render: the load itself
  } else if (name === 'faro.performance.resource') {
    out.add('resources', resourceFromFaro(a, res, meta, ctx));
  } else if (name.startsWith('faro.tracing.') || IGNORED_EVENTS.has(name)) {
    // faro.tracing.* duplicate the fetch/XHR spans Faro also exports; sessions and console
    // output have no table.
    out.skip('ignored_event');
  } else if (!name && faroMeasurement === 'web-vitals') {
    out.add('web_vitals', vitalFromFaroMeasurement(a, res, meta, ctx));
  } else if (!name && faroMeasurement) {
    out.add('custom_events', customFromFaroMeasurement(a, res, meta, ctx));
  } else if (name && isMap(a[sc.FARO_EVENT_ATTRIBUTES])) {
    out.add('custom_events', customFromFaroEvent(a, res, meta, ctx));
  } else if (name) {
    out.add('custom_events', customFromEvent(name, a, lr.body, res, meta, ctx));
  } else {
    out.skip('plain_log'); // unnamed plain logs are not RUM signals
  }
}

/**
 * Copies each `browser.navigation_timing` event into the hard page view of the same URL in this
 * batch. One that finds none is dropped: a page view of its own would double count the load
 * that its `browser.navigation` or `documentLoad` already counted.
 */
function mergeTimings(out: Collector, timings: Attributes[]): void {
  for (const t of timings) {
    const url = navigationTimingUrl(t);
    const target = out.rows.page_views.find((p) => !p.is_soft_navigation && p.url === url && p.load_ms === 0);
    if (target) mergeNavigationTiming(target, t);
    else out.skip('timing_without_page_view');
  }
}

export function mapResource(decoded: DecodedResource, ctx: MapContext): MapResult {
  const out = new Collector();
  const { resource, merged } = normalizeThirdPartySpans(decoded);
  const res = resource.attributes;
  const timings: Attributes[] = [];
  resource.scopes.forEach((scope, si) => {
    mapSpans(scope, si, res, ctx, out, timings, merged);
    scope.logs.forEach((lr, i) => {
      const meta: RecordMeta = {
        timeNs: lr.timeUnixNano || lr.observedTimeUnixNano,
        traceId: lr.traceId,
        spanId: lr.spanId,
        key: `log:${si}:${i}`,
        scopeName: scope.name,
      };
      mapLog(lr, meta, res, ctx, out, timings);
    });
  });
  mergeTimings(out, timings);
  foldRepeatedFaroRoutes(out.rows.page_views);
  return out.result();
}
