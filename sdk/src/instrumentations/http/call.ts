/**
 * One HTTP client call as a span (stable HTTP semconv) plus its http breadcrumb, shared by the
 * fetch and XMLHttpRequest patches. Decisions and mapping are pure functions.
 */
import { SpanKind, SpanStatusCode, type SpanContext } from '@opentelemetry/api';
import type { SdkContext } from '../../core/context';
import { guard } from '../../core/debug-logger';
import type { Attributes, Breadcrumb } from '../../types';

export const ATTR_METHOD = 'http.request.method';
export const ATTR_METHOD_ORIGINAL = 'http.request.method_original';
export const ATTR_URL_FULL = 'url.full';
export const ATTR_SERVER_ADDRESS = 'server.address';
export const ATTR_SERVER_PORT = 'server.port';
export const ATTR_STATUS_CODE = 'http.response.status_code';
export const ATTR_ERROR_TYPE = 'error.type';

/** Semconv: other methods are reported as _OTHER (unbounded cardinality otherwise). */
const KNOWN_METHOD = /^(GET|HEAD|POST|PUT|DELETE|CONNECT|OPTIONS|TRACE|PATCH|QUERY)$/;

/** The request URL, absolute and without credentials; undefined when it does not parse. */
export function absoluteUrl(raw: string, base: string): URL | undefined {
  try {
    const u = new URL(raw, base);
    u.username = u.password = '';
    return u;
  } catch {
    return undefined; // the real call fails on its own
  }
}

export function requestAttributes(method: string, url: URL, scrub: (url: string) => string): Attributes {
  const m = method.toUpperCase();
  const known = KNOWN_METHOD.test(m);
  return {
    [ATTR_METHOD]: known ? m : '_OTHER',
    [ATTR_METHOD_ORIGINAL]: known ? undefined : method,
    [ATTR_URL_FULL]: scrub(url.href),
    [ATTR_SERVER_ADDRESS]: url.hostname,
    [ATTR_SERVER_PORT]: Number(url.port) || (url.protocol === 'https:' ? 443 : 80),
  };
}

/**
 * Whether `traceparent` may be sent: same origin, or allowed by propagateTraceHeaderCorsUrls
 * (string = prefix of the absolute URL). Other origins would get a CORS preflight they may reject.
 */
export function shouldPropagate(
  url: URL,
  pageOrigin: string,
  allowed: ReadonlyArray<string | RegExp>,
): boolean {
  return (
    url.origin === pageOrigin ||
    allowed.some((p) => (typeof p === 'string' ? url.href.startsWith(p) : p.test(url.href)))
  );
}

/** Semconv client rules: 4xx and 5xx are errors (error.type = status); status 0 is no response. */
export function responseAttributes(status: number, failure?: string): Attributes {
  return {
    [ATTR_STATUS_CODE]: status > 0 ? status : undefined,
    [ATTR_ERROR_TYPE]: failure || (status >= 400 ? String(status) : undefined),
  };
}

export function httpBreadcrumb(
  method: string,
  scrubbedUrl: string,
  status: number,
  durationMs: number,
  failure: string | undefined,
  now = Date.now(),
): Breadcrumb {
  return {
    category: 'http',
    timestamp: now,
    level: failure || status >= 400 ? 'error' : 'info',
    data: {
      method,
      url: scrubbedUrl.split(/[?#]/)[0],
      status_code: status,
      duration_ms: Math.round(durationMs),
    },
  };
}

/** Where the page is: relative URLs resolve against `base`, same-origin compares with `origin`. */
export interface Page {
  base: string;
  origin: string;
}

export interface Call {
  /** Headers to add to the request (traceparent), possibly empty. */
  headers: Record<string, string>;
  /** Ends the span and records the breadcrumb; only the first call counts. */
  end(status: number, failure?: string): void;
}

/**
 * The W3C Trace Context `traceparent` of the request's span (version 00). Written here rather than
 * through core's W3CTraceContextPropagator: the SDK registers no global propagator (an app's own
 * OpenTelemetry setup keeps its own), our spans never carry a tracestate, and the propagator with
 * its TraceState parser cost 0.8 KB gzip of the 28 KB budget for one line.
 */
export function traceparent({ traceId, spanId, traceFlags }: SpanContext): string {
  return `00-${traceId}-${spanId}-0${traceFlags & 1}`;
}

const clock = () => globalThis.performance?.now() ?? Date.now();

/** Starts the span of one request, or returns undefined for requests not instrumented. */
export function startCall(ctx: SdkContext, method: string, rawUrl: string, page: Page): Call | undefined {
  const url = absoluteUrl(rawUrl, page.base);
  // data:, blob: and the SDK's own endpoint (its exports would instrument themselves forever).
  if (!url || !/^https?:$/.test(url.protocol) || ctx.isIgnoredUrl(url.href)) return;
  const attrs = requestAttributes(method, url, (u) => ctx.scrubUrl(u));
  const span = ctx.startSpan(`HTTP ${attrs[ATTR_METHOD]}`, attrs, { kind: SpanKind.CLIENT });
  const t0 = clock();
  const headers: Record<string, string> = {};
  if (shouldPropagate(url, page.origin, ctx.config.propagateTraceHeaderCorsUrls))
    headers.traceparent = traceparent(span.spanContext());
  let done = false;
  return {
    headers,
    end: (status, failure) =>
      guard(ctx.debug, 'http end', () => {
        if (done) return;
        done = true;
        const res = responseAttributes(status, failure);
        span.setAttributes(res);
        if (res[ATTR_ERROR_TYPE]) span.setStatus({ code: SpanStatusCode.ERROR, message: failure });
        span.end();
        if (ctx.config.breadcrumbs.http)
          ctx.addBreadcrumb(
            httpBreadcrumb(method.toUpperCase(), String(attrs[ATTR_URL_FULL]), status, clock() - t0, failure),
          );
      }),
  };
}

export const errorName = (err: unknown) => String((err as { name?: unknown } | null)?.name || 'Error');
