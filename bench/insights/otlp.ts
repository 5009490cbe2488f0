/**
 * Simulated sessions as the OTLP/JSON requests @pulsetrace/web makes (docs/conventions.md, "Span
 * form"): it has only a trace exporter, so page views and HTTP calls are spans on /v1/traces and
 * web vitals, long tasks, resource timings and exceptions are span events on the page-view span.
 * One resource per session (release, user agent, country), as one browser tab exports. Built as plain objects (not through the OTel SDK as
 * test/helpers/otlp-payloads.ts does) because days of traffic are millions of records and the
 * generator must leave the 2 cores to the processor.
 */
import type { SimPage, SimSession } from './generate';

type AnyValue =
  { stringValue: string } | { intValue: number } | { doubleValue: number } | { boolValue: boolean };
interface KeyValue {
  key: string;
  value: AnyValue;
}

function attrs(o: Record<string, string | number | boolean | undefined>): KeyValue[] {
  const out: KeyValue[] = [];
  for (const [key, v] of Object.entries(o)) {
    if (v === undefined) continue;
    const value: AnyValue =
      typeof v === 'string'
        ? { stringValue: v }
        : typeof v === 'boolean'
          ? { boolValue: v }
          : Number.isInteger(v)
            ? { intValue: v }
            : { doubleValue: v };
    out.push({ key, value });
  }
  return out;
}

const ns = (ms: number) => `${Math.round(ms)}000000`;

function resource(s: SimSession) {
  return {
    attributes: attrs({
      'service.name': 'shop-web',
      'service.version': s.release,
      'deployment.environment.name': 'production',
      'telemetry.sdk.name': 'pulsetrace-browser',
      'telemetry.sdk.version': '0.1.0',
      'telemetry.sdk.language': 'webjs',
      'user_agent.original': s.agent.ua,
      'browser.language': 'en-US',
      'geo.country.iso_code': s.country,
    }),
  };
}

function common(s: SimSession, p: SimPage) {
  return {
    'session.id': s.id,
    'enduser.pseudo.id': s.visitorId,
    'user.id': s.userId,
    'pulsetrace.page_view.id': p.id,
    'browser.document.url.full': p.url,
  };
}

const RATING: Record<string, [number, number]> = {
  LCP: [2500, 4000],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
  CLS: [0.1, 0.25],
  INP: [200, 500],
};

/** Counter-based span ids: unique within a run, cheap. */
let nextId = 1;
const spanId = () => (nextId++).toString(16).padStart(16, '0');

export function encodeSessions(sessions: readonly SimSession[]): { traces: string } {
  const resourceSpans = [];
  for (const s of sessions) {
    const traceId = s.id;
    const spans = [];
    for (const p of s.pages) {
      const c = attrs(common(s, p));
      const events = [];
      for (const v of p.vitals) {
        const [good, poor] = RATING[v.name]!;
        const body: Record<string, string> = {};
        for (const [k, val] of Object.entries(v.attribution)) body[`pulsetrace.body.${k}`] = val;
        events.push({
          timeUnixNano: ns(v.at),
          name: 'browser.web_vital',
          attributes: attrs({
            'browser.web_vital.name': v.name.toLowerCase(),
            'browser.web_vital.value': v.value,
            'browser.web_vital.delta': v.value,
            'browser.web_vital.id': `v5-${p.id}-${v.name}`,
            'browser.web_vital.rating':
              v.value <= good ? 'good' : v.value <= poor ? 'needs-improvement' : 'poor',
            'browser.web_vital.navigation_type': p.hard ? 'navigate' : 'soft-navigation',
            ...body,
          }),
        });
      }
      for (const t of p.longTasks)
        events.push({
          timeUnixNano: ns(t.at),
          name: 'pulsetrace.long_task',
          attributes: attrs({
            'pulsetrace.long_task.kind': 'long-animation-frame',
            'pulsetrace.long_task.duration': t.durationMs,
            'pulsetrace.long_task.blocking_duration': Math.max(0, t.durationMs - 50),
            'pulsetrace.long_task.script_url': t.scriptUrl,
            'pulsetrace.long_task.invoker': 'TimerHandler:setTimeout',
          }),
        });
      for (const r of p.resources)
        events.push({
          timeUnixNano: ns(r.at),
          name: 'browser.resource_timing',
          attributes: attrs({
            'url.full': r.url,
            'browser.resource_timing.initiator_type': r.type,
            'browser.resource_timing.duration': r.durationMs,
            'browser.resource_timing.transfer_size': r.transferSize,
            'browser.resource_timing.encoded_body_size': r.transferSize - 300,
            'browser.resource_timing.decoded_body_size': r.transferSize - 300,
          }),
        });
      for (const e of p.errors)
        events.push({
          timeUnixNano: ns(e.at),
          name: 'exception',
          attributes: attrs({
            'exception.type': e.type,
            'exception.message': e.message,
            'exception.stacktrace': e.stack,
            'pulsetrace.exception.handled': false,
            'pulsetrace.exception.mechanism': 'onerror',
          }),
        });
      // The page-view span carries the page's point events, which inherit its session and page.
      spans.push({
        traceId,
        spanId: spanId(),
        name: 'browser.navigation',
        kind: 1,
        startTimeUnixNano: ns(p.at),
        endTimeUnixNano: ns(p.at + (p.hard ? 1800 : 300)),
        attributes: [
          ...c,
          ...attrs({
            'url.full': p.url,
            'browser.navigation.same_document': !p.hard,
            'browser.navigation.type': p.hard ? 'navigate' : 'push',
          }),
        ],
        events,
        status: {},
      });
      for (const call of p.calls)
        spans.push({
          traceId,
          spanId: spanId(),
          name: `HTTP ${call.method}`,
          kind: 3,
          startTimeUnixNano: ns(call.start),
          endTimeUnixNano: ns(call.start + call.durationMs),
          attributes: [
            ...c,
            ...attrs({
              'http.request.method': call.method,
              'url.full': call.url,
              'server.address': call.server,
              'http.response.status_code': call.status,
              'error.type': call.status >= 500 ? String(call.status) : undefined,
            }),
          ],
          status: call.status >= 500 ? { code: 2 } : {},
        });
    }
    const scope = { name: 'pulsetrace-browser', version: '0.1.0' };
    resourceSpans.push({ resource: resource(s), scopeSpans: [{ scope, spans }] });
  }
  return { traces: JSON.stringify({ resourceSpans }) };
}

/** Records in an encoded chunk (for the report's volume figures). */
export function recordCount(sessions: readonly SimSession[]): number {
  let n = 0;
  for (const s of sessions)
    for (const p of s.pages)
      n += 1 + p.calls.length + p.vitals.length + p.longTasks.length + p.resources.length + p.errors.length;
  return n;
}
