/**
 * Web vitals from: `browser.web_vital` log events in the semconv attribute form
 * (browser.web_vital.*) or the older body form ({name, value, delta, id, rating, navigationType});
 * Honeycomb's vital spans (`LCP` with lcp.value, lcp.rating, …); Faro `web-vitals` measurements.
 */
import type { WebVitalRow } from '../../store/rows';
import type { AttrValue, Attributes, DecodedSpan } from '../types';
import {
  PAGE_OR_URL_KEYS,
  commonColumns,
  finish,
  rejection,
  type MapContext,
  type RecordMeta,
  type Rejection,
} from './common';
import * as sc from './semconv';
import { LIMITS, Reader, Truncation, asNumber, asString, isMap, parseJson, faroId } from './values';

export const VITAL_NAMES = ['LCP', 'CLS', 'INP', 'FCP', 'TTFB'] as const;
type VitalName = (typeof VITAL_NAMES)[number];

/** web-vitals' thresholds (good ≤ first, poor > second), used when a sender omits the rating. */
const THRESHOLDS: Record<VitalName, [number, number]> = {
  LCP: [2500, 4000],
  CLS: [0.1, 0.25],
  INP: [200, 500],
  FCP: [1800, 3000],
  TTFB: [800, 1800],
};

/** Vitals that are known but not stored (deprecated): ignored, not rejected. */
const RETIRED = new Set(['FID']);

export function normalizeVitalName(name: string): VitalName | undefined {
  const upper = name.trim().toUpperCase();
  return (VITAL_NAMES as readonly string[]).includes(upper) ? (upper as VitalName) : undefined;
}

/** good | needs-improvement | poor, whatever the sender's spelling; '' when unknown. */
export function normalizeRating(rating: string, name?: VitalName, value?: number): string {
  const r = rating
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
  if (r === 'good') return 'good';
  if (r === 'needs-improvement' || r === 'needsimprovement' || r === 'ni' || r === 'average')
    return 'needs-improvement';
  if (r === 'poor' || r === 'bad') return 'poor';
  if (name && value !== undefined) {
    const [good, poor] = THRESHOLDS[name];
    return value <= good ? 'good' : value <= poor ? 'needs-improvement' : 'poor';
  }
  return '';
}

/**
 * web-vitals' navigationType spelling (navigate, back-forward, soft-navigation…) whatever the
 * sender's: Navigation Timing and older SDKs say back_forward, some upper-case it.
 */
export function normalizeNavigationType(type: string): string {
  return type
    .trim()
    .toLowerCase()
    .replace(/[\s_]+/g, '-');
}

interface VitalFields {
  name: string;
  value: AttrValue | undefined;
  delta: AttrValue | undefined;
  rating: string;
  navigationType: string;
  id: string;
  attribution: Iterable<[string, AttrValue]>;
  url?: string;
}

function build(
  r: Reader,
  meta: RecordMeta,
  ctx: MapContext,
  f: VitalFields,
): WebVitalRow | Rejection | undefined {
  const name = normalizeVitalName(f.name);
  if (!name) {
    if (RETIRED.has(f.name.trim().toUpperCase())) return undefined;
    return rejection(
      f.name ? `web_vitals: unknown metric name "${f.name.slice(0, 40)}"` : 'web_vitals: missing metric name',
    );
  }
  const value = asNumber(f.value ?? undefined);
  if (value === undefined || value < 0) return rejection(`web_vitals: ${name} without a numeric value`);
  const delta = asNumber(f.delta ?? undefined) ?? value;
  const common = commonColumns(r, meta, ctx, { url: f.url, urlKeys: PAGE_OR_URL_KEYS });
  const attribution = attributionMap(f.attribution, r.t);
  return finish(
    Object.assign(common, {
      name,
      value,
      delta,
      rating: normalizeRating(f.rating, name, value),
      navigation_type: normalizeNavigationType(f.navigationType),
      metric_id: f.id,
      attribution,
    }),
    r,
  );
}

/** Flattens web-vitals attribution one level: scalars as strings, objects as (capped) JSON. */
function attributionMap(entries: Iterable<[string, AttrValue]>, t: Truncation): Record<string, string> {
  return t.map(entries);
}

