/**
 * The scheduled insight engine (docs/insights.md "Engine"): every interval, for each project one
 * after another, run the detectors at the evaluation minute, reconcile their candidates with the
 * stored cards (reconcile.ts), narrate what changed materially, write the new versions in one
 * insert, and emit `'insight'` events for cards opened, escalated and resolved. Every replica runs
 * it; deterministic ids and versions make their writes converge (reconcile.ts).
 */
import { EventEmitter } from 'node:events';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import type { Metrics } from '../../observability/metrics';
import type { Project, ProjectStore } from '../../projects/project-store';
import type { ScrubbingSettings } from '../../projects/settings';
import { insightId, type Insight } from '../store/insight';
import { engineInsights, writeInsights } from '../store/insight-store';
import { SAME_INCIDENT_MS } from './incident';
import { DEFAULT_RECONCILE, reconcile, type CardWrite, type ReconcileOptions } from './reconcile';
import type { Detector, InsightCandidate } from './types';
import type { JobGate } from '../../scale/job-lease';

export const MINUTE_MS = 60_000;

/**
 * The narrative module's signature (narrative/index.ts createNarrator): the card's summary. It is
 * given the project's scrubbing rules, so nothing they would remove reaches a model.
 */
export type Narrator = (
  candidate: InsightCandidate,
  opts?: { scrubbing?: ScrubbingSettings },
) => Promise<{ summary: string; source: 'llm' | 'template'; promptVersion: string }>;

export interface InsightEngineOptions {
  client: ClickHouseClient;
  projects: Pick<ProjectStore, 'list' | 'get'>;
  detectors: Detector[];
  narrator?: Narrator;
  log: Logger;
  metrics?: Metrics;
  reconcile?: Partial<Omit<ReconcileOptions, 'resolveUnproposed'>>;
  /** Aborted: a pass in progress stops after the project it is evaluating (shutdown). */
  signal?: AbortSignal;
}

/** The payload of the engine's `'insight'` event (the alerting rules' new-insight event). */
export interface InsightEvent {
  change: 'opened' | 'escalated' | 'resolved';
  insight: Insight;
}

export interface EvaluationResult {
  opened: Insight[];
  /** Escalations, material changes and heartbeats of existing cards. */
  updated: Insight[];
  resolved: Insight[];
}

export interface InsightEngine extends EventEmitter {
  /**
   * One pass over `projectIds` (default: every project) at the minute of `now`. Passes run one at
   * a time: a call waits for the pass in progress. A failing project is logged and skipped.
   */
  runOnce(now?: number, projectIds?: string[]): Promise<EvaluationResult>;
  on(event: 'insight', listener: (e: InsightEvent) => void): this;
}

export interface RunningInsightEngine extends InsightEngine {
  /** Stops the timer and waits for the pass in progress. */
  stop(): Promise<void>;
}

const NARRATED = new Set<CardWrite['change']>(['opened', 'escalated', 'updated']);

