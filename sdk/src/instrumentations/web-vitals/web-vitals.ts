/**
 * Core Web Vitals (LCP, CLS, INP, FCP, TTFB) from the web-vitals attribution build, each report a
 * `browser.web_vital` record (docs/conventions.md): browser.web_vital.* plus the attribution's
 * scalars as `pulsetrace.body.<key>` (the processor stores every body key as attribution).
 *
 * Reports made when the page is hidden are still exported: web-vitals registers its listeners when
 * onX() is called here, and the client registers its synchronous flush after all instrumentations.
 */
import { onCLS, onFCP, onINP, onLCP, onTTFB, type MetricWithAttribution } from 'web-vitals/attribution';
import { ATTR_PAGE_VIEW_ID } from '../../core/attributes';
import type { Instrumentation } from '../../core/context';
import { guard } from '../../core/debug-logger';
import type { Attributes } from '../../types';

export const WEB_VITAL = 'browser.web_vital';
// Incubating semconv (1.44+), copied as @opentelemetry/semantic-conventions recommends.
export const ATTR_NAME = 'browser.web_vital.name';
export const ATTR_VALUE = 'browser.web_vital.value';
export const ATTR_DELTA = 'browser.web_vital.delta';
export const ATTR_ID = 'browser.web_vital.id';
export const ATTR_RATING = 'browser.web_vital.rating';
export const ATTR_NAVIGATION_TYPE = 'browser.web_vital.navigation_type';
/** The log form's body, in the span form (docs/conventions.md). */
export const BODY = 'pulsetrace.body.';
export const MAX_STRING = 256;
/** Attribution strings that are URLs (the LCP image): scrubbed like every URL the SDK sends. */
const URL_KEYS = new Set(['url']);
/**
 * The page URL every record carries (docs/conventions.md). Set here from the metric's own
 * navigationURL: a vital is often reported late (CLS and INP at page hide, after route changes),
 * and belongs to the page it measured, not to the one shown when it is sent. The client keeps an
 * instrumentation's own value over its common one.
 */
export const ATTR_PAGE_URL = 'browser.document.url.full';

/** What the mapping reads of a web-vitals report: plain data, so tests need no browser. */
export interface VitalReport {
  name: string;
  value: number;
  delta: number;
  id: string;
  rating: string;
  navigationType?: string;
  navigationURL?: string;
  /** performance.now() ms: 0 for the hard load, the interaction's time for a soft navigation. */
  navigationStartTime?: number;
  attribution?: object;
}

/**
 * Attributes of one report. Objects in the attribution (entries, navigationEntry, longestScript)
 * are left out: only scalars, strings at most MAX_STRING chars.
 */
export function vitalAttributes(m: VitalReport, scrub: (url: string) => string): Attributes {
  const a: Attributes = {
    [ATTR_NAME]: m.name.toLowerCase(),
    [ATTR_VALUE]: m.value,
    [ATTR_DELTA]: m.delta,
    [ATTR_ID]: m.id,
    [ATTR_RATING]: m.rating,
    [ATTR_NAVIGATION_TYPE]: m.navigationType,
    [ATTR_PAGE_URL]: m.navigationURL ? scrub(m.navigationURL) : undefined,
  };
  for (const [key, v] of Object.entries(m.attribution ?? {})) {
    if (typeof v === 'number' ? Number.isFinite(v) : typeof v === 'boolean') a[BODY + key] = v as number;
    else if (typeof v === 'string' && v)
      a[BODY + key] = (URL_KEYS.has(key) ? scrub(v) : v).slice(0, MAX_STRING);
  }
  return a;
}

export const webVitals: Instrumentation = (ctx) => {
  let stopped = false;
  ctx.onShutdown(() => (stopped = true));
  const report = (m: MetricWithAttribution) =>
    guard(ctx.debug, `web vital ${m.name}`, () => {
      if (stopped) return;
      const attrs = vitalAttributes(m, (url) => ctx.scrubUrl(url));
      // The navigation's own page view: a hard load's CLS reported after route changes, a soft
      // navigation's LCP reported at the next one.
      attrs[ATTR_PAGE_VIEW_ID] = ctx.pageViewAt(
        m.navigationStartTime ?? 0,
        attrs[ATTR_PAGE_URL] as string,
      ).id;
      ctx.record(WEB_VITAL, attrs);
    });
  // reportSoftNavs: per soft navigation vitals where the browser detects them (Chromium 151+);
  // elsewhere it changes nothing. Not for TTFB: web-vitals reports a soft navigation's TTFB as 0.
  const opts = { reportSoftNavs: true };
  onLCP(report, opts);
  onCLS(report, opts);
  onINP(report, opts);
  onFCP(report, opts);
  onTTFB(report);
};
