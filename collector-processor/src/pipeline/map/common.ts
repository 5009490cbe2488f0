/** The columns every signal row shares, read from resource + record attributes. */
import type { CommonRow } from '../../store/rows';
import type { AttrValue, Attributes } from '../types';
import * as sc from './semconv';
import { ORIGINAL_TIMESTAMP_ATTRIBUTE, TIMESTAMP_ADJUSTED_ATTRIBUTE, eventTime } from './timestamps';
import { routeOf } from './url';
import { LIMITS, Reader, eventId, isMap, msToTimestamp } from './values';

export interface MapContext {
  projectId: string;
  retentionDays: number;
  receivedAtMs: number;
}

/** Where a record came from, for ids and per-source defaults. */
export interface RecordMeta {
  timeNs: bigint;
  traceId: string;
  spanId: string;
  /** Stable discriminator within the payload (kind + position), hashed into event_id. */
  key: string;
  scopeName: string;
}

/** Keys that may hold the page URL on any record. url.full is the page only on page-ish records. */
export const PAGE_URL_KEYS = [sc.ATTR_BROWSER_DOCUMENT_URL_FULL, sc.HONEYCOMB_PAGE_URL] as const;
export const PAGE_OR_URL_KEYS = [...PAGE_URL_KEYS, sc.ATTR_URL_FULL, sc.ATTR_HTTP_URL] as const;

const NOT_A_BRAND = /not.?a.?brand/i;

/** Browser name/version from UA client hints brands ("Chromium 156" or {brand, version}). */
function fromBrands(v: AttrValue | undefined): [string, string] {
  if (!Array.isArray(v)) return ['', ''];
  const brands: [string, string][] = [];
  for (const b of v) {
    if (isMap(b)) brands.push([String(b.brand ?? ''), String(b.version ?? '')]);
    else if (typeof b === 'string') {
      const m = /^(.*?)\s+([\d.]+)$/.exec(b);
      brands.push(m ? [m[1], m[2]] : [b, '']);
    }
  }
  const real = brands.filter(([name]) => name && !NOT_A_BRAND.test(name));
  // Prefer the product brand (Google Chrome, Microsoft Edge) over the engine (Chromium).
  return real.find(([name]) => name !== 'Chromium') ?? real[0] ?? ['', ''];
}

function deviceType(r: Reader): string {
  const explicit = r.str('device.type');
  if (explicit) return explicit.toLowerCase();
  const mobile = r.bool(sc.ATTR_BROWSER_MOBILE);
  return mobile === undefined ? '' : mobile ? 'mobile' : 'desktop';
}

/**
 * Builds the shared columns. `url` is the page URL when the mapper knows it better than the
 * attributes (e.g. a web vital's navigation URL); otherwise it is read from `urlKeys`.
 */
export function commonColumns(
  r: Reader,
  meta: RecordMeta,
  ctx: MapContext,
  opts: { url?: string; urlKeys?: readonly string[] } = {},
): CommonRow {
  const url = r.t.cap(opts.url || r.str(...(opts.urlKeys ?? PAGE_URL_KEYS)), LIMITS.url);
  const [brandName, brandVersion] = fromBrands(r.get(sc.ATTR_BROWSER_BRANDS));
  const distro = r.str(sc.ATTR_TELEMETRY_DISTRO_NAME);
  const platform = r.str(sc.ATTR_BROWSER_PLATFORM).replace(/\s+unknown$/i, '');
  const time = eventTime(meta.timeNs, ctx.receivedAtMs);
  const row: CommonRow = {
    project_id: ctx.projectId,
    retention_days: ctx.retentionDays,
    timestamp: time.timestamp,
    received_at: msToTimestamp(ctx.receivedAtMs),
    event_id: eventId(ctx.projectId, meta.key, meta.traceId, meta.spanId, meta.timeNs),
    trace_id: meta.traceId,
    span_id: meta.spanId,
    session_id: r.str(sc.ATTR_SESSION_ID),
    session_previous_id: r.str(sc.ATTR_SESSION_PREVIOUS_ID),
    page_view_id: r.str(sc.PT.pageViewId, sc.FARO_PAGE_ID),
    user_id: r.str(sc.ATTR_USER_ID, sc.ATTR_ENDUSER_ID),
    visitor_id: r.str(sc.ATTR_ENDUSER_PSEUDO_ID),
    visitor_hash: '',
    service_name: r.str(sc.ATTR_SERVICE_NAME),
    release: r.str(sc.ATTR_SERVICE_VERSION),
    environment: r.str(sc.ATTR_DEPLOYMENT_ENVIRONMENT_NAME, sc.ATTR_DEPLOYMENT_ENVIRONMENT),
    sdk_name: distro || r.str(sc.ATTR_TELEMETRY_SDK_NAME),
    sdk_version: distro ? r.str(sc.ATTR_TELEMETRY_DISTRO_VERSION) : r.str(sc.ATTR_TELEMETRY_SDK_VERSION),
    url,
    route: routeOf(url),
    browser_name: r.str('browser.name', sc.ATTR_USER_AGENT_NAME) || brandName,
    browser_version: r.str('browser.version', sc.ATTR_USER_AGENT_VERSION) || brandVersion,
    os_name: r.str(sc.ATTR_OS_NAME, sc.ATTR_USER_AGENT_OS_NAME) || platform,
    os_version: r.str(sc.ATTR_OS_VERSION, sc.ATTR_USER_AGENT_OS_VERSION),
    device_type: deviceType(r),
    is_bot: 0,
    country: r.str(sc.ATTR_GEO_COUNTRY_ISO_CODE),
    region: r.str(sc.ATTR_GEO_REGION_ISO_CODE),
    user_agent: r.t.cap(r.str(sc.ATTR_USER_AGENT_ORIGINAL, sc.ATTR_HTTP_USER_AGENT), LIMITS.attributeValue),
    // What was sent, when the time was moved into the window; finish() keeps these.
    attributes: time.adjusted
      ? { [ORIGINAL_TIMESTAMP_ATTRIBUTE]: String(meta.timeNs), [TIMESTAMP_ADJUSTED_ATTRIBUTE]: time.adjusted }
      : {},
    truncated: 0,
  };
  if (distro) r.consume(sc.ATTR_TELEMETRY_SDK_NAME, sc.ATTR_TELEMETRY_SDK_VERSION);
  r.consume('telemetry.sdk.language'); // always webjs here
  if (!row.route) row.route = routeOf(r.str(sc.ATTR_URL_PATH));
  return row;
}

/**
 * Fills `attributes` with everything not mapped (keeping the timestamp adjustment that
 * commonColumns recorded) and sets `truncated`; call last.
 */
export function finish<T extends CommonRow>(row: T, r: Reader): T {
  const adjusted = row.attributes;
  row.attributes = r.t.map(r.rest());
  for (const key in adjusted) row.attributes[key] = adjusted[key];
  row.truncated = Math.min(r.t.count, 65535);
  return row;
}

/** Layers for a record: its own attributes first, then the resource's. */
export function layers(...sets: (Attributes | undefined)[]): Attributes[] {
  return sets.filter((s): s is Attributes => s !== undefined);
}

/** A record that looked like a RUM signal but could not be mapped. */
export interface Rejection {
  reject: string;
}

export function rejection(reason: string): Rejection {
  return { reject: reason };
}

export function isRejection(x: unknown): x is Rejection {
  return typeof x === 'object' && x !== null && 'reject' in x;
}
