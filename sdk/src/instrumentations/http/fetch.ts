/**
 * fetch(input: string | URL | Request, init): one span per call. The caller gets the real fetch's
 * own promise back, so its outcome and identity never change.
 */
import type { SdkContext } from '../../core/context';
import { guard } from '../../core/debug-logger';
import { errorName, startCall, type Call, type Page } from './call';

export type Fetch = (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;

/** Headers with `extra` added unless already set (an app or another tracer may set traceparent). */
function merged(base: HeadersInit | undefined, extra: Record<string, string>): Headers {
  const h = new Headers(base);
  for (const k in extra) if (!h.has(k)) h.set(k, extra[k]);
  return h;
}

/**
 * The arguments with `extra` headers. init.headers replaces a Request's headers, so it is extended
 * when present; otherwise a Request is rebuilt with its headers (its body is handed over, not
 * read), keeping its referrer, which any non-empty init would reset.
 */
export function withHeaders(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
  extra: Record<string, string>,
): [RequestInfo | URL, RequestInit | undefined] {
  if (init?.headers !== undefined) return [input, { ...init, headers: merged(init.headers, extra) }];
  if (typeof input === 'object' && 'headers' in input) {
    const { headers, referrer, referrerPolicy } = input;
    return [new Request(input, { headers: merged(headers, extra), referrer, referrerPolicy }), init];
  }
  return [input, { ...init, headers: merged(undefined, extra) }];
}

/** fetch that records a span per call; `isActive` false (after shutdown) makes it a plain call-through. */
export function wrapFetch(ctx: SdkContext, orig: Fetch, page: () => Page, isActive: () => boolean): Fetch {
  return function (this: unknown, input, init) {
    let call: Call | undefined;
    let args: [RequestInfo | URL, RequestInit | undefined] = [input, init];
    if (isActive())
      guard(ctx.debug, 'fetch', () => {
        // Duck-typed: a Request from another realm (iframe) fails instanceof.
        const req = typeof input === 'object' && 'url' in input ? input : undefined;
        call = startCall(ctx, init?.method ?? req?.method ?? 'GET', req ? req.url : String(input), page());
        if (call && Object.keys(call.headers).length) args = withHeaders(input, init, call.headers);
      });
    if (!call) return orig.call(this, input, init);
    const c = call;
    let p: Promise<Response>;
    try {
      p = orig.apply(this, args);
    } catch (err) {
      guard(ctx.debug, 'fetch end', () => c.end(0, errorName(err)));
      throw err;
    }
    // A side branch that cannot reject (an unhandled rejection would be ours); the caller gets
    // `p` itself, so its outcome and identity are unchanged.
    guard(ctx.debug, 'fetch result', () =>
      p.then(
        (r) => guard(ctx.debug, 'fetch end', () => c.end(r.status)),
        (err: unknown) => guard(ctx.debug, 'fetch end', () => c.end(0, errorName(err))),
      ),
    );
    return p;
  };
}
