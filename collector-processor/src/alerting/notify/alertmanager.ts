/**
 * Prometheus Alertmanager, API v2: `POST <url>/api/v2/alerts` with a list of alerts (labels,
 * annotations, startsAt, endsAt, generatorURL), so the users' routing, grouping, silences and
 * on-call apply. As Prometheus does, a firing alert is sent again every `resendDelay` (default 1m)
 * with endsAt = now + 4 × resendDelay: Alertmanager keeps it active while the sends keep coming and
 * resolves it by itself if the processor goes away. A resolved alert is sent once with its endsAt.
 * The resends are the delivery loop's (delivery-loop.ts, table alert_am_active).
 */
import { durationMs, type Receiver } from '../rules/schema';
import type { Alert, Notification, Notifier } from '../types';
import { iso } from './format';
import { postJson } from './http';

export type AlertmanagerReceiver = Extract<Receiver, { type: 'alertmanager' }>;

export const DEFAULT_RESEND_DELAY_MS = 60_000;
export const TEST_ALERTNAME = 'PulseTraceTestNotification';

export const resendDelayMs = (r: Pick<AlertmanagerReceiver, 'resendDelay'>) =>
  r.resendDelay ? durationMs(r.resendDelay) : DEFAULT_RESEND_DELAY_MS;

/** Prometheus label names; anything else in a PulseTrace label name becomes `_`. */
const labelName = (k: string) => k.replace(/[^a-zA-Z0-9_]/g, '_').replace(/^(?=[0-9])/, '_');

/** Empty values dropped: in Prometheus' model an empty label is an absent one. */
function cleanMap(
  m: Record<string, string>,
  rename: (k: string) => string = (k) => k,
): Record<string, string> {
  return Object.fromEntries(
    Object.entries(m)
      .filter(([, v]) => v !== '')
      .map(([k, v]) => [rename(k), v]),
  );
}

export interface PostableAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
  generatorURL?: string;
}

/** One alert as Alertmanager takes it: firing (`resolved` false) or resolved at its endsAt. */
export function postableAlert(a: Alert, resolved: boolean, now: number, resendMs: number): PostableAlert {
  // Firing: active for 4 resends, as Prometheus sets it. An event alert's own end (= its start) is
  // in the past: sent with it, Alertmanager would take it as resolved and never notify it.
  const endsAt = resolved ? (a.endsAt ?? now) : Math.max(a.endsAt ?? 0, now + 4 * resendMs);
  return {
    labels: cleanMap({ alertname: a.ruleName, ...a.labels }, labelName),
    annotations: cleanMap(a.annotations),
    startsAt: iso(a.startsAt),
    endsAt: iso(endsAt),
    generatorURL: a.generatorUrl,
  };
}

/** The body for `n` at time `now` (pure). */
export function alertmanagerPayload(n: Notification, now: number, resendMs: number): PostableAlert[] {
  if (n.status === 'test')
    return [
      {
        labels: { alertname: TEST_ALERTNAME, receiver: n.receiver, severity: 'info' },
        annotations: { summary: 'Test notification from PulseTrace: this receiver is reachable.' },
        startsAt: iso(n.createdAt),
        endsAt: iso(now + 4 * resendMs),
      },
    ];
  return n.alerts.map((a) => postableAlert(a, n.status === 'resolved', now, resendMs));
}

export function alertmanagerHeaders(r: AlertmanagerReceiver): Record<string, string> {
  if (r.bearerToken) return { authorization: `Bearer ${r.bearerToken}` };
  if (r.basicAuth)
    return {
      authorization: `Basic ${Buffer.from(`${r.basicAuth.username}:${r.basicAuth.password}`).toString('base64')}`,
    };
  return {};
}

export const alertsUrl = (base: string) => `${base.replace(/\/+$/, '')}/api/v2/alerts`;

/** POSTs already built alerts (the notifier, and the loop's resends). */
export function postAlerts(r: AlertmanagerReceiver, alerts: PostableAlert[], signal: AbortSignal) {
  return postJson({
    url: alertsUrl(r.url),
    body: JSON.stringify(alerts),
    headers: alertmanagerHeaders(r),
    signal,
    secrets: [r.url, r.bearerToken, r.basicAuth?.password],
  });
}

export const alertmanagerNotifier: Notifier<AlertmanagerReceiver> = {
  type: 'alertmanager',
  send: (r, n, signal) => postAlerts(r, alertmanagerPayload(n, Date.now(), resendDelayMs(r)), signal),
};
