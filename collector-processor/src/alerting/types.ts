/**
 * The contract between the ruler (ruler/: evaluates rules, keeps alert states, decides what to
 * notify) and the notifiers (notify/: Slack, webhook, Alertmanager; retries, dead letters).
 * The ruler writes each notification once, under an idempotent key, to the outbox in ClickHouse;
 * the delivery loop sends it through the receiver's notifier and records the outcome, so a
 * restarted or second replica neither loses a pending notification nor repeats a delivered one.
 */
import type { AlertRule, Receiver, Severity } from './rules/schema';

export type AlertState = 'inactive' | 'pending' | 'firing';

/** One alert instance: a rule, a project and one series (its labels), as Alertmanager sees it. */
export interface Alert {
  ruleId: string;
  ruleName: string;
  projectId: string;
  /** Stable hash of ruleId, projectId and labels: the instance's identity across evaluations. */
  fingerprint: string;
  /** Rule labels + series labels + `alertname`, `project`, `severity`. */
  labels: Record<string, string>;
  /** summary, description, runbook_url, with `{{ $labels.x }}` / `{{ $value }}` filled in. */
  annotations: Record<string, string>;
  severity: Severity;
  /** The reduced value that fired (threshold rules) or the event's count (event rules). */
  value: number | null;
  /** Epoch ms the instance started firing (or the event happened). */
  startsAt: number;
  /** Epoch ms it resolved; absent while firing. Event alerts resolve at once (no recovery). */
  endsAt?: number;
  /** Link into the app (the issue, the insight, or the rule's page), absolute. */
  generatorUrl: string;
}

export type NotificationStatus = 'firing' | 'resolved' | 'test';

/** One message to one receiver: a group of alerts of one rule and project. */
export interface Notification {
  /**
   * Idempotency key: receiver, rule, project, group, status and the firing's start (plus the
   * repeat number), so every replica that decides the same notification writes the same key.
   */
  key: string;
  receiver: string;
  status: NotificationStatus;
  alerts: Alert[];
  /** Epoch ms the ruler decided it. */
  createdAt: number;
}

export interface DeliveryAttempt {
  ok: boolean;
  /** HTTP status when one came back. */
  status?: number;
  /** What went wrong, free of secrets (no URL of a Slack hook, no header). */
  error?: string;
  /** True when retrying cannot help (4xx other than 408/429): dead-letter at once. */
  permanent?: boolean;
  /** Server-asked delay before the next attempt (Retry-After), ms. */
  retryAfterMs?: number;
}

/** Sends one notification once; retries, backoff and dead letters are the delivery loop's. */
export interface Notifier<R extends Receiver = Receiver> {
  type: R['type'];
  send(receiver: R, n: Notification, signal: AbortSignal): Promise<DeliveryAttempt>;
}

/** Something the processor saw happen, for event rules (ingest path, issue lifecycle, insights). */
export interface AlertEvent {
  name: 'issue.new' | 'issue.regressed' | 'issue.woke' | 'issue.spike' | 'insight.opened';
  projectId: string;
  /** Epoch ms it happened (first event of the issue, the transition, the insight's opening). */
  at: number;
  /** The fingerprint or the insight's id: with `name` and `at`, the alert's identity. */
  subject: string;
  title: string;
  labels: Record<string, string>;
  value: number | null;
  /** Path in the app, e.g. `/a/pulsetrace-app/issues/<fp>?project=<id>`. */
  appPath: string;
}

/** The rules in force for a project: the rule file's and the API's, with the project's overrides applied (rules/). */
export interface RuleSource {
  rulesFor(projectId: string): Promise<AlertRule[]>;
}

/**
 * Evaluates one rule for one project at `now` without notifying anyone (the ruler's; POST
 * /api/v1/projects/:id/alert-rules/:ruleId/test and `pulsetrace alerts test` answer its result).
 */
export interface RuleTester {
  test(projectId: string, rule: AlertRule, now: number): Promise<unknown>;
}

/**
 * Where the ruler hands notifications over (notify/): written once per key (a key already there
 * is ignored), delivered by the delivery loop with retries, and a dead letter after the limit.
 */
export interface NotificationOutbox {
  enqueue(notifications: readonly Notification[]): Promise<void>;
}

/** The receivers of a project, secrets included (notify/ stores them; never sent in an answer). */
export interface ReceiverSource {
  receivers(projectId: string): Promise<Receiver[]>;
  /** The names notified when a rule lists none. */
  defaultReceivers(projectId: string): Promise<string[]>;
}
