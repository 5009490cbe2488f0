/**
 * The processor's ruler (docs/alerting.md "The processor's ruler"): a tick evaluates the
 * threshold rules whose interval boundary passed (at the boundary, so replicas evaluate the same
 * instants) and the issue-spike rules; events (new issues from the batch writer, lifecycle
 * transitions, opened insights) are handled as they come. State lives in ClickHouse; every
 * notification goes to the outbox under a deterministic key, so replicas and restarts agree.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import type { Metrics } from '../../observability/metrics';
import type { Project } from '../../projects/project-store';
import { selectRows } from '../../store/query';
import { durationMs, type AlertRule, type EventRule, type ThresholdRule } from '../rules/schema';
import type { AlertEvent, NotificationOutbox, ReceiverSource, RuleSource } from '../types';
import type { AlertContext } from './alerts';
import { decideEvent, spikeEvents } from './events';
import type { Silence } from './silence';
import { listSilences } from './silence-store';
import {
  lastEvaluations,
  loadInstances,
  writeEvaluations,
  writeHistory,
  writeInstances,
  type Evaluation,
} from './store';
import { evaluateThreshold, type ThresholdResult } from './threshold';

export interface RulerOptions {
  client: ClickHouseClient;
  projects: { list(): Project[]; get(id: string): Project | undefined };
  rules: RuleSource;
  outbox: NotificationOutbox;
  receivers?: ReceiverSource;
  log: Logger;
  metrics?: Metrics;
  /** Absolute base of links into the Grafana app. */
  appUrl: string;
}

export interface PassResult {
  evaluated: number;
  failed: number;
  notifications: number;
  events: number;
}

/** How often the spike check runs per rule: the baseline is hourly, a minute is plenty. */
const SPIKE_INTERVAL_MS = 60_000;

/** The instant a rule evaluates at: the last multiple of its interval (the same on every replica). */
export const alignedInstant = (now: number, intervalMs: number) => Math.floor(now / intervalMs) * intervalMs;

export class Ruler {
  private chain: Promise<unknown> = Promise.resolve();
  private readonly ctx: AlertContext;

  constructor(private readonly o: RulerOptions) {
    this.ctx = { appUrl: o.appUrl };
  }

