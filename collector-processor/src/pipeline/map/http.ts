/**
 * HTTP client calls from fetch/XHR client spans, stable (http.request.method, url.full,
 * http.response.status_code, server.address) or old (http.method, http.url, http.status_code,
 * http.host) semconv, or both (http/dup).
 */
import type { HttpRequestRow } from '../../store/rows';
import type { Attributes, DecodedSpan } from '../types';
import { commonColumns, finish, type MapContext, type RecordMeta } from './common';
import * as sc from './semconv';
import { hostOf, urlTemplateOf } from './url';
import { LIMITS, Reader, durationMs, ms, uint } from './values';

const SPAN_KIND_CLIENT = 3;
const STATUS_ERROR = 2;

/** A client span with an HTTP method and URL (kind client, or unspecified from older SDKs). */
export function isHttpClientSpan(s: DecodedSpan): boolean {
  const a = s.attributes;
  const method = a[sc.ATTR_HTTP_REQUEST_METHOD] ?? a[sc.ATTR_HTTP_METHOD];
  const url = a[sc.ATTR_URL_FULL] ?? a[sc.ATTR_HTTP_URL];
  return (
    (s.kind === SPAN_KIND_CLIENT || s.kind === 0) && typeof method === 'string' && typeof url === 'string'
  );
}

export function httpFromSpan(
  span: DecodedSpan,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): HttpRequestRow {
  const r = new Reader([span.attributes, resource]);
  const method = r.str(sc.ATTR_HTTP_REQUEST_METHOD, sc.ATTR_HTTP_METHOD).toUpperCase();
  r.consume('http.request.method_original');
  const url = r.t.cap(r.str(sc.ATTR_URL_FULL, sc.ATTR_HTTP_URL), LIMITS.url);
  const status = r.num(sc.ATTR_HTTP_RESPONSE_STATUS_CODE, sc.ATTR_HTTP_STATUS_CODE) ?? 0;
  const host =
    r.str(sc.ATTR_SERVER_ADDRESS, sc.ATTR_NET_PEER_NAME) ||
    r.str(sc.ATTR_HTTP_HOST).replace(/:\d+$/, '') ||
    hostOf(url);
  r.consume('server.port', 'http.scheme', 'http.status_text', 'component');
  let errorType = r.str(sc.ATTR_ERROR_TYPE);
  if (!errorType && span.status.code === STATUS_ERROR) errorType = span.status.message || '_OTHER';
  if (!errorType && status >= 400) errorType = String(status);
  const common = commonColumns(r, meta, ctx);
  // Extend the common row in place: spreading a 30-field object per span costs more than the rest
  // of the mapping together (measured with bench/ingest).
  const row: HttpRequestRow = Object.assign(common, {
    method,
    http_url: url,
    url_template: r.t.cap(r.str(sc.ATTR_URL_TEMPLATE) || urlTemplateOf(url), LIMITS.attributeValue),
    server_address: host,
    status_code: uint(status),
    duration_ms: ms(durationMs(span.startTimeUnixNano, span.endTimeUnixNano)),
    request_size: uint(
      r.num(
        sc.ATTR_HTTP_REQUEST_BODY_SIZE,
        sc.ATTR_HTTP_REQUEST_CONTENT_LENGTH,
        sc.ATTR_HTTP_REQUEST_CONTENT_LENGTH_UNCOMPRESSED,
      ),
    ),
    response_size: uint(
      r.num(
        sc.ATTR_HTTP_RESPONSE_BODY_SIZE,
        sc.ATTR_HTTP_RESPONSE_CONTENT_LENGTH,
        sc.ATTR_HTTP_RESPONSE_CONTENT_LENGTH_UNCOMPRESSED,
      ),
    ),
    error_type: errorType,
  });
  return finish(row, r);
}
