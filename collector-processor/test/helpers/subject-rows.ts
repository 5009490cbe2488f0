/**
 * One person's telemetry through the real OTLP/JSON ingest path, shaped so it lands in every
 * signal table (page views, web vitals, errors, custom events, HTTP, long tasks, resources) and,
 * through the materialized views, in `sessions`, the issue aggregates and the 1-minute rollups.
 * `marker` travels in URLs and messages so tests can look for it in files on disk.
 */
import { SIGNAL_TABLES } from '../../src/store/rows';

export interface Subject {
  userId: string;
  visitorId: string;
  sessionId: string;
  marker: string;
}

type Attrs = Record<string, string | number>;
const value = (v: string | number) =>
  typeof v === 'string' ? { stringValue: v } : Number.isInteger(v) ? { intValue: v } : { doubleValue: v };
const kvs = (a: Attrs) => Object.entries(a).map(([key, v]) => ({ key, value: value(v) }));
const nanos = (ms: number) => `${BigInt(ms) * 1_000_000n}`;
const BROWSER_UA =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0.0.0 Safari/537.36';
const SCOPE = { name: 'pulsetrace-browser', version: '0.1.0' };

export function subjectPayloads(s: Subject, now = Date.now()) {
  const resource = {
    attributes: kvs({
      'service.name': 'shop',
      'telemetry.sdk.name': 'pulsetrace-browser',
      'user.id': s.userId,
      'enduser.pseudo.id': s.visitorId,
      'session.id': s.sessionId,
    }),
  };
  const url = `https://shop.example/account/${s.marker}`;
  const log = (eventName: string, attributes: Attrs) => ({
    timeUnixNano: nanos(now),
    eventName,
    attributes: kvs({ 'browser.document.url.full': url, ...attributes }),
  });
  const logRecords = [
    log('browser.navigation', { 'url.full': url, 'pulsetrace.page.title': `Account of ${s.marker}` }),
    log('exception', {
      'exception.type': 'Error',
      'exception.message': `cart failed for ${s.marker}`,
      'exception.stacktrace': `Error: cart failed for ${s.marker}\n    at checkout (https://shop.example/app.js:1:10)`,
    }),
    log('pulsetrace.event', { 'pulsetrace.event.name': 'checkout', note: s.marker }),
    log('browser.web_vital', { 'browser.web_vital.name': 'lcp', 'browser.web_vital.value': 1200.5 }),
    log('browser.resource_timing', { 'url.full': `https://cdn.shop.example/${s.marker}.js` }),
    log('pulsetrace.long_task', {
      'pulsetrace.long_task.kind': 'longtask',
      'pulsetrace.long_task.duration': 80,
      'pulsetrace.long_task.script_url': url,
    }),
  ];
  const span = {
    traceId: Buffer.from(s.marker).toString('hex').padEnd(32, '0').slice(0, 32),
    spanId: Buffer.from(s.marker).toString('hex').padEnd(16, '0').slice(0, 16),
    name: 'GET',
    kind: 3,
    startTimeUnixNano: nanos(now),
    endTimeUnixNano: nanos(now + 20),
    attributes: kvs({
      'http.request.method': 'GET',
      'url.full': `https://api.shop.example/orders/${s.marker}`,
    }),
    status: { code: 0 },
  };
  return {
    logs: { resourceLogs: [{ resource, scopeLogs: [{ scope: SCOPE, logRecords }] }] },
    traces: { resourceSpans: [{ resource, scopeSpans: [{ scope: SCOPE, spans: [span] }] }] },
  };
}

/** Sends the subject's logs and spans; throws unless both are acknowledged (200). */
export async function sendSubject(url: string, ingestKey: string, s: Subject): Promise<void> {
  const { logs, traces } = subjectPayloads(s);
  for (const [signal, body] of [
    ['logs', logs],
    ['traces', traces],
  ] as const) {
    const res = await fetch(`${url}/v1/${signal}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-pulsetrace-key': ingestKey,
        // A browser, not Node's fetch: bot traffic is kept out of `sessions`, which must be erased too.
        'user-agent': BROWSER_UA,
      },
      body: JSON.stringify(body),
    });
    if (res.status !== 200) throw new Error(`ingest ${signal}: ${res.status} ${await res.text()}`);
  }
}

/** The signal tables one subject's payloads reach (all of them). */
export const SUBJECT_TABLES = SIGNAL_TABLES;
