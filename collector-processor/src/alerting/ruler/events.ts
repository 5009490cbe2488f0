/**
 * Event rules: where `AlertEvent`s come from (the batch writer's stored error rows, the issue
 * lifecycle's transitions, the insight engine, the spike check on the tick) and what one event
 * means for one rule (`decideEvent`, pure). Event alerts fire once: endsAt = startsAt.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { InsightEvent } from '../../insights/engine';
import type { Activity, IssueState } from '../../issues/state';
import { selectRows } from '../../store/query';
import { fromDateTime64 } from '../../store/time';
import type { EventRule } from '../rules/schema';
import type { Alert, AlertEvent, Notification } from '../types';
import { buildAlert, eventIdentity, eventNotifications, type AlertContext } from './alerts';
import { instanceFingerprint } from './evaluate';
import { isSilenced, type Silence } from './silence';
import type { HistoryRow } from './store';

const issuePath = (project: string, fp: string) =>
  `/a/pulsetrace-app/issues/${encodeURIComponent(fp)}?project=${encodeURIComponent(project)}`;

/** An error's level: PulseTrace's error rows carry `handled`; unhandled ones are `fatal`. */
export const levelOf = (unhandled: boolean) => (unhandled ? 'fatal' : 'error');

interface StoredError {
  project: string;
  fingerprint: string;
  receivedAt: number;
  unhandled: boolean;
}

/** The error rows of a stored batch (JSONEachRow text as the WAL keeps it; empty columns omitted). */
export function parseErrorRows(ndjson: Buffer | string): StoredError[] {
  const out: StoredError[] = [];
  for (const line of ndjson.toString().split('\n')) {
    if (!line) continue;
    const r = JSON.parse(line) as Record<string, unknown>;
    if (!r.fingerprint || !r.project_id || r.received_at === undefined) continue;
    out.push({
      project: String(r.project_id),
      fingerprint: String(r.fingerprint),
      receivedAt: fromDateTime64(r.received_at as string),
      unhandled: !r.handled,
    });
  }
  return out;
}

/**
 * The batch's fingerprints whose issue did not exist before it: the issue's first event (the
 * aggregate's first_seen, once this batch is stored) is this batch's earliest row of it. An
 * earlier batch of any replica makes first_seen older. Two replicas storing the same new issue at
 * once may both see it as new; the notification key (the fingerprint) makes that one message.
 */
export async function newIssueEvents(
  client: ClickHouseClient,
  rows: readonly StoredError[],
): Promise<AlertEvent[]> {
  const byProject = new Map<string, Map<string, { first: number; unhandled: boolean }>>();
  for (const r of rows) {
    const fps = byProject.get(r.project) ?? new Map<string, { first: number; unhandled: boolean }>();
    const known = fps.get(r.fingerprint);
    fps.set(r.fingerprint, {
      first: Math.min(known?.first ?? Infinity, r.receivedAt),
      unhandled: (known?.unhandled ?? false) || r.unhandled,
    });
    byProject.set(r.project, fps);
  }
  const events: AlertEvent[] = [];
  for (const [project, fps] of byProject) {
    const found = await issueFacts(client, project, [...fps.keys()]);
    for (const [fp, batch] of fps) {
      const issue = found.get(fp);
      if (!issue || issue.firstSeen < batch.first) continue;
      events.push({
        name: 'issue.new',
        projectId: project,
        at: issue.firstSeen,
        subject: fp,
        title: issue.title,
        labels: { fingerprint: fp, level: levelOf(batch.unhandled), release: issue.release },
        value: issue.events,
        appPath: issuePath(project, fp),
      });
    }
  }
  return events;
}

interface IssueFacts {
  firstSeen: number;
  title: string;
  events: number;
  unhandled: number;
  release: string;
}

/** First seen, title, counts and latest release of issues, from the `issues` aggregate. */
export async function issueFacts(
  client: ClickHouseClient,
  project: string,
  fps: readonly string[],
): Promise<Map<string, IssueFacts>> {
  if (!fps.length) return new Map();
  const rows = await selectRows(
    client,
    `SELECT fingerprint, toUnixTimestamp64Milli(min(first_seen)) AS first, argMaxMerge(title) AS title,
       sum(events) AS events, sum(unhandled) AS unhandled, argMaxMerge(last_release) AS release
     FROM issues WHERE project_id = {project:String} AND fingerprint IN {fps:Array(String)}
     GROUP BY fingerprint`,
    { project, fps },
  );
  return new Map(
    rows.map((r) => [
      String(r.fingerprint),
      {
        firstSeen: Number(r.first),
        title: String(r.title),
        events: Number(r.events),
        unhandled: Number(r.unhandled),
        release: String(r.release ?? ''),
      },
    ]),
  );
}

/** One automatic transition of the issue lifecycle (issues/lifecycle.ts `onTransitions`). */
export interface IssueTransition {
  state: IssueState;
  activity: ReadonlyArray<Pick<Activity, 'action' | 'at' | 'release'>>;
}

/** The lifecycle's automatic transitions as events: regressed (resolved, seen again) and woke (ignored). */
export async function transitionEvents(
  client: ClickHouseClient,
  project: string,
  changes: readonly IssueTransition[],
): Promise<AlertEvent[]> {
  const found = changes.flatMap((c) =>
    c.activity
      .filter((a) => a.action === 'regressed' || a.action === 'unignored')
      .map((a) => ({ state: c.state, activity: a })),
  );
  if (!found.length) return [];
  const facts = await issueFacts(
    client,
    project,
    found.map((f) => f.state.fingerprint),
  );
  return found.map(({ state: s, activity: a }) => {
    const f = facts.get(s.fingerprint);
    const regressed = a.action === 'regressed';
    return {
      name: regressed ? ('issue.regressed' as const) : ('issue.woke' as const),
      projectId: project,
      at: regressed ? (s.regressedAt ?? a.at) : a.at,
      subject: s.fingerprint,
      title: f?.title ?? s.fingerprint,
      labels: {
        fingerprint: s.fingerprint,
        level: levelOf((f?.unhandled ?? 0) > 0),
        release: regressed ? s.regressedInRelease || a.release : (f?.release ?? ''),
        // The state version the transition wrote is the same on every replica (the wake-up's time
        // is each replica's clock when a count woke it): the event's identity.
        issue_version: String(s.version),
      },
      value: f?.events ?? null,
      appPath: issuePath(project, s.fingerprint),
    };
  });
}

