/**
 * The script-tag loader (dist/loader.min.js, < 1 KB gzip). Pasted into a page as
 *
 *   <script src=".../loader.min.js" data-endpoint="https://collector.example.com" data-key="pt_…"
 *           data-release="1.2.3" data-environment="production" data-sample-rate="0.5"></script>
 *
 * it defines `window.PulseTrace` at once as a stub with the public API's method names, whose calls
 * (and the page's uncaught errors and unhandled rejections) are queued; it adds the full SDK with
 * an async script tag (`data-sdk-src`, default pulsetrace.min.js next to the loader), and when that
 * has run it calls `PulseTrace.init()` with the data- attributes, overridden by
 * `window.PulseTraceConfig`, overridden by the config of the page's own first `init()` call, then
 * replays the queue in order. From then on the stub forwards to the SDK. Another stub made by the
 * README's inline snippet (an object with a `_q` array of [method, arguments]) is taken over.
 *
 * Everything the browser does not need to run is a pure function exported for the tests; the
 * module installs itself only where `document` exists.
 */
import type * as Api from '../index';
import type { PulseTraceConfig } from '../types';

type Sdk = typeof Api;
type Method = keyof Sdk;
/** A queued call: method and its arguments (an array, or an `arguments` object from a pre-stub). */
type Call = [Method, ArrayLike<unknown>];

/** The public API of src/index.ts (loader.test.ts checks this list against it). */
export const METHODS = (
  'init track captureException identify reset setRelease setEnvironment setAttributes ' +
  'optOut optIn flush getSessionId shutdown'
).split(' ') as Method[];

/**
 * Options read from data- attributes (plus data-sample-rate). Everything else goes in
 * `window.PulseTraceConfig` or the page's own init() call.
 */
const STRINGS = 'endpoint key service release environment'.split(' ');
const BOOLEANS = 'debug startOptedOut respectDoNotTrack'.split(' ');

/** Calls and errors kept while the SDK has not arrived; later ones are dropped. */
export const MAX_QUEUED = 1000;

/**
 * The loader tag's data- attributes (as `element.dataset`: data-sample-rate → sampleRate) to
 * config. Empty strings and unparsable numbers are left out. Booleans: present, "true" or "1" →
 * true; "false" or "0" → false.
 */
export function configFromDataset(data: Record<string, string | undefined>): Partial<PulseTraceConfig> {
  const config: Record<string, string | number | boolean> = {};
  for (const name of STRINGS) if (data[name]) config[name] = data[name];
  const rate = data.sampleRate;
  if (rate && rate.trim() && isFinite(+rate)) config.sampleRate = +rate;
  for (const name of BOOLEANS) {
    const value = data[name];
    if (value != null) config[name] = value != 'false' && value != '0';
  }
  return config;
}

/** Where the full SDK comes from: data-sdk-src, else pulsetrace.min.js beside the loader. */
export function sdkUrl(data: Record<string, string | undefined>, loaderSrc: string, pageUrl: string): string {
  return data.sdkSrc || new URL('pulsetrace.min.js', loaderSrc || pageUrl).href;
}

/** What init() gets: data- attributes < window.PulseTraceConfig < the page's own init() config. */
export function mergeConfig(
  fromData: Partial<PulseTraceConfig>,
  fromWindow: Partial<PulseTraceConfig> | undefined,
  fromInit: Partial<PulseTraceConfig> | undefined,
): PulseTraceConfig {
  return { ...fromData, ...fromWindow, ...fromInit } as PulseTraceConfig;
}

/**
 * An uncaught error or unhandled rejection as the captureException call that replays it
 * (mechanism `onerror` / `onunhandledrejection`, as the SDK's own error instrumentation names them).
 */
export function errorCall(event: Event): Call {
  const e = event as ErrorEvent & PromiseRejectionEvent;
  return [
    'captureException',
    [e.type == 'error' ? e.error || e.message : e.reason, { handled: false, mechanism: 'on' + e.type }],
  ];
}

/** A stub: the inline snippet's pre-stub has `_q`; the loader's own stub is marked `_l`. */
interface Stub {
  _q?: Call[];
  _l?: number;
  [method: string]: unknown;
}

export interface LoaderWindow {
  PulseTrace?: Stub | Sdk;
  PulseTraceConfig?: Partial<PulseTraceConfig>;
  location: { href: string };
  addEventListener(type: string, listener: (event: Event) => void): void;
  removeEventListener(type: string, listener: (event: Event) => void): void;
}

/** Installs the stub and injects the SDK; returns the injected script element, if any. */
export function install(w: LoaderWindow, d: Document): HTMLScriptElement | undefined {
  const existing = w.PulseTrace as Stub | undefined;
  // Already loaded (the real SDK has no _q), or a loader already ran.
  if (existing && (existing._l || !existing._q)) return undefined;
  const stub: Stub = existing || {};
  const queue: Call[] = stub._q || [];
  let max = MAX_QUEUED;
  let sdk: Sdk | undefined;
  const call = (target: Sdk, [method, args]: Call) =>
    (target[method] as (...a: unknown[]) => unknown).apply(target, args as unknown[]);
  stub._l = 1;
  for (const method of METHODS)
    stub[method] = (...args: unknown[]) => {
      if (sdk) return call(sdk, [method, args]);
      if (queue.length < max) queue.push([method, args]);
      return method == 'flush' || method == 'shutdown' ? Promise.resolve() : undefined;
    };
  w.PulseTrace = stub;

  const onError = (event: Event) => {
    if (queue.length < max) queue.push(errorCall(event));
  };
  const events = ['error', 'unhandledrejection'];
  for (const type of events) w.addEventListener(type, onError);
  const stop = () => {
    for (const type of events) w.removeEventListener(type, onError);
  };

  const tag = d.currentScript as HTMLScriptElement | null;
  const data = tag ? tag.dataset : {};
  const script = d.createElement('script');
  script.async = true;
  script.src = sdkUrl(data, tag ? tag.src : '', w.location.href);
  if (data.sdkIntegrity) script.integrity = data.sdkIntegrity;
  if (tag && tag.crossOrigin) script.crossOrigin = tag.crossOrigin;
  if (tag && tag.nonce) script.nonce = tag.nonce;
  script.onerror = () => {
    stop();
    max = queue.length = 0;
  };
  script.onload = () => {
    const real = w.PulseTrace as Sdk;
    if (!real || (real as unknown) == stub) return script.onerror!('');
    stop();
    const first = queue.findIndex((c) => c[0] == 'init');
    const initArgs = first < 0 ? [] : queue.splice(first, 1)[0][1];
    const calls: Call[] = [
      [
        'init',
        [mergeConfig(configFromDataset(data), w.PulseTraceConfig, initArgs[0] as Partial<PulseTraceConfig>)],
      ],
      ...queue,
    ];
    queue.length = 0;
    sdk = real;
    for (const c of calls)
      try {
        call(real, c);
      } catch {
        // The SDK never throws; a broken replay must not stop the others.
      }
  };
  (d.head || d.documentElement).appendChild(script);
  return script;
}

if (typeof document != 'undefined') install(window as unknown as LoaderWindow, document);
