/**
 * fetch and XMLHttpRequest as HTTP client spans (stable HTTP semconv) with W3C `traceparent`
 * propagation and http breadcrumbs. Our own instead of @opentelemetry/instrumentation-fetch/-xhr,
 * which cost 7 KB gzip of a 28 KB budget. The call's outcome never changes: the original is always
 * called, its result or exception is passed on untouched, and our failures go to ctx.debug.
 */
import type { Instrumentation } from '../../core/context';
import type { Page } from './call';
import { wrapFetch, type Fetch } from './fetch';
import { patchXhr, type XhrProto } from './xhr';

export const http: Instrumentation = (ctx) => {
  const page = (): Page => ({ base: document.baseURI || location.href, origin: location.origin });
  const g = globalThis as { fetch?: Fetch };
  const origFetch = g.fetch;
  if (origFetch) {
    let active = true;
    const wrapped = wrapFetch(ctx, origFetch, page, () => active);
    g.fetch = wrapped;
    ctx.onShutdown(() => {
      active = false; // a later wrapper keeps ours in its chain: it then only calls through
      if (g.fetch === wrapped) g.fetch = origFetch;
    });
  }
  const proto = globalThis.XMLHttpRequest?.prototype as unknown as XhrProto | undefined;
  if (proto) ctx.onShutdown(patchXhr(ctx, proto, page));
};