/** The insight engine's opened cards as events. */
export function insightEvent(e: InsightEvent): AlertEvent | null {
  if (e.change !== 'opened') return null;
  const i = e.insight;
  return {
    name: 'insight.opened',
    projectId: i.projectId,
    at: i.detectedAt,
    subject: i.insightId,
    title: i.title,
    labels: { insight_kind: i.kind, insight_severity: i.severity, metric: i.metric, release: i.release },
    value: i.affectedSessions,
    appPath: `/a/pulsetrace-app/insights/${encodeURIComponent(i.insightId)}?project=${encodeURIComponent(i.projectId)}`,
  };
}

export const HOUR_MS = 3600_000;
const BASELINE_HOURS = 7 * 24;

/**
 * Issues spiking at `now`: events received in the last hour ≥ minEvents and ≥ factor × the issue's
 * own hourly baseline (its events in the 7 days before that hour, per hour it existed; at least
 * one event an hour). One event per issue per hour (the hour is the identity).
 */
export async function spikeEvents(
  client: ClickHouseClient,
  project: string,
  rule: EventRule,
  now: number,
): Promise<AlertEvent[]> {
  const { factor, minEvents } = rule.spike ?? { factor: 5, minEvents: 50 };
  const hourStart = now - HOUR_MS;
  const rows = await selectRows(
    client,
    `SELECT fingerprint, countIf(received_at >= fromUnixTimestamp64Milli({hour:Int64})) AS recent,
       countIf(received_at < fromUnixTimestamp64Milli({hour:Int64})) AS before,
       toUnixTimestamp64Milli(min(received_at)) AS first, countIf(handled = 0) AS unhandled
     FROM errors
     WHERE project_id = {project:String} AND fingerprint != ''
       AND received_at >= fromUnixTimestamp64Milli({since:Int64}) AND received_at < fromUnixTimestamp64Milli({now:Int64})
     GROUP BY fingerprint HAVING recent >= {min:UInt64} LIMIT 1000`,
    { project, hour: hourStart, since: hourStart - BASELINE_HOURS * HOUR_MS, now, min: minEvents },
  );
  const spiking = rows.filter((r) => {
    const hours = Math.min(BASELINE_HOURS, Math.max(1, (hourStart - Number(r.first)) / HOUR_MS));
    const baseline = Math.max(1, Number(r.before) / hours);
    return Number(r.recent) >= factor * baseline;
  });
  const facts = await issueFacts(
    client,
    project,
    spiking.map((r) => String(r.fingerprint)),
  );
  const hour = Math.floor(now / HOUR_MS) * HOUR_MS;
  return spiking.map((r) => {
    const fp = String(r.fingerprint);
    return {
      name: 'issue.spike' as const,
      projectId: project,
      at: hour,
      subject: fp,
      title: facts.get(fp)?.title ?? fp,
      labels: {
        fingerprint: fp,
        level: levelOf(Number(r.unhandled) > 0),
        release: facts.get(fp)?.release ?? '',
      },
      value: Number(r.recent),
      appPath: issuePath(project, fp),
    };
  });
}

export interface EventDecision {
  alert: Alert;
  notifications: Notification[];
  history: HistoryRow;
}

/** Whether a rule takes the event (its name, its levels), and what that means. Pure. */
export function decideEvent(
  rule: EventRule,
  e: AlertEvent,
  opts: {
    receivers: readonly string[];
    silences: readonly Silence[];
    ctx: AlertContext;
    retentionDays: number;
    now: number;
  },
): EventDecision | null {
  if (!rule.enabled || rule.event !== e.name) return null;
  if (rule.levels && !rule.levels.includes(e.labels.level ?? '')) return null;
  // The title is a label so that rule templates (`{{ $labels.title }}`, as the built-ins write) and
  // Alertmanager's own templates can name the issue; capped, as labels are indexed by receivers.
  const labels = { ...e.labels, title: e.title.slice(0, 200), subject: e.subject };
  const fingerprint = instanceFingerprint(rule.id, e.projectId, { event: e.name, subject: eventIdentity(e) });
  const alert = buildAlert(
    rule,
    e.projectId,
    fingerprint,
    labels,
    e.value,
    { startsAt: e.at, endsAt: e.at },
    opts.ctx,
    e.appPath,
  );
  if (!rule.annotations.summary.includes('{{'))
    alert.annotations.summary = `${rule.annotations.summary}: ${e.title}`;
  alert.annotations.title = e.title;
  const silenced = isSilenced(opts.silences, alert.labels, opts.now);
  return {
    alert,
    notifications: silenced ? [] : eventNotifications(alert, e, opts.receivers, opts.now),
    history: {
      projectId: e.projectId,
      ruleId: rule.id,
      fingerprint,
      at: e.at,
      state: 'firing',
      retentionDays: opts.retentionDays,
      ruleName: rule.name,
      kind: 'event',
      severity: rule.severity,
      labels: alert.labels,
      value: e.value,
      startsAt: e.at,
      endsAt: e.at,
      summary: alert.annotations.summary ?? '',
      silenced,
    },
  };
}
