/**
 * Resource timings: the browser SIG's `browser.resource_timing` events (also emitted by
 * Honeycomb), OTel document-load `resourceFetch` spans and Faro `faro.performance.resource`.
 */
import type { ResourceRow } from '../../store/rows';
import type { Attributes, DecodedSpan } from '../types';
import {
  PAGE_OR_URL_KEYS,
  PAGE_URL_KEYS,
  commonColumns,
  finish,
  rejection,
  type MapContext,
  type RecordMeta,
  type Rejection,
} from './common';
import * as sc from './semconv';
import { resourceTypeOf } from './url';
import { LIMITS, Reader, asNumber, asString, durationMs, isMap, ms, uint, faroId } from './values';

type ResourceFields = Omit<ResourceRow, keyof import('../../store/rows').CommonRow>;

function build(
  r: Reader,
  meta: RecordMeta,
  ctx: MapContext,
  f: ResourceFields,
  urlKeys: readonly string[] = PAGE_URL_KEYS,
): ResourceRow {
  const common = commonColumns(r, meta, ctx, { urlKeys });
  return finish(Object.assign(common, f, { resource_url: r.t.cap(f.resource_url, LIMITS.url) }), r);
}

/** The PerformanceResourceTiming fields that are not mapped to columns but are redundant. */
const TIMING_DETAIL =
  /^browser\.resource_timing\.(fetch_start|domain_lookup_(start|end)|connect_(start|end)|secure_connection_start|request_start|response_(start|end)|redirect_(start|end)|worker_start)$/;

export function resourceFromEvent(
  attrs: Attributes,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): ResourceRow | Rejection {
  const r = new Reader([attrs, resource]);
  const url = r.str(sc.ATTR_URL_FULL);
  if (!url) return rejection('resources: browser.resource_timing without url.full');
  for (const k of Object.keys(attrs)) if (TIMING_DETAIL.test(k)) r.consume(k);
  return build(r, meta, ctx, {
    resource_type: r.str(sc.RT.initiatorType) || resourceTypeOf(url),
    resource_url: url,
    duration_ms: ms(r.num(sc.RT.duration)),
    transfer_size: uint(r.num(sc.RT.transferSize)),
    encoded_body_size: uint(r.num(sc.RT.encodedBodySize)),
    decoded_body_size: uint(r.num(sc.RT.decodedBodySize)),
    render_blocking: r.str(sc.RT.renderBlocking),
    next_hop_protocol: r.str(sc.RT.nextHopProtocol),
  });
}

export function resourceFromSpan(
  span: DecodedSpan,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): ResourceRow {
  const r = new Reader([span.attributes, resource]);
  const url = r.str(sc.ATTR_URL_FULL, sc.ATTR_HTTP_URL);
  return build(r, meta, ctx, {
    resource_type: resourceTypeOf(url),
    resource_url: url,
    duration_ms: ms(durationMs(span.startTimeUnixNano, span.endTimeUnixNano)),
    transfer_size: 0,
    encoded_body_size: uint(r.num(sc.ATTR_HTTP_RESPONSE_CONTENT_LENGTH, sc.ATTR_HTTP_RESPONSE_BODY_SIZE)),
    decoded_body_size: uint(r.num(sc.ATTR_HTTP_RESPONSE_CONTENT_LENGTH_UNCOMPRESSED)),
    render_blocking: '',
    next_hop_protocol: '',
  });
}

export function resourceFromFaro(
  attrs: Attributes,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): ResourceRow | Rejection {
  const r = new Reader([attrs, resource]);
  r.consume(sc.ATTR_EVENT_NAME, sc.FARO_EVENT_DOMAIN);
  const raw = attrs[sc.FARO_EVENT_ATTRIBUTES];
  const ea = isMap(raw) ? raw : {};
  const url = asString(ea.name);
  if (!url) return rejection('resources: faro.performance.resource without a name');
  // On Faro records url.full is the page URL.
  const row = build(
    r,
    meta,
    ctx,
    {
      resource_type: asString(ea.initiatorType) || resourceTypeOf(url),
      resource_url: url,
      duration_ms: ms(asNumber(ea.duration)),
      transfer_size: uint(asNumber(ea.transferSize)),
      encoded_body_size: uint(asNumber(ea.encodedBodySize)),
      decoded_body_size: uint(asNumber(ea.decodedBodySize)),
      render_blocking: asString(ea.renderBlockingStatus),
      next_hop_protocol: asString(ea.protocol),
    },
    PAGE_OR_URL_KEYS,
  );
  if (!row.page_view_id) row.page_view_id = faroId(ea.faroNavigationId);
  return row;
}
