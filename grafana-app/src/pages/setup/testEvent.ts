/**
 * "Send a test event": the browser posts one custom event to the processor's ingest endpoint with
 * the project's key, exactly as the SDK sends `PulseTrace.track()` (OTLP/HTTP JSON to
 * `<endpoint>/v1/traces`, header x-pulsetrace-key, a zero-length `pulsetrace.event` span), then
 * polls the read route's query API until the event is stored. The browser talks to the processor
 * directly, not through Grafana, so it is subject to the same CORS check as a real page: Grafana's
 * own origin must be in the project's allowed origins. Pure except `sendTestEvent` (fetch).
 */

import { sessionSampleValue } from '../../../../collector-processor/src/pipeline/sample-hash';

/** The custom event's name: the page's polling query asks for this name only. */
export const TEST_EVENT_NAME = 'pulsetrace.test_event';
/** The property that tells this click's event from earlier ones. */
export const TEST_ID_PROPERTY = 'test_id';
export const ARRIVAL_TIMEOUT_MS = 30_000;
export const POLL_INTERVAL_MS = 700;

type AnyValue = { stringValue: string };
const kv = (key: string, value: string): { key: string; value: AnyValue } => ({ key, value: { stringValue: value } });
// ms to ns as a decimal string: OTLP JSON's uint64 form, without BigInt (the build targets ES2019).
const nanos = (ms: number) => `${Math.round(ms)}000000`;
const hex = (length: number, random: () => number) =>
  Array.from({ length }, () => Math.floor(random() * 16).toString(16)).join('');

/**
 * The project's own server-side session sampling (the processor's function, imported): the test
 * event needs a session the project keeps, or it would be dropped.
 */
export { sessionSampleValue };

/** A session id the project's sampling keeps; undefined at 0 % (nothing but errors is kept). */
export function keptSessionId(sampleRate: number, random: () => number = Math.random): string | undefined {
  if (sampleRate <= 0) {
    return undefined;
  }
  for (let i = 0; i < 10_000; i++) {
    const id = `pt-test-${hex(16, random)}`;
    if (sampleRate >= 1 || sessionSampleValue(id) < sampleRate) {
      return id;
    }
  }
  return undefined;
}

export interface TestEvent {
  testId: string;
  sessionId: string;
  /** Client time the event says it happened (ms). */
  at: number;
  /** The page it is attributed to: the Grafana page that sent it. */
  pageUrl: string;
}

/** The ExportTraceServiceRequest (JSON) the SDK would send for `PulseTrace.track(TEST_EVENT_NAME, {test_id})`. */
export function testEventPayload(event: TestEvent, random: () => number = Math.random) {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [
            kv('service.name', 'pulsetrace-setup'),
            kv('telemetry.sdk.name', 'pulsetrace-browser'),
            kv('session.id', event.sessionId),
          ],
        },
        scopeSpans: [
          {
            scope: { name: 'pulsetrace-grafana-app' },
            spans: [
              {
                traceId: hex(32, random),
                spanId: hex(16, random),
                name: 'pulsetrace.event',
                kind: 1,
                startTimeUnixNano: nanos(event.at),
                endTimeUnixNano: nanos(event.at),
                attributes: [
                  kv('pulsetrace.event.name', TEST_EVENT_NAME),
                  kv(`pulsetrace.body.${TEST_ID_PROPERTY}`, event.testId),
                  kv('browser.document.url.full', event.pageUrl),
                ],
                status: { code: 0 },
              },
            ],
          },
        ],
      },
    ],
  };
}

/** The ingest URL the SDK posts to for a base endpoint (sdk/src/config.ts keeps a full …/v1/traces). */
export function tracesUrl(endpoint: string): string {
  const base = endpoint.trim().replace(/\/+$/, '');
  return /\/v1\/traces$/.test(base) ? base : `${base}/v1/traces`;
}

/** Origins a browser may post from (collector-processor originAllowed: "*" or an exact match). */
export function originAllowed(allowedOrigins: readonly string[] | undefined, origin: string): boolean {
  return (allowedOrigins ?? []).some((o) => o === '*' || o === origin);
}

export type SendResult = { ok: true; status: number } | { ok: false; status?: number; reason: string };

export interface SendContext {
  endpoint: string;
  /** The page's origin (window.location.origin). */
  origin: string;
  allowedOrigins: readonly string[] | undefined;
}

