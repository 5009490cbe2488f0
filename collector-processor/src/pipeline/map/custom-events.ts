/**
 * Custom events: PulseTrace `pulsetrace.event` (name in pulsetrace.event.name, properties in the
 * body map), the browser SIG's `browser.user_action.click`, OTel user-interaction spans, Faro
 * events (event.attributes) and non-vital Faro measurements, and any other named log event.
 */
import type { CustomEventRow } from '../../store/rows';
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
import { Reader, asString, isMap } from './values';

function build(
  r: Reader,
  meta: RecordMeta,
  ctx: MapContext,
  name: string,
  properties: [string, AttrValue][],
  urlKeys: readonly string[] = PAGE_OR_URL_KEYS,
): CustomEventRow {
  const common = commonColumns(r, meta, ctx, { urlKeys });
  const text = r.t.map(properties);
  return finish(
    Object.assign(common, {
      name: r.t.cap(name, 256),
      properties: text,
      properties_num: numericProperties(properties, text),
    }),
    r,
  );
}

/**
 * The properties sent as numbers, under the keys `text` kept them (the first of a repeated key,
 * within the key cap): summable values (revenue, cart size). Booleans and numeric-looking strings
 * stay text only: a string is what the app chose to send, and a boolean is a dimension to filter
 * or break down by, not a quantity.
 */
function numericProperties(
  properties: [string, AttrValue][],
  text: Record<string, string>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of properties) {
    if (typeof v !== 'number' || !Number.isFinite(v)) continue;
    const key = k.length <= 256 ? k : k.slice(0, 256);
    if (!(key in out) && text[key] === String(v)) out[key] = v;
  }
  return out;
}

function bodyProperties(body: AttrValue): [string, AttrValue][] {
  if (isMap(body)) return Object.entries(body);
  if (body === null || body === '') return [];
  return [['body', body]];
}

/** PulseTrace `pulsetrace.event`. */
export function customFromPulseTrace(
  attrs: Attributes,
  body: AttrValue,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): CustomEventRow | Rejection {
  const r = new Reader([attrs, resource]);
  const name = r.str(sc.PT.eventName);
  if (!name) return rejection('custom_events: pulsetrace.event without pulsetrace.event.name');
  return build(r, meta, ctx, name, bodyProperties(body));
}

/** Attributes of a `browser.user_action.click` event that describe the click. */
const CLICK_KEYS = [
  'browser.tag_name',
  'browser.css_selector',
  'browser.element.attributes',
  'browser.mouse_event.button',
  'browser.page.x',
  'browser.page.y',
];

/**
 * Any other named log event: the event name is the custom event's name, the body (map) its
 * properties; for `browser.user_action.click` the click attributes are the properties.
 */
export function customFromEvent(
  eventName: string,
  attrs: Attributes,
  body: AttrValue,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): CustomEventRow {
  const r = new Reader([attrs, resource]);
  r.consume(sc.ATTR_EVENT_NAME);
  const props = bodyProperties(body);
  if (eventName === sc.EVENT_USER_ACTION_CLICK) {
    for (const k of CLICK_KEYS) {
      const v = r.get(k);
      if (v !== undefined) props.push([k, v]);
    }
  }
  return build(r, meta, ctx, eventName, props);
}

/** Faro event: event.name + event.domain, properties in the event.attributes map. */
export function customFromFaroEvent(
  attrs: Attributes,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): CustomEventRow {
  const r = new Reader([attrs, resource]);
  const name = r.str(sc.ATTR_EVENT_NAME);
  r.consume(sc.FARO_EVENT_DOMAIN);
  const ea = r.get(sc.FARO_EVENT_ATTRIBUTES);
  return build(r, meta, ctx, name, isMap(ea) ? Object.entries(ea) : []);
}

/** Faro measurement other than web-vitals: name = measurement.type, its value as a property. */
export function customFromFaroMeasurement(
  attrs: Attributes,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): CustomEventRow {
  const r = new Reader([attrs, resource]);
  const type = r.str('measurement.type');
  const props: [string, AttrValue][] = [];
  const key = r.str('measurement.name');
  const value = r.get('measurement.value');
  if (key && value !== undefined) props.push([key, value]);
  const context = r.get('faro.measurement.context');
  if (isMap(context)) props.push(...Object.entries(context));
  return build(r, meta, ctx, type, props);
}

/** OTel instrumentation-user-interaction span (`click` with event_type, target_xpath…). */
export function isUserInteractionSpan(s: DecodedSpan): boolean {
  return typeof s.attributes.event_type === 'string' && typeof s.attributes.target_element === 'string';
}

export function customFromUserInteractionSpan(
  span: DecodedSpan,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): CustomEventRow {
  const r = new Reader([span.attributes, resource]);
  const type = r.str('event_type');
  const props: [string, AttrValue][] = [];
  for (const k of ['target_element', 'target_xpath']) {
    const v = r.get(k);
    if (v !== undefined) props.push([k, v]);
  }
  // The page the event happened on: url.full in instrumentation-user-interaction 0.67, http.url in 0.64.
  return build(r, meta, ctx, `browser.user_action.${asString(type) || span.name}`, props, [
    sc.ATTR_BROWSER_DOCUMENT_URL_FULL,
    sc.HONEYCOMB_PAGE_URL,
    sc.ATTR_URL_FULL,
    sc.ATTR_HTTP_URL,
  ]);
}
