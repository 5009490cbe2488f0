/**
 * Resource timing for scripts, styles, images and fonts as `browser.resource_timing` records
 * (docs/conventions.md; fetch/XHR are the http instrumentation's). A page loads hundreds of
 * resources, so only the slowest and the heaviest are sent: the top `maxResources` by duration
 * plus the top `maxResources` by transfer size, once when the page is first hidden, then again for
 * resources seen since on each later hide. Each carries the page view current when it started
 * loading (in a SPA, the route that asked for it), not the one shown when it is sent.
 */
import { ATTR_URL_FULL } from '@opentelemetry/semantic-conventions';
import { ATTR_PAGE_URL, ATTR_PAGE_VIEW_ID } from '../../core/attributes';
import type { Instrumentation } from '../../core/context';
import { guard } from '../../core/debug-logger';
import type { Attributes } from '../../types';

export const RESOURCE_TIMING = 'browser.resource_timing';
// The names @opentelemetry/browser-instrumentation emits and the processor maps to columns.
// The phase timestamps (fetch_start…response_end) are left out: the processor discards them.
export const ATTR_INITIATOR_TYPE = 'browser.resource_timing.initiator_type';
export const ATTR_DURATION = 'browser.resource_timing.duration';
export const ATTR_TRANSFER_SIZE = 'browser.resource_timing.transfer_size';
export const ATTR_ENCODED_BODY_SIZE = 'browser.resource_timing.encoded_body_size';
export const ATTR_DECODED_BODY_SIZE = 'browser.resource_timing.decoded_body_size';
export const ATTR_RENDER_BLOCKING_STATUS = 'browser.resource_timing.render_blocking_status';
export const ATTR_NEXT_HOP_PROTOCOL = 'browser.resource_timing.next_hop_protocol';

/** The fields read of a PerformanceResourceTiming. */
export interface ResourceEntry {
  name: string;
  initiatorType: string;
  startTime: number;
  duration: number;
  transferSize?: number;
  encodedBodySize?: number;
  decodedBodySize?: number;
  renderBlockingStatus?: string;
  nextHopProtocol?: string;
}

/** <script>, <link> (stylesheets, preloads), CSS url() and @import, <img>, SVG <image>. */
const INITIATORS = new Set(['script', 'link', 'css', 'img', 'image']);
/** Fonts also arrive as 'other' (FontFace API) or 'fetch' (some preload polyfills). */
const FONT = /\.(woff2?|ttf|otf|eot)(?:[?#]|$)/i;

const round = (v: number) => Math.round(v * 1000) / 1000;

/** Scripts, styles, images and fonts over http(s); data:/blob: URLs cost no network. */
export function isTracked(e: Pick<ResourceEntry, 'name' | 'initiatorType'>): boolean {
  return /^https?:/i.test(e.name) && (INITIATORS.has(e.initiatorType) || FONT.test(e.name));
}

/**
 * Union of the top n by duration and the top n by transfer size, each entry once. Trimming is
 * lossless when repeated (top n of a superset come from the tops of its parts), so it also bounds
 * what is kept between hides.
 */
export function topResources<T extends Pick<ResourceEntry, 'duration' | 'transferSize'>>(
  entries: T[],
  n: number,
): T[] {
  const top = (key: 'duration' | 'transferSize') =>
    [...entries].sort((a, b) => (b[key] ?? 0) - (a[key] ?? 0)).slice(0, n);
  return [...new Set([...top('duration'), ...top('transferSize')])];
}

export function resourceAttributes(e: ResourceEntry, scrub: (url: string) => string): Attributes {
  return {
    [ATTR_URL_FULL]: scrub(e.name),
    [ATTR_INITIATOR_TYPE]: e.initiatorType,
    [ATTR_DURATION]: round(e.duration),
    [ATTR_TRANSFER_SIZE]: e.transferSize,
    [ATTR_ENCODED_BODY_SIZE]: e.encodedBodySize,
    [ATTR_DECODED_BODY_SIZE]: e.decodedBodySize,
    [ATTR_RENDER_BLOCKING_STATUS]: e.renderBlockingStatus || undefined,
    [ATTR_NEXT_HOP_PROTOCOL]: e.nextHopProtocol || undefined,
  };
}

export const resources: Instrumentation = (ctx) => {
  const n = ctx.config.maxResources;
  if (!(n > 0) || !globalThis.PerformanceObserver?.supportedEntryTypes?.includes('resource')) return;
  const scrub = (url: string) => ctx.scrubUrl(url);
  let pending: PerformanceResourceTiming[] = [];

  const take = (entries: PerformanceEntryList) => {
    for (const e of entries as PerformanceResourceTiming[]) {
      if (isTracked(e) && !ctx.isIgnoredUrl(e.name)) pending.push(e);
    }
    if (pending.length > 4 * n) pending = topResources(pending, n);
  };
  const observer = new PerformanceObserver((list) =>
    guard(ctx.debug, 'resources', () => take(list.getEntries())),
  );
  // buffered: everything the page loaded before the SDK, up to the browser's buffer (250).
  observer.observe({ type: 'resource', buffered: true });

  const flush = () => {
    // Observer callbacks are delivered lazily; entries not yet delivered belong in this batch.
    take(observer.takeRecords());
    const batch = topResources(pending, n);
    pending = [];
    const origin = performance.timeOrigin;
    for (const e of batch) {
      const view = ctx.pageViewAt(e.startTime);
      const attrs = resourceAttributes(e, scrub);
      attrs[ATTR_PAGE_VIEW_ID] = view.id;
      attrs[ATTR_PAGE_URL] = view.url;
      ctx.record(RESOURCE_TIMING, attrs, origin + e.startTime);
    }
  };
  // Capture listeners registered before the client's flush listener run first: the records made
  // here are in that flush. pagehide after visibilitychange finds nothing new and sends nothing.
  const onHide = (e: Event) =>
    guard(ctx.debug, 'resources flush', () => {
      if (e.type === 'pagehide' || document.visibilityState === 'hidden') flush();
    });
  const opts = { capture: true };
  addEventListener('visibilitychange', onHide, opts);
  addEventListener('pagehide', onHide, opts);
  ctx.onShutdown(() => {
    observer.disconnect();
    removeEventListener('visibilitychange', onHide, opts);
    removeEventListener('pagehide', onHide, opts);
  });
};
