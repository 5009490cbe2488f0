/**
 * Composes the SDK: an OpenTelemetry BasicTracerProvider whose only span processor is the durable batcher, the
 * session manager, consent, and the built-in instrumentations (instrumentations/). Everything
 * the page calls goes through `safe`, so the SDK never throws into the host page.
 */
import { SpanKind, trace, type Attributes as OtelAttributes, type Span } from '@opentelemetry/api';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import { matches, resolveConfig, scrubUrl } from './config';
import * as A from './core/attributes';
import type { SdkContext } from './core/context';
import { createPageViewHistory } from './core/page-view-history';
import { createDebugLogger, guard } from './core/debug-logger';
import { randomHex } from './core/ids';
import { captureError } from './instrumentations/errors';
import { INSTRUMENTATIONS } from './instrumentations';
import { createSessionManager, isSampled } from './session/session';
import { createBatcher } from './transport/batcher';
import { createSender } from './transport/sender';
import { createBatchStore } from './transport/store';
import { consentGiven, storeConsent } from './consent';
import type { Attributes, Breadcrumb, CaptureContext, PulseTraceConfig, UserTraits } from './types';
import { SDK_VERSION } from './version';

export interface Client {
  track(name: string, properties?: Attributes): void;
  captureException(error: unknown, context?: CaptureContext): void;
  identify(userId: string, traits?: UserTraits): void;
  reset(): void;
  setRelease(release: string): void;
  setEnvironment(environment: string): void;
  setAttributes(attributes: Attributes): void;
  optOut(): void;
  optIn(): void;
  flush(): Promise<void>;
  sessionId(): string | undefined;
  shutdown(): Promise<void>;
}

function localStorageOrUndefined(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined;
  }
}

type UserAgentData = { brands: { brand: string; version: string }[]; platform: string; mobile: boolean };

/** What the browser already tells every server it talks to: nothing more is collected. */
function browserResource(): OtelAttributes {
  const ua = (navigator as Navigator & { userAgentData?: UserAgentData }).userAgentData;
  return {
    [A.ATTR_USER_AGENT_ORIGINAL]: navigator.userAgent,
    [A.ATTR_BROWSER_LANGUAGE]: navigator.language,
    [A.ATTR_BROWSER_PLATFORM]: ua?.platform,
    [A.ATTR_BROWSER_MOBILE]: ua?.mobile,
    [A.ATTR_BROWSER_BRANDS]: ua?.brands.map((b) => `${b.brand} ${b.version}`),
  };
}