/** A `browser.web_vital` log event, attribute form or body form. */
export function vitalFromEvent(
  attrs: Attributes,
  body: AttrValue,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): WebVitalRow | Rejection | undefined {
  const r = new Reader([attrs, resource]);
  r.consume(sc.ATTR_EVENT_NAME, sc.FARO_EVENT_DOMAIN);
  // The browser SIG puts the raw web-vitals attribution in the body as a JSON string; PulseTrace
  // as a map. In the older body form the body is the metric itself.
  const parsedBody = typeof body === 'string' ? parseJson(body) : body;
  const bodyMap = isMap(parsedBody) ? parsedBody : {};
  if (r.get(sc.ATTR_BROWSER_WEB_VITAL_NAME) !== undefined) {
    return build(r, meta, ctx, {
      name: r.str(sc.ATTR_BROWSER_WEB_VITAL_NAME),
      value: r.get(sc.ATTR_BROWSER_WEB_VITAL_VALUE),
      delta: r.get(sc.ATTR_BROWSER_WEB_VITAL_DELTA),
      rating: r.str(sc.ATTR_BROWSER_WEB_VITAL_RATING),
      navigationType: r.str(sc.ATTR_BROWSER_WEB_VITAL_NAVIGATION_TYPE),
      id: r.str(sc.ATTR_BROWSER_WEB_VITAL_ID),
      attribution: Object.entries(bodyMap),
    });
  }
  const { name, value, delta, rating, navigationType, navigation_type, id, attribution, ...rest } = bodyMap;
  return build(r, meta, ctx, {
    name: asString(name),
    value,
    delta,
    rating: asString(rating),
    navigationType: asString(navigationType ?? navigation_type),
    id: asString(id),
    attribution: isMap(attribution) ? Object.entries(attribution) : Object.entries(rest),
  });
}

const CORE_SUFFIXES = new Set(['value', 'delta', 'rating', 'id', 'navigation_type', 'name']);

/** Whether a span is a Honeycomb web-vital span: named like a vital, with `<vital>.value`. */
export function isVitalSpan(s: DecodedSpan): boolean {
  const name = s.name.toUpperCase();
  return (VITAL_NAMES as readonly string[]).includes(name) && `${name.toLowerCase()}.value` in s.attributes;
}

/** Honeycomb: span `LCP` with lcp.value/delta/rating/id/navigation_type, the rest is attribution. */
export function vitalFromSpan(
  span: DecodedSpan,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): WebVitalRow | Rejection | undefined {
  const prefix = `${span.name.toLowerCase()}.`;
  const r = new Reader([span.attributes, resource]);
  const attribution: [string, AttrValue][] = [];
  for (const [k, v] of Object.entries(span.attributes)) {
    if (!k.startsWith(prefix)) continue;
    r.consume(k);
    const key = k.slice(prefix.length);
    if (!CORE_SUFFIXES.has(key) && key !== 'navigation_url') attribution.push([key, v]);
  }
  const a = span.attributes;
  return build(r, meta, ctx, {
    name: span.name,
    value: a[`${prefix}value`],
    delta: a[`${prefix}delta`],
    rating: asString(a[`${prefix}rating`]),
    navigationType: asString(a[`${prefix}navigation_type`]),
    id: asString(a[`${prefix}id`]),
    attribution,
    // The vital belongs to the navigation it measures, not to the route shown when it was sent.
    url: asString(a[`${prefix}navigation_url`]).slice(0, LIMITS.url) || undefined,
  });
}

/** Faro measurement of type `web-vitals`: measurement.name/value + faro.measurement.context. */
export function vitalFromFaroMeasurement(
  attrs: Attributes,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): WebVitalRow | Rejection | undefined {
  const r = new Reader([attrs, resource]);
  r.consume('measurement.type');
  const context = r.get('faro.measurement.context');
  const { id, rating, navigation_type, navigation_entry_id, ...attribution } = isMap(context) ? context : {};
  const row = build(r, meta, ctx, {
    name: r.str('measurement.name'),
    value: r.get('measurement.value'),
    // The OTLP transport keeps only the first of Faro's measurement values, so delta is lost:
    // Faro reports each vital once, where delta equals value.
    delta: undefined,
    rating: asString(rating),
    navigationType: asString(navigation_type),
    id: asString(id),
    attribution: Object.entries(attribution),
  });
  if (row && !('reject' in row) && !row.page_view_id) row.page_view_id = faroId(navigation_entry_id);
  return row;
}
