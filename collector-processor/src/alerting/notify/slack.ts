/**
 * Slack incoming webhook: a Block Kit message saying what fired (header), how bad and where
 * (section fields: project, severity, value, since), each alert's labels, and buttons into the app
 * (the alert's link: the issue, the insight or the rule) and to the runbook. A resolved group gets
 * a different form (green check, how long it lasted, no value); a test says it is a test.
 * Every text is cut to Slack's limits (block-kit.ts) so a long summary never makes Slack refuse it.
 */
import type { Receiver } from '../rules/schema';
import type { Alert, Notification, Notifier } from '../types';
import { formatDuration, formatValue, iso, SHOWN_LABEL_SKIP, truncate } from './format';
import { postJson } from './http';

type SlackReceiver = Extract<Receiver, { type: 'slack' }>;
type Block = Record<string, unknown>;

/** Alerts listed one section each; the rest are counted in a context line (50 blocks at most). */
export const MAX_ALERT_SECTIONS = 20;

/** Slack mrkdwn treats &, < and > as control characters. */
export const escapeMrkdwn = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

const mrkdwn = (text: string, max: number) => ({ type: 'mrkdwn', text: truncate(text, max) });
const plain = (text: string, max: number) => ({ type: 'plain_text', text: truncate(text, max), emoji: true });

const HEADS = { firing: '🔴 Firing', resolved: '✅ Resolved', test: '🧪 Test' } as const;

function alertLine(a: Alert, resolved: boolean): string {
  const labels = Object.entries(a.labels)
    .filter(([k]) => !SHOWN_LABEL_SKIP.has(k))
    .map(([k, v]) => `\`${escapeMrkdwn(k)}\`=${escapeMrkdwn(v)}`)
    .join('  ');
  const when =
    resolved && a.endsAt ? `lasted ${formatDuration(a.endsAt - a.startsAt)}` : `since ${iso(a.startsAt)}`;
  const value = resolved ? '' : ` · value *${formatValue(a.value)}*`;
  return `${labels || '_no labels_'}${value} · ${when}`;
}

function isHttp(url: string | undefined): url is string {
  return !!url && /^https?:\/\//.test(url) && url.length <= 3000;
}

/** The message for `n` (pure: same notification, same payload). */
export function slackPayload(
  n: Notification,
  receiver: Pick<SlackReceiver, 'channel'> = {},
): Record<string, unknown> {
  const first = n.alerts[0];
  const resolved = n.status === 'resolved';
  const rule = first?.ruleName ?? 'PulseTrace alert';
  const summary =
    first?.annotations.summary ??
    (n.status === 'test' ? 'This is a test notification from PulseTrace.' : rule);
  const title = `${HEADS[n.status]}: ${rule}`;
  const blocks: Block[] = [{ type: 'header', text: plain(title, 150) }];
  const description = first?.annotations.description;
  blocks.push({
    type: 'section',
    text: mrkdwn(`*${escapeMrkdwn(summary)}*${description ? `\n${escapeMrkdwn(description)}` : ''}`, 3000),
  });
  if (first) {
    const fields = [
      `*Project*\n${escapeMrkdwn(first.projectId)}`,
      `*Severity*\n${first.severity}`,
      resolved
        ? `*Lasted*\n${first.endsAt ? formatDuration(first.endsAt - first.startsAt) : 'n/a'}`
        : `*Value*\n${formatValue(first.value)}`,
      `*${resolved ? 'Resolved' : 'Since'}*\n${iso(resolved && first.endsAt ? first.endsAt : first.startsAt)}`,
    ];
    if (n.alerts.length > 1) fields.push(`*Alerts*\n${n.alerts.length}`);
    blocks.push({ type: 'section', fields: fields.map((f) => mrkdwn(f, 2000)) });
  }
  const listed =
    n.alerts.length > 1 || (first && Object.keys(first.labels).some((k) => !SHOWN_LABEL_SKIP.has(k)));
  if (listed) {
    blocks.push({ type: 'divider' });
    for (const a of n.alerts.slice(0, MAX_ALERT_SECTIONS))
      blocks.push({ type: 'section', text: mrkdwn(alertLine(a, resolved), 3000) });
    if (n.alerts.length > MAX_ALERT_SECTIONS)
      blocks.push({
        type: 'context',
        elements: [mrkdwn(`…and ${n.alerts.length - MAX_ALERT_SECTIONS} more alerts in this group`, 3000)],
      });
  }
  const buttons: Block[] = [];
  if (isHttp(first?.generatorUrl))
    buttons.push({
      type: 'button',
      action_id: 'open',
      text: plain('Open in PulseTrace', 75),
      url: first.generatorUrl,
      ...(resolved ? {} : { style: 'primary' }),
    });
  if (isHttp(first?.annotations.runbook_url))
    buttons.push({
      type: 'button',
      action_id: 'runbook',
      text: plain('Runbook', 75),
      url: first.annotations.runbook_url,
    });
  if (buttons.length) blocks.push({ type: 'actions', elements: buttons });
  blocks.push({
    type: 'context',
    elements: [
      mrkdwn(
        first
          ? `PulseTrace · rule \`${escapeMrkdwn(first.ruleId)}\` · ${iso(n.createdAt)}`
          : `PulseTrace · ${iso(n.createdAt)}`,
        3000,
      ),
    ],
  });
  return {
    // The push notification and screen-reader text: Slack shows blocks, and this where it cannot.
    text: truncate(`${title}: ${summary}`, 3000),
    ...(receiver.channel ? { channel: receiver.channel } : {}),
    blocks,
  };
}

export const slackNotifier: Notifier<SlackReceiver> = {
  type: 'slack',
  send: (receiver, n, signal) =>
    postJson({
      url: receiver.url,
      body: JSON.stringify(slackPayload(n, receiver)),
      signal,
      secrets: [receiver.url],
    }),
};
