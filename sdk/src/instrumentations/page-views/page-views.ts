/**
 * Page views (docs/conventions.md, "Page load" and "Route change"):
 * - the hard load: one `browser.navigation` span from navigation start to loadEventEnd with the
 *   navigation timing in ms since navigation start;
 * - every SPA route change (history.pushState/replaceState, popstate, hashchange): a new page view
 *   id, then a zero-length `browser.navigation` span with `same_document=true`.
 *
 * Page view ids: the client creates the first one at init, so the hard load never calls
 * ctx.newPageView(); it is for route changes only, and is called before the route's span starts
 * (the client stamps the current page view id on a span when it starts).
 */
import type { Span } from '@opentelemetry/api';
import { ATTR_URL_FULL } from '@opentelemetry/semantic-conventions';
import type { Instrumentation } from '../../core/context';
import { guard } from '../../core/debug-logger';
import type { Attributes } from '../../types';

export const NAVIGATION = 'browser.navigation';
export const ATTR_SAME_DOCUMENT = 'browser.navigation.same_document';
export const ATTR_NAVIGATION_TYPE = 'browser.navigation.type';
export const ATTR_TIMING_TYPE = 'browser.navigation_timing.type';
export const ATTR_PAGE_TITLE = 'pulsetrace.page.title';
export const ATTR_PAGE_REFERRER = 'pulsetrace.page.referrer';

/**
 * Routers set document.title after they push the URL (on render, in an effect), so a route's
 * span is started at once (it must carry the new page view id) but ended, with the title read
 * then, this much later, or earlier when the page is hidden or the route changes again.
 */
export const TITLE_SETTLE_MS = 500;

export type NavTiming = Pick<
  PerformanceNavigationTiming,
  | 'type'
  | 'fetchStart'
  | 'domainLookupStart'
  | 'domainLookupEnd'
  | 'connectStart'
  | 'secureConnectionStart'
  | 'connectEnd'
  | 'requestStart'
  | 'responseStart'
  | 'responseEnd'
  | 'domInteractive'
  | 'domContentLoadedEventEnd'
  | 'domComplete'
  | 'loadEventEnd'
>;

/** Connection and request phases: 0 is a real value here (secureConnectionStart 0 = no TLS). */
const NETWORK_TIMINGS: Array<[string, keyof NavTiming]> = [
  ['browser.resource_timing.fetch_start', 'fetchStart'],
  ['browser.resource_timing.domain_lookup_start', 'domainLookupStart'],
  ['browser.resource_timing.domain_lookup_end', 'domainLookupEnd'],
  ['browser.resource_timing.connect_start', 'connectStart'],
  ['browser.resource_timing.secure_connection_start', 'secureConnectionStart'],
  ['browser.resource_timing.connect_end', 'connectEnd'],
  ['browser.resource_timing.request_start', 'requestStart'],
  ['browser.resource_timing.response_start', 'responseStart'],
  ['browser.resource_timing.response_end', 'responseEnd'],
];

/**
 * Document milestones: 0 means "not reached yet" (a page hidden before load), so it is left out;
 * without load_event_end the processor takes the page view's duration from the span instead.
 */
const DOCUMENT_TIMINGS: Array<[string, keyof NavTiming]> = [
  ['browser.navigation_timing.dom_interactive', 'domInteractive'],
  ['browser.navigation_timing.dom_content_loaded_event_end', 'domContentLoadedEventEnd'],
  ['browser.navigation_timing.dom_complete', 'domComplete'],
  ['browser.navigation_timing.load_event_end', 'loadEventEnd'],
];

/** ms to µs precision: what the processor keeps, and far fewer bytes than 141.39999999990687. */
const round = (v: number) => Math.round(v * 1000) / 1000;

/** Navigation timing attributes, in ms since navigation start (PerformanceNavigationTiming is). */
export function timingAttributes(t: Partial<NavTiming>): Attributes {
  const a: Attributes = { [ATTR_TIMING_TYPE]: t.type };
  for (const [key, field] of NETWORK_TIMINGS) {
    const v = t[field];
    if (typeof v === 'number' && v >= 0) a[key] = round(v);
  }
  for (const [key, field] of DOCUMENT_TIMINGS) {
    const v = t[field];
    if (typeof v === 'number' && v > 0) a[key] = round(v);
  }
  return a;
}

/** Start attributes of a hard load or a route change (URLs already scrubbed). */
export function navigationAttributes(p: {
  url: string;
  sameDocument: boolean;
  type?: string;
  title?: string;
  referrer?: string;
}): Attributes {
  return {
    [ATTR_URL_FULL]: p.url,
    [ATTR_SAME_DOCUMENT]: p.sameDocument,
    [ATTR_NAVIGATION_TYPE]: p.type,
    [ATTR_PAGE_TITLE]: p.title || undefined,
    [ATTR_PAGE_REFERRER]: p.referrer || undefined,
  };
}

/** Only a different path, query or fragment is a new route ('/a#' and '/a' are the same). */
export function routeChanged(from: string, to: string): boolean {
  try {
    const a = new URL(from);
    const b = new URL(to);
    return a.pathname !== b.pathname || a.search !== b.search || a.hash !== b.hash;
  } catch {
    return from !== to;
  }
}

/**
 * push | replace | traverse for a popstate or hashchange. Browsers fire popstate for fragment
 * navigations too, so the Navigation API's `navigate` event (when there is one) says what really
 * happened; without it popstate is taken as back/forward and a lone hashchange as a push.
 */