export function createInsightEngine(o: InsightEngineOptions): InsightEngine {
  const options: ReconcileOptions = { ...DEFAULT_RECONCILE, ...o.reconcile };
  const engine = new EventEmitter() as InsightEngine;

  /** The detectors' candidates; `complete` is false when one failed (then nothing is resolved). */
  async function detect(projectId: string, now: number) {
    const candidates: InsightCandidate[] = [];
    let complete = true;
    for (const d of o.detectors) {
      try {
        candidates.push(...(await d.detect({ client: o.client, projectId, now })));
      } catch (err) {
        complete = false;
        o.metrics?.insightsEvaluationFailures.inc({ detector: d.name });
        o.log.warn(
          { err, project: projectId, detector: d.name },
          'insight detector failed; its cards are left as they are',
        );
      }
    }
    return { candidates, complete };
  }

  async function narrate(w: CardWrite, project: Project): Promise<void> {
    if (!o.narrator || !w.candidate || !NARRATED.has(w.change)) return;
    try {
      const n = await o.narrator(w.candidate, { scrubbing: project.settings?.scrubbing });
      Object.assign(w.insight, {
        summary: n.summary,
        summarySource: n.source,
        summaryPromptVersion: n.promptVersion,
      });
    } catch (err) {
      // The deterministic summary reconcile() wrote stays.
      o.log.warn({ err, project: project.id, insight: w.insight.insightId }, 'insight narrative failed');
    }
  }

  async function evaluate(projectId: string, now: number, result: EvaluationResult): Promise<void> {
    const project = o.projects.get(projectId);
    if (!project) return;
    const started = process.hrtime.bigint();
    const { candidates, complete } = await detect(projectId, now);
    const ids = candidates.map((c) => insightId({ projectId, ...c }));
    // Cards another detector's candidate may be the same incident as, or an engine-resolved card
    // it continues: those started or resolved within SAME_INCIDENT_MS of the earliest onset.
    const since = candidates.length
      ? Math.min(now, ...candidates.map((c) => c.startedAt)) - SAME_INCIDENT_MS
      : Infinity;
    const cards = await engineInsights(o.client, projectId, ids, now - options.resolveAfterMs, since);
    const writes = reconcile(
      { projectId, retentionDays: project.retentionDays, now, cards, candidates },
      { ...options, resolveUnproposed: complete },
    );
    for (const w of writes) await narrate(w, project);
    await writeInsights(
      o.client,
      writes.map((w) => w.insight),
    );
    o.metrics?.insightsEvaluationSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    for (const { insight, change } of writes) {
      if (change === 'opened') {
        result.opened.push(insight);
        o.metrics?.insightsOpened.inc({ kind: insight.kind, severity: insight.severity });
      } else if (change === 'resolved') {
        result.resolved.push(insight);
        o.metrics?.insightsResolved.inc({ kind: insight.kind });
      } else result.updated.push(insight);
      if (change === 'opened' || change === 'escalated' || change === 'resolved') {
        // A listener's error is its own: the cards are written, the pass goes on.
        try {
          engine.emit('insight', { change, insight } satisfies InsightEvent);
        } catch (err) {
          o.log.warn({ err, insight: insight.insightId }, 'insight event listener failed');
        }
      }
    }
    if (writes.length)
      o.log.info(
        { project: projectId, changes: writes.map((w) => w.change), writes: writes.length },
        'insights evaluated',
      );
  }

  async function pass(now: number, projectIds?: string[]): Promise<EvaluationResult> {
    // Replicas evaluating the same minute see the same instant, so they propose the same cards.
    const minute = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const result: EvaluationResult = { opened: [], updated: [], resolved: [] };
    for (const id of projectIds ?? o.projects.list().map((p) => p.id)) {
      if (o.signal?.aborted) break;
      try {
        await evaluate(id, minute, result);
      } catch (err) {
        o.metrics?.insightsEvaluationFailures.inc({ detector: 'engine' });
        o.log.warn({ err, project: id }, 'insight evaluation failed; the next pass retries');
      }
    }
    return result;
  }

  let chain: Promise<unknown> = Promise.resolve();
  engine.runOnce = (now = Date.now(), projectIds) => {
    const run = chain.then(() => pass(now, projectIds));
    chain = run.catch(() => undefined);
    return run;
  };
  return engine;
}

/**
 * The engine on a timer (PULSETRACE_INSIGHTS_INTERVAL_MS; 0: never, tests call runOnce). A tick
 * finding the previous pass still running is skipped rather than queued.
 */
export function startInsightEngine(
  // gate: timer passes run only on the replica holding the `insights-engine` lease (scale/job-lease.ts).
  o: InsightEngineOptions & { intervalMs: number; gate?: JobGate },
): RunningInsightEngine {
  const halt = new AbortController();
  const engine = createInsightEngine({ ...o, signal: halt.signal }) as RunningInsightEngine;
  let running: Promise<unknown> | undefined;
  let stopped = false;
  const timer =
    o.intervalMs > 0
      ? setInterval(() => {
          if (running || stopped) return;
          running = (o.gate ? o.gate.run(() => engine.runOnce()) : engine.runOnce())
            .catch((err: unknown) => o.log.warn({ err }, 'insight engine pass failed'))
            .finally(() => (running = undefined));
        }, o.intervalMs)
      : undefined;
  timer?.unref();
  engine.stop = async () => {
    stopped = true;
    halt.abort();
    if (timer) clearInterval(timer);
    // The last call made (timer or runOnce) finishes after every earlier one.
    await engine.runOnce(0, []).catch(() => undefined);
  };
  return engine;
}
