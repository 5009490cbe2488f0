/**
 * Third-party span shapes rewritten, before mapping, into the conventions the mappers already read
 * (docs/conventions.md), so each signal keeps one mapper:
 * - OTel instrumentation-user-interaction (stock, and inside Honeycomb's and Splunk's SDKs) makes
 *   one span per event listener, each the child of the previous one: the chain is one click. When
 *   the app called history.pushState in a listener, the instrumentation renames that span
 *   `Navigation: <path>` (Splunk instead adds a `routeChange` child): the chain is then a
 *   same-document page view (`browser.navigation`), not a click.
 * - Splunk RUM (`@splunk/otel-web`, OTLP mode): its own attribute names (splunk.rumSessionId,
 *   location.href, app, app.version, user.anonymous_id, document.referrer), its `webvitals` span
 *   (one `lcp`/`cls`/`inp`… attribute each) and its error spans (named after their source, with
 *   error.object/message/stack).
 * Spans are copied, never mutated: the decoded request may be kept for the raw archive.
 */
import type { AttrValue, Attributes, DecodedResource, DecodedSpan } from '../types';
import { isUserInteractionSpan } from './custom-events';
import * as sc from './semconv';
import { asString } from './values';
import { VITAL_NAMES } from './web-vitals';

const NAVIGATION_PREFIX = 'Navigation: ';
export const SPLUNK_SDK_NAME = '@splunk/otel-web';
const SPLUNK_ROUTE_CHANGE = 'routeChange';
/** Longest listener chain followed: a DOM event rarely has more than a handful of listeners. */
const MAX_CHAIN = 64;

/** Splunk's attribute names and the ones the mappers read. */
const SPLUNK_RENAMES: Record<string, string> = {
  'splunk.rumSessionId': sc.ATTR_SESSION_ID,
  'location.href': sc.ATTR_BROWSER_DOCUMENT_URL_FULL,
  'app.version': sc.ATTR_SERVICE_VERSION,
  'user.anonymous_id': sc.ATTR_ENDUSER_PSEUDO_ID,
  'document.referrer': sc.PT.pageReferrer,
};

/**
 * Splunk error spans by name: whether the app handled the error, and the mechanism. onerror and
 * unhandledrejection come from the global handlers; eventListener.error is a resource that failed
 * to load; console.error and SplunkRum.reportError are the app reporting an error it caught.
 */
const SPLUNK_ERRORS: Record<string, { handled: boolean; mechanism: string }> = {
  onerror: { handled: false, mechanism: 'onerror' },
  unhandledrejection: { handled: false, mechanism: 'onunhandledrejection' },
  'eventListener.error': { handled: false, mechanism: 'eventListener.error' },
  'console.error': { handled: true, mechanism: 'console.error' },
  'SplunkRum.reportError': { handled: true, mechanism: 'manual' },
};

/** Keys that describe the page the interaction started on: the route change's previous page. */
const PREVIOUS_PAGE_KEYS = [sc.ATTR_URL_FULL, sc.ATTR_HTTP_URL, sc.HONEYCOMB_PAGE_URL];
const STALE_PAGE_KEYS = [...PREVIOUS_PAGE_KEYS, 'page.route', 'page.search', 'page.hash', sc.ATTR_URL_PATH];

export interface NormalizedResource {
  resource: DecodedResource;
  /** Listener spans folded into their chain's click or route change: no row of their own. */
  merged: ReadonlySet<DecodedSpan>;
}

const NOTHING_MERGED: ReadonlySet<DecodedSpan> = new Set();

const idOf = (traceId: string, spanId: string) => `${traceId}/${spanId}`;

export function isNavigationSpan(s: DecodedSpan): boolean {
  return s.name.startsWith(NAVIGATION_PREFIX) && isUserInteractionSpan(s);
}

/**
 * `Navigation: <path>` holds location pathname + hash + search, in that order: put the query
 * back before the fragment and resolve it against the page the click happened on.
 */