  /** One pass over every project at `now`; passes run one at a time. */
  runOnce(now = Date.now()): Promise<PassResult> {
    const run = this.chain.then(() => this.pass(now));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Handles events now (not at the next tick); serialised with passes. Returns notifications enqueued. */
  handleEvents(events: readonly AlertEvent[], now = Date.now()): Promise<number> {
    if (!events.length) return Promise.resolve(0);
    const run = this.chain.then(() => this.events(events, now));
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Waits for what is running. */
  idle(): Promise<unknown> {
    return this.chain;
  }

  async receiversFor(rule: AlertRule, projectId: string): Promise<string[]> {
    if (rule.receivers.length) return rule.receivers;
    return this.o.receivers ? this.o.receivers.defaultReceivers(projectId) : [];
  }

  private async pass(now: number): Promise<PassResult> {
    const result: PassResult = { evaluated: 0, failed: 0, notifications: 0, events: 0 };
    for (const project of this.o.projects.list()) {
      try {
        await this.evaluateProject(project, now, result);
      } catch (err) {
        result.failed++;
        this.o.metrics?.alertEvaluationFailures.inc({ kind: 'project' });
        this.o.log.warn(
          { err, project: project.id },
          'alert rules not evaluated for this project; next tick retries',
        );
      }
    }
    await this.updateFiringGauge();
    return result;
  }

  private async evaluateProject(project: Project, now: number, result: PassResult): Promise<void> {
    const rules = (await this.o.rules.rulesFor(project.id)).filter((r) => r.enabled);
    if (!rules.length) return;
    const last = await lastEvaluations(this.o.client, project.id);
    const due = (r: AlertRule, intervalMs: number) =>
      (last.get(r.id) ?? -Infinity) < alignedInstant(now, intervalMs);
    const thresholds = rules.filter(
      (r): r is ThresholdRule => r.kind === 'threshold' && due(r, durationMs(r.interval)),
    );
    const spikes = rules.filter(
      (r): r is EventRule => r.kind === 'event' && r.event === 'issue.spike' && due(r, SPIKE_INTERVAL_MS),
    );
    if (!thresholds.length && !spikes.length) return;
    const silences = await listSilences(this.o.client, project.id, now);
    const previous = await loadInstances(
      this.o.client,
      project.id,
      thresholds.map((r) => r.id),
    );
    const evaluations: Evaluation[] = [];
    for (const rule of thresholds) {
      const at = alignedInstant(now, durationMs(rule.interval));
      const r = await evaluateThreshold(this.o.client, {
        rule,
        projectId: project.id,
        retentionDays: project.retentionDays,
        at,
        previous: previous.get(rule.id) ?? [],
        previousAt: last.get(rule.id),
        receivers: await this.receiversFor(rule, project.id),
        silences,
        ctx: this.ctx,
      });
      await this.apply(project.id, rule.id, at, r);
      evaluations.push(r.evaluation);
      result.evaluated++;
      result.notifications += r.notifications.length;
      this.o.metrics?.alertEvaluations.inc({ kind: 'threshold' });
      this.o.metrics?.alertEvaluationSeconds.observe(r.evaluation.durationMs / 1000);
      if (r.outcome.health === 'error') {
        result.failed++;
        this.o.metrics?.alertEvaluationFailures.inc({ kind: 'threshold' });
        this.o.log.warn(
          { project: project.id, rule: rule.id, error: r.outcome.error },
          'alert rule evaluation failed',
        );
      }
    }
    for (const rule of spikes) {
      const at = alignedInstant(now, SPIKE_INTERVAL_MS);
      const began = performance.now();
      const events = await spikeEvents(this.o.client, project.id, rule, at);
      result.notifications += await this.eventsForRules([rule], events, project, silences, now);
      result.events += events.length;
      result.evaluated++;
      this.o.metrics?.alertEvaluations.inc({ kind: 'spike' });
      this.o.metrics?.alertEvaluationSeconds.observe((performance.now() - began) / 1000);
      evaluations.push({
        ruleId: rule.id,
        evaluatedAt: at,
        health: 'ok',
        error: '',
        series: events.length,
        durationMs: performance.now() - began,
      });
    }
    await writeEvaluations(this.o.client, project.id, evaluations);
  }

  /**
   * Writes an evaluation's consequences: the outbox first (a crash after it at worst re-decides
   * the same keys; before it nothing was promised), then history, then the new states.
   */
  private async apply(projectId: string, ruleId: string, at: number, r: ThresholdResult): Promise<void> {
    if (r.notifications.length) await this.o.outbox.enqueue(r.notifications);
    await writeHistory(this.o.client, r.history);
    await writeInstances(this.o.client, projectId, ruleId, at, r.instances);
  }

  private async events(events: readonly AlertEvent[], now: number): Promise<number> {
    let enqueued = 0;
    const byProject = new Map<string, AlertEvent[]>();
    for (const e of events) byProject.set(e.projectId, [...(byProject.get(e.projectId) ?? []), e]);
    for (const [projectId, list] of byProject) {
      const project = this.o.projects.get(projectId);
      if (!project) continue;
      const names = new Set(list.map((e) => e.name));
      const rules = (await this.o.rules.rulesFor(projectId)).filter(
        (r): r is EventRule =>
          r.kind === 'event' && r.enabled && names.has(r.event) && r.event !== 'issue.spike',
      );
      if (!rules.length) continue;
      const silences = await listSilences(this.o.client, projectId, now);
      enqueued += await this.eventsForRules(rules, list, project, silences, now);
    }
    return enqueued;
  }

  private async eventsForRules(
    rules: readonly EventRule[],
    events: readonly AlertEvent[],
    project: Project,
    silences: readonly Silence[],
    now: number,
  ): Promise<number> {
    const decisions = [];
    for (const rule of rules) {
      const receivers = await this.receiversFor(rule, project.id);
      for (const e of events) {
        const d = decideEvent(rule, e, {
          receivers,
          silences,
          ctx: this.ctx,
          retentionDays: project.retentionDays,
          now,
        });
        if (d) decisions.push(d);
        if (d)
          this.o.metrics?.alertEvents.inc({
            event: rule.event,
            notified: String(d.notifications.length > 0),
          });
      }
    }
    const notifications = decisions.flatMap((d) => d.notifications);
    if (notifications.length) await this.o.outbox.enqueue(notifications);
    await writeHistory(
      this.o.client,
      decisions.map((d) => d.history),
    );
    return notifications.length;
  }

  private async updateFiringGauge(): Promise<void> {
    if (!this.o.metrics) return;
    const [row] = await selectRows(
      this.o.client,
      `SELECT count() AS n FROM (SELECT state FROM alert_instances FINAL) WHERE state = 'firing'`,
      {},
    ).catch(() => [undefined]);
    if (row) this.o.metrics.alertsFiring.set(Number(row.n));
  }
}
