/**
 * Traffic and API calls of the alerting benchmark and its end-to-end test
 * (collector-processor/test/alerting-e2e.test.ts): errors and web vitals as the OTLP/JSON traces
 * @pulsetrace/web sends (span form, bench/insights/otlp.ts), posted to /v1/traces and timed at the
 * processor's 200 (the acknowledgement: the rows are in the write-ahead log); receivers and rules
 * made through the REST API, as a user would.
 */
import { encodeSessions } from '../insights/otlp';
import type { SimSession } from '../insights/generate';
import type { z } from 'zod';
import type { AlertRuleInput, Receiver } from '../../collector-processor/src/alerting/rules/schema';
import { api } from '../../collector-processor/src/issues/testkit';

const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
let sequence = 0;

/**
 * A digit-free name for trial `i` (`bdz`…): routes keep it (a segment with digits may be taken for
 * an id and become `:id`) and the grouping keeps it in app-written messages and function names
 * (numbers in messages become `<num>`).
 */
export function trialName(i: number): string {
  let s = '';
  let n = i + 26 * 26; // at least three letters
  do {
    s = String.fromCharCode(97 + (n % 26)) + s;
    n = Math.floor(n / 26);
  } while (n > 0);
  return s;
}

function session(route: string, at: number, page: Partial<SimSession['pages'][number]>): SimSession {
  const n = ++sequence;
  const id = `${n.toString(16).padStart(8, '0')}${'a'.repeat(24)}`;
  return {
    id,
    visitorId: `visitor-${n}`,
    start: at,
    release: '1.0.0',
    agent: { browser: 'Chrome', device: 'desktop', ua: CHROME, weight: 1 },
    country: 'DE',
    pages: [
      {
        id: `pv-${n}`,
        at,
        route,
        url: `https://shop.example${route}`,
        hard: true,
        vitals: [],
        calls: [],
        longTasks: [],
        resources: [],
        errors: [],
        ...page,
      },
    ],
  };
}

/**
 * One page view with one uncaught error whose message and crash site are the trial's own, so it
 * groups as a new issue (fingerprint: type + in-app frame + app-written message).
 */
export function errorSession(name: string, at = Date.now()): SimSession {
  const fn = `checkoutStep${name[0]!.toUpperCase()}${name.slice(1)}`;
  const message = `Checkout step ${name} failed to load the basket`;
  return session('/checkout', at, {
    errors: [
      {
        at: at + 5,
        type: 'TypeError',
        message,
        stack: `TypeError: ${message}\n    at ${fn} (https://shop.example/assets/app.js:120:17)\n    at main (https://shop.example/assets/app.js:9:3)`,
      },
    ],
  });
}

/** `count` hard page loads of `route` with this LCP each (ms). */
export function lcpSessions(route: string, lcp: number, count: number, at = Date.now()): SimSession[] {
  return Array.from({ length: count }, (_, i) =>
    session(route, at + i, { vitals: [{ name: 'LCP', value: lcp, at: at + i + 1, attribution: {} }] }),
  );
}

/** POSTs the sessions to /v1/traces; resolves with the time the 200 arrived (the acknowledgement). */
export async function postTraces(url: string, ingestKey: string, sessions: SimSession[]): Promise<number> {
  const res = await fetch(`${url}/v1/traces`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-pulsetrace-key': ingestKey },
    body: encodeSessions(sessions).traces,
  });
  const acked = Date.now();
  const text = await res.text();
  if (res.status !== 200) throw new Error(`ingest answered ${res.status}: ${text}`);
  return acked;
}

/** PUT …/receivers/:name (201 or 200), else throws with the processor's answer. */
export async function putReceiver(
  url: string,
  token: string,
  project: string,
  body: z.input<typeof Receiver>,
) {
  const res = await api(url, token, 'PUT', `/projects/${project}/receivers/${body.name}`, body);
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`receiver ${body.name}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** PUT …/alert-rules/:id (201 or 200), else throws with the processor's answer. */
export async function putRule(url: string, token: string, project: string, rule: AlertRuleInput) {
  const res = await api(url, token, 'PUT', `/projects/${project}/alert-rules/${rule.id}`, rule);
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`rule ${rule.id}: ${res.status} ${JSON.stringify(res.body)}`);
}

/** The webhook body's fields the benchmark and the test read (docs/alerting.md "Payloads"). */
export interface WebhookBody {
  version: string;
  key: string;
  status: 'firing' | 'resolved';
  receiver: string;
  createdAt: string;
  alerts: Array<{
    status: string;
    ruleId: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
    value: number | null;
    startsAt: string;
    endsAt: string | null;
  }>;
}