/** Why the browser's POST failed, in a sentence that says what to change. */
export function describeSendFailure(ctx: SendContext, failure: { status?: number; body?: string }): string {
  const url = tracesUrl(ctx.endpoint);
  if (failure.status === undefined) {
    // fetch rejects alike for an unreachable host and a refused CORS check: name both, likeliest first.
    if (!originAllowed(ctx.allowedOrigins, ctx.origin)) {
      return `The browser could not post to ${url}: this page's origin ${ctx.origin} is not in the project's allowed origins, so the processor refuses the browser's CORS check. Add ${ctx.origin} to the project's allowed origins (or send from your site).`;
    }
    return `The browser could not reach ${url}. Check that this address is the processor's URL as browsers see it (set the public URL in the app's configuration) and that it is reachable from your network.`;
  }
  const detail = failure.body ? `: ${failure.body}` : '';
  switch (failure.status) {
    case 401:
      return `The processor refused the project's ingest key (401${detail}). Reload the page to get the current key.`;
    case 403:
      return `The processor refused the event (403${detail}). Is ${ctx.origin} in the project's allowed origins?`;
    case 404:
      return `${url} answered 404: that address is not a PulseTrace processor. Check the public URL in the app's configuration.`;
    case 429:
      return `The project's rate limit refused the event (429${detail}). Try again in a second.`;
    default:
      return `The processor answered ${failure.status}${detail}.`;
  }
}

/** Posts the event as the SDK does; never throws. */
export async function sendTestEvent(
  endpoint: string,
  key: string,
  payload: unknown,
  doFetch: typeof fetch = fetch
): Promise<{ ok: true; status: number } | { ok: false; status?: number; body?: string }> {
  try {
    const res = await doFetch(tracesUrl(endpoint), {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-pulsetrace-key': key },
      body: JSON.stringify(payload),
      credentials: 'omit',
    });
    if (res.ok) {
      return { ok: true, status: res.status };
    }
    const text = await res.text().catch(() => '');
    let body = text;
    try {
      body = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // not JSON: the text as it is
    }
    return { ok: false, status: res.status, body: body.slice(0, 300) };
  } catch {
    return { ok: false };
  }
}

/** Whether a `properties` frame of the polling query lists this test id. */
export function framesHaveTestId(
  frames: Array<{ schema?: { fields?: Array<{ name: string }> }; data?: { values?: unknown[][] } }>,
  testId: string
): boolean {
  return frames.some((frame) => {
    const index = frame.schema?.fields?.findIndex((f) => f.name === 'value') ?? -1;
    return index >= 0 && (frame.data?.values?.[index] ?? []).includes(testId);
  });
}

/** "arrived 1.4 s after sending" */
export function arrivalText(ms: number): string {
  const seconds = ms / 1000;
  return `arrived ${seconds < 10 ? seconds.toFixed(1) : Math.round(seconds)} s after sending`;
}

export interface PollOptions {
  check(): Promise<boolean>;
  timeoutMs?: number;
  intervalMs?: number;
  now?(): number;
  sleep?(ms: number): Promise<void>;
  /** Stops early (the user left the page). */
  cancelled?(): boolean;
}

/** Calls `check` until it says yes or time runs out: the ms it took, or undefined. Errors count as "not yet". */
export async function pollUntil({
  check,
  timeoutMs = ARRIVAL_TIMEOUT_MS,
  intervalMs = POLL_INTERVAL_MS,
  now = Date.now,
  sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  cancelled = () => false,
}: PollOptions): Promise<number | undefined> {
  const start = now();
  while (!cancelled()) {
    const found = await check().catch(() => false);
    if (found) {
      return now() - start;
    }
    if (now() - start >= timeoutMs) {
      return undefined;
    }
    await sleep(intervalMs);
  }
  return undefined;
}

/** What the page says after 30 s without the event, by what it knows. */
export function notArrivedText(ctx: SendContext, sampleRate: number | undefined): string {
  const parts = [
    `The processor accepted the event but it was not stored within ${ARRIVAL_TIMEOUT_MS / 1000} s.`,
    sampleRate !== undefined && sampleRate < 1
      ? `The project keeps ${Math.round(sampleRate * 100)} % of sessions; the event's session was chosen to be kept, so sampling is not the cause unless the rate changed.`
      : '',
    'Check the processor’s logs and readiness (/readyz: a full write-ahead log delays storage), and GET /api/v1/dead-letters for rows ClickHouse refused.',
  ];
  return parts.filter(Boolean).join(' ');
}
