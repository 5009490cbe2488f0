/**
 * Generic webhook: a versioned JSON payload (version "1": status, receiver, group labels and the
 * alerts, Alertmanager-like so existing consumers map easily), signed with the receiver's secret
 * (signature.ts) and carrying the notification key in `X-PulseTrace-Delivery`: delivery is at
 * least once, so a receiver de-duplicates on that header.
 */
import type { Receiver } from '../rules/schema';
import type { Notification, Notifier } from '../types';
import { commonLabels, groupLabels, iso } from './format';
import { postJson } from './http';
import { DELIVERY_HEADER, sign, SIGNATURE_HEADER } from './signature';

type WebhookReceiver = Extract<Receiver, { type: 'webhook' }>;

export const WEBHOOK_PAYLOAD_VERSION = '1';

/** The body (pure: the same notification gives the same bytes, whichever replica sends it). */
export function webhookPayload(n: Notification) {
  return {
    version: WEBHOOK_PAYLOAD_VERSION,
    key: n.key,
    status: n.status,
    receiver: n.receiver,
    groupLabels: groupLabels(n),
    commonLabels: commonLabels(n.alerts),
    createdAt: iso(n.createdAt),
    alerts: n.alerts.map((a) => ({
      status: n.status === 'resolved' || a.endsAt !== undefined ? 'resolved' : 'firing',
      fingerprint: a.fingerprint,
      ruleId: a.ruleId,
      ruleName: a.ruleName,
      projectId: a.projectId,
      severity: a.severity,
      value: a.value,
      labels: a.labels,
      annotations: a.annotations,
      startsAt: iso(a.startsAt),
      endsAt: a.endsAt === undefined ? null : iso(a.endsAt),
      generatorURL: a.generatorUrl,
    })),
  };
}

/** Headers of one attempt; `t` is the attempt's time, so a retry carries a fresh signature. */
export function webhookHeaders(
  receiver: Pick<WebhookReceiver, 'secret' | 'headers'>,
  key: string,
  body: string,
  unixSeconds: number,
): Record<string, string> {
  return {
    ...receiver.headers,
    [DELIVERY_HEADER]: key,
    ...(receiver.secret ? { [SIGNATURE_HEADER]: sign(receiver.secret, body, unixSeconds) } : {}),
  };
}

export const webhookNotifier: Notifier<WebhookReceiver> = {
  type: 'webhook',
  send(receiver, n, signal) {
    const body = JSON.stringify(webhookPayload(n));
    return postJson({
      url: receiver.url,
      body,
      headers: webhookHeaders(receiver, n.key, body, Math.floor(Date.now() / 1000)),
      signal,
      secrets: [receiver.url, receiver.secret, ...Object.values(receiver.headers ?? {})],
    });
  },
};