export function eventNavigationType(event: 'popstate' | 'hashchange', hint?: string): string {
  if (hint === 'push' || hint === 'replace' || hint === 'traverse') return hint;
  return event === 'popstate' ? 'traverse' : 'push';
}

/** Epoch end of the hard load: loadEventEnd once set, else now (page hidden before load). */
export function loadEndTime(timeOrigin: number, t: Partial<NavTiming> | undefined, now: number): number {
  return t?.loadEventEnd ? timeOrigin + t.loadEventEnd : now;
}

const navEntry = (): PerformanceNavigationTiming | undefined =>
  performance.getEntriesByType?.('navigation')[0] as PerformanceNavigationTiming | undefined;

export const pageViews: Instrumentation = (ctx) => {
  const scrub = (url: string) => (url ? ctx.scrubUrl(url) : undefined);
  const origin = performance.timeOrigin;
  const initialUrl = location.href;
  let current = initialUrl;
  let stopped = false;
  let hint: string | undefined;
  let loadTimer: ReturnType<typeof setTimeout> | undefined;
  let settleTimer: ReturnType<typeof setTimeout> | undefined;
  /** Ends the current route's span; set while it waits for its title. */
  let settle: (() => void) | undefined;

  const listen = (target: EventTarget, type: string, fn: (e: Event) => void, capture = false) => {
    const h = (e: Event) => void guard(ctx.debug, `page views ${type}`, () => fn(e));
    target.addEventListener(type, h, { capture });
    ctx.onShutdown(() => target.removeEventListener(type, h, { capture }));
  };

  // Hard load. Started now, not at load, so it carries the first page view id even when the
  // router replaces the URL (a new page view) before the load event.
  let load: Span | undefined = ctx.startSpan(
    NAVIGATION,
    navigationAttributes({
      url: ctx.scrubUrl(initialUrl),
      sameDocument: false,
      type: navEntry()?.type,
      title: document.title,
      referrer: scrub(document.referrer),
    }),
    { startTimeMs: origin },
  );
  const endLoad = () => {
    if (!load) return;
    const span = load;
    load = undefined;
    const t = navEntry();
    if (t) span.setAttributes(timingAttributes(t));
    // The title may have been set after init; a route change already took it (see change()).
    if (current === initialUrl && document.title) span.setAttribute(ATTR_PAGE_TITLE, document.title);
    // The user identified while the page loaded is this page view's user: the loader replays a
    // queued identify() just after init() has started this span, and apps identify right after
    // init() too (the other common attributes were stamped at start).
    const user = ctx.user();
    if (user) span.setAttributes(user);
    span.end(loadEndTime(origin, t, Date.now()));
  };
  // A tick after `load`, so that loadEventEnd is set.
  const onLoad = () => (loadTimer = setTimeout(() => guard(ctx.debug, 'page load', endLoad)));
  if (document.readyState === 'complete') onLoad();
  else listen(window, 'load', onLoad);

  const change = (type: string) => {
    const to = location.href;
    hint = undefined;
    if (stopped || !routeChanged(current, to)) return;
    const from = current;
    current = to;
    load?.setAttributes({ [ATTR_PAGE_TITLE]: document.title || undefined });
    settle?.();
    ctx.newPageView();
    const now = Date.now();
    const span = ctx.startSpan(
      NAVIGATION,
      navigationAttributes({ url: ctx.scrubUrl(to), sameDocument: true, type, referrer: scrub(from) }),
      { startTimeMs: now },
    );
    settle = () => {
      clearTimeout(settleTimer);
      settle = undefined;
      span.setAttributes({ [ATTR_PAGE_TITLE]: document.title || undefined });
      span.end(now);
    };
    settleTimer = setTimeout(() => guard(ctx.debug, 'route title', () => settle?.()), TITLE_SETTLE_MS);
    if (ctx.config.breadcrumbs.navigations) {
      ctx.addBreadcrumb({
        category: 'navigation',
        timestamp: now,
        data: { from: ctx.scrubUrl(from), to: ctx.scrubUrl(to) },
      });
    }
  };

  // history.pushState/replaceState fire no event: wrap them. The original always runs first and
  // its result or exception is the caller's; our part runs after and can never throw.
  const patch = (name: 'pushState' | 'replaceState', type: string) => {
    const original = history[name];
    const wrapped = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      if (!stopped) guard(ctx.debug, `history.${name}`, () => change(type));
      return result;
    };
    history[name] = wrapped;
    // Someone may have wrapped ours since: then leave theirs in place (ours is inert once stopped).
    ctx.onShutdown(() => {
      if (history[name] === wrapped) history[name] = original;
    });
  };
  patch('pushState', 'push');
  patch('replaceState', 'replace');
  listen(window, 'popstate', () => change(eventNavigationType('popstate', hint)));
  listen(window, 'hashchange', () => change(eventNavigationType('hashchange', hint)));
  const navigation = (window as { navigation?: EventTarget }).navigation;
  if (navigation?.addEventListener) {
    listen(navigation, 'navigate', (e) => (hint = (e as Event & { navigationType?: string }).navigationType));
  }

  // Capture listeners registered before the client's flush listener run first, so the pending
  // route span (and a load span on pagehide, for pages left before load) is in that flush.
  listen(window, 'visibilitychange', () => document.visibilityState === 'hidden' && settle?.(), true);
  listen(
    window,
    'pagehide',
    () => {
      settle?.();
      endLoad();
    },
    true,
  );

  ctx.onShutdown(() => {
    stopped = true;
    clearTimeout(loadTimer);
    settle?.();
    endLoad();
  });
};