export function createClient(input: PulseTraceConfig): Client | undefined {
  const config = resolveConfig(input, (m) => console.warn(`[pulsetrace] ${m}`));
  if (!config) return undefined;
  const debug = createDebugLogger(config.debug);
  const ls = localStorageOrUndefined();
  const sessions = createSessionManager(
    { idleTimeoutMs: config.sessionIdleTimeoutMs, maxDurationMs: config.sessionMaxDurationMs },
    ls,
  );
  let enabled = consentGiven(config, ls);
  let pageViewId = randomHex(8);
  // Each from when it began (performance.now(); the first from time origin), for ctx.pageViewAt.
  const pageViews = createPageViewHistory({
    start: 0,
    id: pageViewId,
    url: scrubUrl(location.href, config.allowedQueryParams),
  });
  /** identify() while opted out: kept in memory only, stored by optIn(). */
  let heldUser: Attributes | undefined;
  let globals: Attributes = { ...config.attributes };
  const crumbs: Breadcrumb[] = [];
  const cleanups: Array<() => void> = [];

  const store = createBatchStore(config.maxQueuedBatches, ls);
  const sender = createSender(config.tracesUrl, config.key, store, debug);
  const common = (): Attributes => {
    const s = sessions.current();
    return {
      ...globals,
      ...sessions.user(s.id),
      [A.ATTR_SESSION_ID]: s.id,
      [A.ATTR_SESSION_PREVIOUS_ID]: s.previousId,
      [A.ATTR_VISITOR_ID]: sessions.visitorId(),
      [A.ATTR_PAGE_VIEW_ID]: pageViewId,
      [A.ATTR_PAGE_URL]: scrubUrl(location.href, config.allowedQueryParams),
    };
  };
  const batcher = createBatcher({
    batchSize: config.batchSize,
    batchDelayMs: config.batchDelayMs,
    common,
    // Errors are always kept: an unsampled session still reports them, with their breadcrumbs.
    keep: (span) =>
      enabled &&
      (span.name === 'exception' || isSampled(String(span.attributes[A.ATTR_SESSION_ID]), config.sampleRate)),
    beforeSend: config.beforeSend,
    store,
    sender,
    debug,
  });
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({
      [A.ATTR_SERVICE_NAME]: config.service,
      [A.ATTR_SERVICE_VERSION]: config.release,
      [A.ATTR_DEPLOYMENT_ENVIRONMENT_NAME]: config.environment,
      [A.ATTR_TELEMETRY_SDK_NAME]: 'pulsetrace-browser',
      [A.ATTR_TELEMETRY_SDK_VERSION]: SDK_VERSION,
      [A.ATTR_TELEMETRY_SDK_LANGUAGE]: 'webjs',
      ...browserResource(),
    }),
    spanProcessors: [batcher],
  });
  // Not registered globally (no provider.register()): the page's own OpenTelemetry setup, if
  // any, keeps its globals; the http instrumentation injects traceparent with its own propagator.
  const tracer = provider.getTracer('@pulsetrace/web', SDK_VERSION);
  const noop = trace.wrapSpanContext({ traceId: '0'.repeat(32), spanId: '0'.repeat(16), traceFlags: 0 });

  const ctx: SdkContext = {
    config,
    tracer,
    debug,
    record(name, attributes, timeMs) {
      if (!enabled) return;
      const t = timeMs ?? Date.now();
      tracer.startSpan(name, { startTime: t, attributes }).end(t);
    },
    startSpan(name, attributes, options = {}): Span {
      if (!enabled) return noop;
      return tracer.startSpan(name, {
        kind: options.kind ?? SpanKind.INTERNAL,
        startTime: options.startTimeMs,
        attributes,
      });
    },
    addBreadcrumb(crumb) {
      crumbs.push(crumb);
      if (crumbs.length > config.breadcrumbs.maxBreadcrumbs) crumbs.shift();
    },
    breadcrumbs: () => crumbs.slice(),
    user: () => (enabled ? sessions.user(sessions.current().id) : undefined),
    newPageView() {
      pageViewId = randomHex(8);
      pageViews.add({
        start: performance.now(),
        id: pageViewId,
        url: scrubUrl(location.href, config.allowedQueryParams),
      });
      return pageViewId;
    },
    pageViewAt: pageViews.at,
    scrubUrl: (url) => scrubUrl(url, config.allowedQueryParams),
    isIgnoredUrl: (url) => url.startsWith(config.tracesUrl) || matches(url, config.ignoreUrls),
    onShutdown: (fn) => cleanups.push(fn),
  };

  for (const [name, install] of INSTRUMENTATIONS)
    if (config.instrumentations[name] !== false) guard(debug, `instrumentation ${name}`, () => install(ctx));

  // Registered after the instrumentations so their own hide handlers (web-vitals, resources)
  // have recorded before the buffer is written out.
  const onHide = () => {
    if (document.visibilityState === 'hidden') void batcher.flushBuffer(true);
  };
  const onPageHide = () => void batcher.flushBuffer(true);
  document.addEventListener('visibilitychange', onHide);
  addEventListener('pagehide', onPageHide);
  cleanups.push(() => {
    document.removeEventListener('visibilitychange', onHide);
    removeEventListener('pagehide', onPageHide);
  });

  const dropped = store.takeDropped();
  if (dropped)
    ctx.record(A.EVENT_CUSTOM, {
      [A.ATTR_CUSTOM_EVENT_NAME]: 'pulsetrace.queue_overflow',
      [`${A.BODY_PREFIX}dropped_batches`]: dropped,
    });
  // Batches left by earlier visits (offline, closed tab) go out now.
  if (enabled) sender.drain();

  const safe =
    <Args extends unknown[], R>(what: string, fn: (...args: Args) => R) =>
    (...args: Args): R | undefined =>
      guard(debug, what, () => fn(...args));

  return {
    track: safe('track', (name: string, properties: Attributes = {}) => {
      if (typeof name !== 'string' || !name) return debug.warn('track() needs an event name');
      const attrs: Attributes = { [A.ATTR_CUSTOM_EVENT_NAME]: name };
      for (const [k, v] of Object.entries(properties)) attrs[A.BODY_PREFIX + k] = v;
      ctx.record(A.EVENT_CUSTOM, attrs);
      ctx.addBreadcrumb({ category: 'custom', timestamp: Date.now(), message: name });
    }),
    captureException: safe('captureException', (error: unknown, context: CaptureContext = {}) =>
      captureError(ctx, error, { mechanism: 'manual', handled: true, ...context }),
    ),
    identify: safe('identify', (id: string, traits: UserTraits = {}) => {
      const user: Attributes = { [A.ATTR_USER_ID]: String(id) };
      for (const [k, v] of Object.entries(traits)) user[`user.${k}`] = v;
      if (enabled) sessions.setUser(user);
      else heldUser = user;
    }),
    reset: safe('reset', () => {
      heldUser = undefined;
      globals = Object.fromEntries(Object.entries(globals).filter(([k]) => !k.startsWith('user.')));
      sessions.reset();
    }),
    setRelease: safe('setRelease', (release: string) => {
      globals[A.ATTR_SERVICE_VERSION] = release;
    }),
    setEnvironment: safe('setEnvironment', (environment: string) => {
      globals[A.ATTR_DEPLOYMENT_ENVIRONMENT_NAME] = environment;
    }),
    setAttributes: safe('setAttributes', (attributes: Attributes) => {
      for (const [k, v] of Object.entries(attributes)) {
        if (v === undefined) delete globals[k];
        else globals[k] = v;
      }
    }),
    optOut: safe('optOut', () => {
      enabled = false;
      storeConsent(ls, false);
      batcher.discard();
      sessions.forget();
      void store.clear();
    }),
    optIn: safe('optIn', () => {
      enabled = true;
      storeConsent(ls, true);
      if (heldUser) sessions.setUser(heldUser);
      heldUser = undefined;
      sender.drain();
    }),
    flush: async () => {
      try {
        await batcher.flushBuffer(false);
        await sender.flush();
      } catch (err) {
        debug.warn('flush failed', err);
      }
    },
    sessionId: safe('getSessionId', () => (enabled ? sessions.current().id : undefined)) as () =>
      string | undefined,
    shutdown: async () => {
      for (const fn of cleanups.splice(0)) guard(debug, 'shutdown', fn);
      await provider.shutdown().catch((err) => debug.warn('shutdown failed', err));
      sender.stop();
    },
  };
}