export function navigationUrl(spanName: string, previousUrl: string): string {
  let path = spanName.slice(NAVIGATION_PREFIX.length).trim();
  const misordered = /^([^#?]*)(#[^?]*)(\?.*)$/.exec(path);
  if (misordered) path = misordered[1] + misordered[3] + misordered[2];
  try {
    return new URL(path, previousUrl || undefined).href;
  } catch {
    return path;
  }
}

/** Which user-interaction spans are folded away: every chain member but the one row it makes. */
function planInteractions(spans: DecodedSpan[], isSplunk: boolean): Set<DecodedSpan> {
  const ui = new Map<string, DecodedSpan>();
  for (const s of spans) if (isUserInteractionSpan(s)) ui.set(idOf(s.traceId, s.spanId), s);
  if (ui.size === 0) return new Set();
  const merged = new Set<DecodedSpan>();
  // The previous listener's span of the same DOM event. An event a listener dispatches itself
  // (another element, another type) has the listener's span as parent too, but is its own event.
  const previousListener = (s: DecodedSpan): DecodedSpan | undefined => {
    const parent = ui.get(idOf(s.traceId, s.parentSpanId));
    const a = s.attributes;
    return parent &&
      parent.attributes.event_type === a.event_type &&
      parent.attributes.target_xpath === a.target_xpath
      ? parent
      : undefined;
  };
  const chainOf = (s: DecodedSpan): DecodedSpan[] => {
    const chain = [s];
    let parent = previousListener(s);
    while (parent && chain.length < MAX_CHAIN) {
      chain.push(parent);
      parent = previousListener(parent);
    }
    return chain;
  };
  for (const s of ui.values()) {
    if (isNavigationSpan(s)) {
      // The navigation is the row: the listeners that ran before it are the same click.
      for (const member of chainOf(s).slice(1)) merged.add(member);
    } else if (previousListener(s)) {
      merged.add(s); // a later listener of the same event: the chain's root is the click
    }
  }
  if (isSplunk) {
    for (const s of spans) {
      if (s.name !== SPLUNK_ROUTE_CHANGE) continue;
      const clicked = ui.get(idOf(s.traceId, s.parentSpanId));
      if (clicked) for (const member of chainOf(clicked)) merged.add(member);
    }
  }
  return merged;
}

function without(attributes: Attributes, keys: readonly string[]): Attributes {
  const out = { ...attributes };
  for (const k of keys) delete out[k];
  return out;
}

/** A user-interaction `Navigation: <path>` span as a same-document `browser.navigation`. */
function navigationFromInteraction(s: DecodedSpan): DecodedSpan {
  const a = s.attributes;
  let previous = '';
  for (const k of PREVIOUS_PAGE_KEYS) previous ||= asString(a[k]);
  return {
    ...s,
    name: sc.EVENT_NAVIGATION,
    attributes: {
      ...without(a, STALE_PAGE_KEYS),
      [sc.ATTR_BROWSER_DOCUMENT_URL_FULL]: navigationUrl(s.name, previous),
      [sc.NAV.sameDocument]: true,
      [sc.PT.pageReferrer]: previous,
    },
  };
}

function renameSplunkAttributes(a: Attributes): Attributes {
  const out: Attributes = {};
  for (const k in a) {
    const target = SPLUNK_RENAMES[k];
    if (target && a[target] === undefined) out[target] = a[k];
    else if (!target) out[k] = a[k];
  }
  // `environment` repeats deployment.environment on every span.
  if (out.environment === out[sc.ATTR_DEPLOYMENT_ENVIRONMENT]) delete out.environment;
  return out;
}

const SPLUNK_VITAL_KEYS = [...VITAL_NAMES.map((n) => n.toLowerCase()), 'fid'];

/** Splunk span, attributes already renamed, in the shape the mappers read; one vital per span. */
function splunkSpan(s: DecodedSpan): DecodedSpan[] {
  const a = s.attributes;
  const error = SPLUNK_ERRORS[s.name];
  if (error && a.component === 'error') {
    const { 'error.object': type, 'error.message': message, 'error.stack': stack, ...rest } = a;
    delete rest.error;
    delete rest.component;
    const exception: Attributes = {
      ...rest,
      [sc.PT.handled]: error.handled,
      [sc.PT.mechanism]: error.mechanism,
    };
    const set = (k: string, v: AttrValue | undefined) => v !== undefined && v !== '' && (exception[k] = v);
    set(sc.ATTR_EXCEPTION_TYPE, type);
    set(sc.ATTR_EXCEPTION_MESSAGE, message);
    set(sc.ATTR_EXCEPTION_STACKTRACE, stack);
    return [{ ...s, name: sc.EVENT_EXCEPTION, attributes: exception }];
  }
  if (s.name === 'webvitals') {
    const present = SPLUNK_VITAL_KEYS.filter((k) => a[k] !== undefined);
    if (present.length === 0) return [s];
    const common = without(a, present);
    return present.map((k) => ({
      ...s,
      name: k.toUpperCase(),
      attributes: { ...common, [`${k}.value`]: a[k] },
    }));
  }
  if (s.name === SPLUNK_ROUTE_CHANGE) {
    const { 'prev.href': previous, ...rest } = a;
    return [
      {
        ...s,
        name: sc.EVENT_NAVIGATION,
        attributes: { ...rest, [sc.NAV.sameDocument]: true, [sc.PT.pageReferrer]: previous ?? '' },
      },
    ];
  }
  return [s];
}

function hasUserInteraction(resource: DecodedResource): boolean {
  for (const scope of resource.scopes) for (const s of scope.spans) if (isUserInteractionSpan(s)) return true;
  return false;
}

/** Rewrites the shapes above; returns the resource itself when it has none of them. */
export function normalizeThirdPartySpans(resource: DecodedResource): NormalizedResource {
  const isSplunk = resource.attributes[sc.ATTR_TELEMETRY_SDK_NAME] === SPLUNK_SDK_NAME;
  // The common case (no user-interaction spans, not Splunk) costs one attribute lookup per span.
  if (!isSplunk && !hasUserInteraction(resource)) return { resource, merged: NOTHING_MERGED };
  const spans = resource.scopes.flatMap((scope) => scope.spans);
  const merged = planInteractions(spans, isSplunk);
  if (!isSplunk && !spans.some(isNavigationSpan)) {
    return { resource, merged: merged.size ? merged : NOTHING_MERGED };
  }
  const renamed = new Map<DecodedSpan, DecodedSpan>(); // the merged set refers to the originals
  const scopes = resource.scopes.map((scope) => ({
    ...scope,
    spans: scope.spans.flatMap((original) => {
      let s = original;
      if (isSplunk) s = { ...s, attributes: renameSplunkAttributes(s.attributes) };
      if (isNavigationSpan(s)) return [navigationFromInteraction(s)];
      const out = isSplunk ? splunkSpan(s) : [s];
      if (merged.has(original)) renamed.set(original, out[0]);
      return out;
    }),
  }));
  let attributes = resource.attributes;
  if (isSplunk && attributes[sc.ATTR_SERVICE_NAME] === undefined && attributes.app !== undefined) {
    const { app, ...rest } = attributes;
    attributes = { ...rest, [sc.ATTR_SERVICE_NAME]: app };
  }
  const mergedOut = new Set<DecodedSpan>();
  for (const s of merged) mergedOut.add(renamed.get(s) ?? s);
  return { resource: { attributes, scopes }, merged: mergedOut };
}
