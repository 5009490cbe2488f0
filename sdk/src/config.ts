/**
 * init() options → ResolvedConfig. Bad values get a console warning that says what to do and a
 * safe default; only an unusable endpoint stops the SDK (returns undefined).
 */
import type { ResolvedConfig } from './core/context';
import type { PulseTraceConfig } from './types';

const DEFAULTS = {
  service: 'web',
  sampleRate: 1,
  attributes: {},
  instrumentations: {},
  propagateTraceHeaderCorsUrls: [],
  allowedQueryParams: [],
  ignoreErrors: [],
  ignoreUrls: [],
  startOptedOut: false,
  respectDoNotTrack: false,
  sessionIdleTimeoutMs: 15 * 60_000,
  sessionMaxDurationMs: 4 * 3_600_000,
  batchDelayMs: 2000,
  batchSize: 50,
  maxQueuedBatches: 100,
  maxResources: 20,
  debug: false,
};

const BREADCRUMB_DEFAULTS = {
  maxBreadcrumbs: 50,
  console: ['warn', 'error'],
  clicks: true,
  http: true,
  navigations: true,
};

const NUMBER_RANGES: Partial<Record<keyof PulseTraceConfig, [number, number]>> = {
  sampleRate: [0, 1],
  sessionIdleTimeoutMs: [1000, 86_400_000],
  sessionMaxDurationMs: [60_000, 7 * 86_400_000],
  batchDelayMs: [10, 60_000],
  batchSize: [1, 1000],
  maxQueuedBatches: [1, 10_000],
  maxResources: [0, 1000],
};

const KNOWN = new Set([
  ...Object.keys(DEFAULTS),
  'endpoint',
  'key',
  'release',
  'environment',
  'beforeSend',
  'fingerprint',
  'breadcrumbs',
]);

export function resolveConfig(
  input: PulseTraceConfig,
  warn: (m: string) => void,
): ResolvedConfig | undefined {
  if (!input || typeof input !== 'object') {
    warn('init() needs an options object: init({ endpoint, key, service })');
    return undefined;
  }
  let endpoint: URL;
  try {
    endpoint = new URL(String(input.endpoint));
    if (!/^https?:$/.test(endpoint.protocol)) throw new Error();
  } catch {
    warn(
      `endpoint "${input.endpoint}" is not an http(s) URL: pass your collector or processor base URL, e.g. https://otel.example.com`,
    );
    return undefined;
  }
  const config = { ...DEFAULTS, ...input } as Record<string, unknown>;
  for (const k of Object.keys(input)) if (!KNOWN.has(k)) warn(`unknown option "${k}" is ignored`);
  for (const [k, [min, max]] of Object.entries(NUMBER_RANGES) as [
    keyof PulseTraceConfig,
    [number, number],
  ][]) {
    const v = config[k];
    if (typeof v !== 'number' || !(v >= min && v <= max)) {
      warn(`${k} must be a number from ${min} to ${max}; using ${DEFAULTS[k as keyof typeof DEFAULTS]}`);
      config[k] = DEFAULTS[k as keyof typeof DEFAULTS];
    }
  }
  if (input.key !== undefined && (typeof input.key !== 'string' || !input.key.startsWith('pt_')))
    warn(
      'key does not look like a PulseTrace ingest key (pt_…): data will be rejected with 401 unless a collector adds the key',
    );
  for (const k of ['beforeSend', 'fingerprint'] as const)
    if (input[k] !== undefined && typeof input[k] !== 'function') {
      warn(`${k} must be a function; ignoring it`);
      config[k] = undefined;
    }
  // The path OTLP/HTTP exporters append to a base endpoint; a full .../v1/traces URL is kept.
  const base = endpoint.href.replace(/\/+$/, '');
  const tracesUrl = /\/v1\/traces$/.test(base) ? base : `${base}/v1/traces`;
  return {
    ...(config as unknown as ResolvedConfig),
    breadcrumbs: { ...BREADCRUMB_DEFAULTS, ...input.breadcrumbs } as ResolvedConfig['breadcrumbs'],
    tracesUrl,
  };
}

/** Keeps utm_* and allow-listed query parameters; other values become [Filtered] (names stay). */
export function scrubUrl(url: string, allowed: readonly string[]): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const hash = url.indexOf('#', q);
  const query = url.slice(q + 1, hash < 0 ? undefined : hash);
  const kept = query
    .split('&')
    .map((pair) => {
      const name = pair.split('=')[0];
      let decoded = name;
      try {
        decoded = decodeURIComponent(name);
      } catch {
        // keep the raw name
      }
      return !pair.includes('=') || decoded.startsWith('utm_') || allowed.includes(decoded)
        ? pair
        : `${name}=[Filtered]`;
    })
    .join('&');
  return url.slice(0, q + 1) + kept + (hash < 0 ? '' : url.slice(hash));
}

export function matches(value: string, patterns: ReadonlyArray<string | RegExp>): boolean {
  return patterns.some((p) => (typeof p === 'string' ? value.includes(p) : p.test(value)));
}
