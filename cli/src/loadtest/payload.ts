/**
 * One load-test request: OTLP/JSON for /v1/traces shaped like @pulsetrace/web's export (its span
 * form, docs/conventions.md): a page-view span carrying web vitals and a custom event as span
 * events, then HTTP client spans, under one browser resource. Self-contained (no repository-only
 * imports) because the published CLI runs it against users' deployments.
 */
import crypto from 'node:crypto';

type Value =
  { stringValue: string } | { intValue: number } | { doubleValue: number } | { boolValue: boolean };
const kv = (key: string, v: string | number | boolean): { key: string; value: Value } => ({
  key,
  value:
    typeof v === 'string'
      ? { stringValue: v }
      : typeof v === 'boolean'
        ? { boolValue: v }
        : Number.isInteger(v)
          ? { intValue: v }
          : { doubleValue: v },
});
const ns = (ms: number) => `${Math.round(ms)}000000`;
const hex = (bytes: number) => crypto.randomBytes(bytes).toString('hex');

const AGENTS = [
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0',
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1',
];
const ROUTES = ['/', '/products/42', '/search', '/cart', '/checkout'];

export interface PayloadOptions {
  /** Spans per request (≥ 1): one page view, the rest HTTP calls. */
  spans: number;
  /** The ingest key, also as the resource attribute that survives collector hops. */
  key: string;
  now?: number;
}

/** A request body and its span count; every call is a new session (fresh ids: no dedup). */
export function loadtestPayload(o: PayloadOptions): string {
  const now = o.now ?? Date.now();
  const traceId = hex(16);
  const pageId = hex(8);
  const route = ROUTES[Math.floor(Math.random() * ROUTES.length)]!;
  const url = `https://loadtest.example${route}`;
  const common = [
    kv('session.id', traceId),
    kv('enduser.pseudo.id', hex(16)),
    kv('pulsetrace.page_view.id', pageId),
    kv('browser.document.url.full', url),
  ];
  const vital = (name: string, value: number, at: number) => ({
    timeUnixNano: ns(at),
    name: 'browser.web_vital',
    attributes: [
      kv('browser.web_vital.name', name),
      kv('browser.web_vital.value', value),
      kv('browser.web_vital.delta', value),
      kv('browser.web_vital.id', `v5-${pageId}-${name}`),
      kv('browser.web_vital.navigation_type', 'navigate'),
    ],
  });
  const start = now - 5000;
  const spans: unknown[] = [
    {
      traceId,
      spanId: hex(8),
      name: 'browser.navigation',
      kind: 1,
      startTimeUnixNano: ns(start),
      endTimeUnixNano: ns(start + 1500),
      attributes: [...common, kv('url.full', url), kv('browser.navigation.same_document', false)],
      events: [
        vital('ttfb', 300 + Math.random() * 400, start + 10),
        vital('lcp', 1200 + Math.random() * 2000, start + 30),
        vital('cls', Math.round(Math.random() * 200) / 1000, start + 40),
        {
          timeUnixNano: ns(start + 3000),
          name: 'pulsetrace.event',
          attributes: [
            kv('pulsetrace.event.name', 'loadtest'),
            kv('pulsetrace.body.value', Math.random() * 100),
          ],
        },
      ],
      status: {},
    },
  ];
  for (let i = 1; i < o.spans; i++) {
    const at = start + 200 + i * 10;
    spans.push({
      traceId,
      spanId: hex(8),
      name: 'HTTP GET',
      kind: 3,
      startTimeUnixNano: ns(at),
      endTimeUnixNano: ns(at + 50 + Math.random() * 200),
      attributes: [
        ...common,
        kv('http.request.method', 'GET'),
        kv('url.full', `https://api.loadtest.example/v1/items/${i}`),
        kv('server.address', 'api.loadtest.example'),
        kv('http.response.status_code', 200),
      ],
      status: {},
    });
  }
  const resource = {
    attributes: [
      kv('service.name', 'pulsetrace-loadtest'),
      kv('service.version', 'loadtest@1.0.0'),
      kv('deployment.environment.name', 'loadtest'),
      kv('telemetry.sdk.name', 'pulsetrace-browser'),
      kv('telemetry.sdk.language', 'webjs'),
      kv('user_agent.original', AGENTS[Math.floor(Math.random() * AGENTS.length)]!),
      kv('pulsetrace.project.key', o.key),
    ],
  };
  const scope = { name: 'pulsetrace-browser', version: '0.1.0' };
  return JSON.stringify({ resourceSpans: [{ resource, scopeSpans: [{ scope, spans }] }] });
}
