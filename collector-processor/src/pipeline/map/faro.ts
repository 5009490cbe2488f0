/**
 * Grafana Faro specifics shared by its OTLP transport and its native one (faro/decode.ts gives
 * native items the OTLP transport's record shapes): route-change events as soft page views, and
 * whether an exception was handled.
 */
import type { ErrorRow, PageViewRow } from '../../store/rows';
import type { Attributes } from '../types';
import type { MapContext, RecordMeta, Rejection } from './common';
import { errorFromAttributes, type ExceptionSource } from './errors';
import { pageViewFromNavigation } from './page-views';
import * as sc from './semconv';
import { asNumber, asString, isMap } from './values';

export const FARO_SCOPE = '@grafana/faro-web-sdk';

/**
 * Faro's own route-change events: `view_changed` (ViewInstrumentation, on `setView`),
 * `faro.navigation` (NavigationInstrumentation: an interaction changed the URL and the DOM) and
 * `route_change` (faro-react's router integration). Each is a same-document navigation.
 */
const ROUTE_EVENTS = new Set(['view_changed', 'faro.navigation', 'route_change']);

/** A Faro route change: one of its event names, with the `event.domain` every Faro event carries. */
export function isFaroRouteChange(name: string, a: Attributes): boolean {
  return ROUTE_EVENTS.has(name) && a[sc.FARO_EVENT_DOMAIN] !== undefined;
}

/** Faro route page views of this process's requests, with their event time in ms. */
const ROUTE_ROWS = new WeakMap<PageViewRow, number>();

/** Route changes of one session to one URL closer than this are one route change. */
const ROUTE_REPEAT_MS = 2_000;

/**
 * A soft page view for a Faro route change: the URL is the event's `toUrl` when it has one
 * (faro.navigation, route_change), else the page URL Faro's meta had when the view changed; the
 * referrer is its `fromUrl` (view_changed has none). Undefined for faro-react's `route_change` on
 * the first render (no `fromUrl`/`fromRoute`): that is the load, already a hard page view.
 */
export function pageViewFromFaroRoute(
  name: string,
  a: Attributes,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): PageViewRow | undefined {
  const raw = a[sc.FARO_EVENT_ATTRIBUTES];
  const ea = isMap(raw) ? raw : {};
  const from = asString(ea.fromUrl);
  if (name === 'route_change' && !from && !asString(ea.fromRoute)) return undefined;
  const { [sc.ATTR_EVENT_NAME]: _name, [sc.FARO_EVENT_DOMAIN]: _domain, ...rest } = a;
  const url = asString(ea.toUrl) || asString(a[sc.ATTR_URL_FULL]);
  const attrs: Attributes = { ...rest, [sc.ATTR_URL_FULL]: url, [sc.NAV.sameDocument]: true };
  if (from) attrs[sc.PT.pageReferrer] = from;
  const row = pageViewFromNavigation(attrs, resource, meta, ctx, asNumber(ea.duration) ?? 0);
  ROUTE_ROWS.set(row, Number(meta.timeNs / 1_000_000n));
  return row;
}

/**
 * One route change can reach Faro's events twice: NavigationInstrumentation's `faro.navigation`
 * (on by default) and the app's `setView` (`view_changed`) or faro-react's `route_change`. Within
 * one request, a later Faro route page view of the same session and URL less than 2 s after
 * another is folded into it (removed; its record counts as merged, like `documentFetch`).
 */
export function foldRepeatedFaroRoutes(pageViews: PageViewRow[]): void {
  const kept: Array<{ row: PageViewRow; at: number }> = [];
  for (let i = 0; i < pageViews.length; i++) {
    const row = pageViews[i];
    const at = ROUTE_ROWS.get(row);
    if (at === undefined) continue;
    const repeat = kept.some(
      (k) =>
        k.row.session_id === row.session_id && k.row.url === row.url && Math.abs(k.at - at) < ROUTE_REPEAT_MS,
    );
    if (repeat) pageViews.splice(i--, 1);
    else kept.push({ row, at });
  }
}

/**
 * Faro's payload has no handled flag: its errors instrumentation calls the same `pushError` an
 * app calls (faro-web-sdk instrumentations/errors/registerOnerror.ts, registerOnunhandledrejection.ts),
 * with the thrown Error's own type, message and frames. What only that instrumentation produces:
 * rejections with a non-Error value (type `UnhandledRejection`), and a thrown or rejected
 * non-Error object ("Non-Error exception captured with keys: …"). Those are unhandled;
 * `console.error` captures (ConsoleInstrumentation's prefix) are handled with mechanism
 * `console`; anything else stays handled, mechanism `faro` (see docs/conventions.md).
 */
export function faroErrorSource(a: Attributes): ExceptionSource {
  const type = asString(a[sc.ATTR_EXCEPTION_TYPE]);
  const message = asString(a[sc.ATTR_EXCEPTION_MESSAGE]);
  if (type === 'UnhandledRejection' || message.startsWith('Non-Error promise rejection captured with value:'))
    return { handled: false, mechanism: 'onunhandledrejection' };
  if (message.startsWith('Non-Error exception captured with keys:'))
    return { handled: false, mechanism: 'onerror' };
  if (message.startsWith('console.error: ')) return { handled: true, mechanism: 'console' };
  return { handled: true, mechanism: 'faro' };
}

export function errorFromFaro(
  a: Attributes,
  resource: Attributes,
  meta: RecordMeta,
  ctx: MapContext,
): ErrorRow | Rejection {
  return errorFromAttributes([a, resource], meta, ctx, faroErrorSource(a));
}
