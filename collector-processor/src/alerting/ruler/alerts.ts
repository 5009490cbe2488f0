/**
 * From rule instances and events to `Alert`s and to the notifications the outbox gets, keyed so
 * that every replica deciding the same thing writes the same key (types.ts Notification.key).
 * One notification per receiver per group (a rule in a project) per change. Pure.
 */
import type { AlertRule } from '../rules/schema';
import type { Alert, AlertEvent, Notification } from '../types';
import { isSilenced, type Silence } from './silence';

/** `{{ $labels.route }}`, `{{ $value }}` (Prometheus / Grafana template forms) filled in. */
export function fillTemplate(text: string, labels: Record<string, string>, value: number | null): string {
  return text.replace(
    /\{\{\s*\$(labels\.([a-zA-Z_][a-zA-Z0-9_]*)|value)\s*\}\}/g,
    (_m, _all, name?: string) =>
      name !== undefined ? (labels[name] ?? '') : value === null ? '' : formatValue(value),
  );
}

function formatValue(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(4)));
}

export interface AlertContext {
  /** Absolute base of the Grafana app links, e.g. http://localhost:3000 (no trailing slash). */
  appUrl: string;
}

/** The alert of one instance (threshold) or one event; `seriesLabels` win over the rule's labels. */
export function buildAlert(
  rule: AlertRule,
  projectId: string,
  fingerprint: string,
  seriesLabels: Record<string, string>,
  value: number | null,
  times: { startsAt: number; endsAt?: number },
  ctx: AlertContext,
  appPath?: string,
): Alert {
  const labels: Record<string, string> = {
    ...rule.labels,
    ...seriesLabels,
    alertname: seriesLabels.alertname ?? rule.name,
    rule_id: rule.id,
    project: projectId,
    severity: rule.severity,
  };
  const annotations: Record<string, string> = {
    summary: fillTemplate(rule.annotations.summary, labels, value),
  };
  if (rule.annotations.description)
    annotations.description = fillTemplate(rule.annotations.description, labels, value);
  if (rule.annotations.runbookUrl) annotations.runbook_url = rule.annotations.runbookUrl;
  const path =
    appPath ??
    `/a/pulsetrace-app/alerts/${encodeURIComponent(rule.id)}?project=${encodeURIComponent(projectId)}`;
  return {
    ruleId: rule.id,
    ruleName: rule.name,
    projectId,
    fingerprint,
    labels,
    annotations,
    severity: rule.severity,
    value,
    startsAt: times.startsAt,
    ...(times.endsAt !== undefined ? { endsAt: times.endsAt } : {}),
    generatorUrl: `${ctx.appUrl.replace(/\/+$/, '')}${path}`,
  };
}

/** What one evaluation of a rule in a project decided to say. */
export interface GroupChange {
  rule: AlertRule;
  projectId: string;
  now: number;
  /** Alerts that started firing at `now`. */
  fired: Alert[];
  /** Alerts that resolved at `now` (endsAt set). */
  resolved: Alert[];
  /** Every alert firing after this evaluation (fired included). */
  firing: Alert[];
  /** The previous evaluation instant (repeats are due when a repeat boundary lies in between). */
  previousAt: number | undefined;
  repeatMs: number;
}

/**
 * The group's notifications for one evaluation, per receiver: "firing" when alerts started firing
 * (listing every firing alert, as Alertmanager's group message does), "resolved" for those that
 * ended, or a repeat of the firing list once `repeatInterval` has passed since the group's
 * oldest firing alert started. Silenced alerts are left out; a message with none left is not sent.
 */
export function groupNotifications(
  g: GroupChange,
  receivers: readonly string[],
  silenceList: readonly Silence[],
): Notification[] {
  const loud = (a: Alert) => !isSilenced(silenceList, a.labels, g.now);
  const firing = g.firing.filter(loud);
  const fired = g.fired.filter(loud);
  const resolved = g.resolved.filter(loud);
  const group = `${g.rule.id}|${g.projectId}`;
  const out: Notification[] = [];
  for (const receiver of receivers) {
    const key = (status: string, start: number, suffix: string) =>
      `${receiver}|${group}|${status}|${start}|${suffix}`;
    if (fired.length) {
      out.push({
        key: key('firing', g.now, 'r0'),
        receiver,
        status: 'firing',
        alerts: firing,
        createdAt: g.now,
      });
    } else if (firing.length && g.previousAt !== undefined && g.repeatMs > 0) {
      const start = Math.min(...firing.map((a) => a.startsAt));
      const n = Math.floor((g.now - start) / g.repeatMs);
      const before = Math.floor((g.previousAt - start) / g.repeatMs);
      if (n > 0 && n > before)
        out.push({
          key: key('firing', start, `r${n}`),
          receiver,
          status: 'firing',
          alerts: firing,
          createdAt: g.now,
        });
    }
    if (resolved.length)
      out.push({
        key: key('resolved', g.now, fingerprintsOf(resolved)),
        receiver,
        status: 'resolved',
        alerts: resolved,
        createdAt: g.now,
      });
  }
  return out;
}

function fingerprintsOf(alerts: readonly Alert[]): string {
  return alerts
    .map((a) => a.fingerprint)
    .sort()
    .join(',')
    .slice(0, 200);
}

/**
 * An event's identity: a new issue or an opened insight notifies once ever (its fingerprint or
 * id); a regression or a wake-up once per transition (the issue state's version), a spike once
 * per hour.
 */
export function eventIdentity(e: AlertEvent): string {
  if (e.name === 'issue.new' || e.name === 'insight.opened') return e.subject;
  if (e.labels.issue_version) return `${e.subject}@v${e.labels.issue_version}`;
  return `${e.subject}@${e.at}`;
}

/** One event alert's notification per receiver; event alerts fire once (endsAt = startsAt). */
export function eventNotifications(
  alert: Alert,
  e: AlertEvent,
  receivers: readonly string[],
  now: number,
): Notification[] {
  return receivers.map((receiver) => ({
    key: `${receiver}|${alert.ruleId}|${alert.projectId}|${e.name}|${eventIdentity(e)}`,
    receiver,
    status: 'firing' as const,
    alerts: [alert],
    createdAt: now,
  }));
}
