/**
 * The processor's ruler, started by processor.ts: the tick (PULSETRACE_ALERTS_INTERVAL_MS; 0
 * disables it and tests call `runOnce(now)`) and the event hooks the batch writer, the issue
 * lifecycle and the insight engine call. docs/alerting.md "The processor's ruler".
 */
import type { InsightEvent } from '../../insights/engine';
import type { TransitionListener } from '../../issues/lifecycle';
import type { WalTable } from '../../store/rows';
import type { AlertEvent } from '../types';
import { insightEvent, newIssueEvents, parseErrorRows, transitionEvents } from './events';
import { Ruler, type PassResult, type RulerOptions } from './ruler';
import { createRuleTester, type RuleTestResult } from './tester';
import type { JobGate } from '../../scale/job-lease';

export { Ruler, alignedInstant, type PassResult, type RulerOptions } from './ruler';
export { createRuleTester, type RuleTestResult, type TestedSeries } from './tester';
export { silenceRoutes } from './silence-routes';

export interface RunningRuler {
  /** One pass of threshold and spike rules at `now` (aligned per rule). */
  runOnce(now?: number): Promise<PassResult>;
  /** Event rules for these events, now. */
  handleEvents(events: readonly AlertEvent[], now?: number): Promise<number>;
  /** BatchWriter hook: a stored batch's error rows → issue.new events (handled in the background). */
  onStored(tables: ReadonlyArray<{ table: WalTable; ndjson: Buffer }>): void;
  /** Issue lifecycle hook: regressions and wake-ups → events. */
  onIssueTransitions: TransitionListener;
  /** Insight engine `'insight'` listener: opened cards → insight.opened. */
  onInsight(e: InsightEvent): void;
  tester: {
    test(
      projectId: string,
      rule: Parameters<ReturnType<typeof createRuleTester>['test']>[1],
      now: number,
    ): Promise<RuleTestResult>;
  };
  /** Waits for event handling started by the hooks and the pass in progress. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** The default settle delay: the batch writer's default wait (1 s) and an insert's time. */
export const DEFAULT_TICK_SETTLE_MS = 2000;

/**
 * When the tick after `now` runs: `settleMs` after the next multiple of `intervalMs` of the wall
 * clock. Rules evaluate at their interval boundaries (`alignedInstant`), so a tick that runs just
 * after each boundary evaluates it at once; an unaligned timer evaluated it up to a whole tick
 * later, by the accident of the process' start time (bench/alerting: threshold alerts 10 s later
 * than needed with the default 10 s tick). The settle delay lets rows acknowledged just before
 * the boundary reach ClickHouse first (batch writer wait + insert), so they count at it.
 */
export function nextTickAt(now: number, intervalMs: number, settleMs: number): number {
  return Math.floor((now - settleMs) / intervalMs) * intervalMs + intervalMs + settleMs;
}

export function startRuler(
  o: RulerOptions & {
    intervalMs: number;
    /** After each tick boundary (see nextTickAt); default DEFAULT_TICK_SETTLE_MS, at most half the tick. */
    settleMs?: number;
    /** Timer ticks evaluate only on the replica holding the `alert-ruler` lease (scale/job-lease.ts). */
    gate?: JobGate;
  },
): RunningRuler {
  const ruler = new Ruler(o);
  const background = new Set<Promise<unknown>>();
  let stopped = false;
  // Hooks run on the ingest and lifecycle paths: they must not wait for ClickHouse nor throw.
  const track = (what: string, work: () => Promise<unknown>) => {
    if (stopped) return;
    const p = work()
      .catch((err: unknown) => o.log.warn({ err }, `alert events not handled (${what})`))
      .finally(() => background.delete(p));
    background.add(p);
  };
  const timerPass = { running: false };
  const settleMs = Math.min(o.settleMs ?? DEFAULT_TICK_SETTLE_MS, Math.floor(o.intervalMs / 2));
  let timer: NodeJS.Timeout | undefined;
  // The time the pending tick was set for. Timers run on a monotonic clock and may fire while
  // Date.now() still reads just before it: the next tick is then after it, not the same boundary again.
  let due = 0;
  const schedule = () => {
    if (stopped || o.intervalMs <= 0) return;
    const now = Date.now();
    due = nextTickAt(Math.max(now, due), o.intervalMs, settleMs);
    timer = setTimeout(tick, due - now);
    timer.unref();
  };
  const tick = () => {
    schedule();
    if (timerPass.running || stopped) return; // a slow pass is not queued behind itself
    timerPass.running = true;
    (o.gate ? o.gate.run(() => ruler.runOnce()) : ruler.runOnce())
      .catch((err: unknown) => o.log.warn({ err }, 'alert ruler pass failed; retrying next tick'))
      .finally(() => (timerPass.running = false));
  };
  schedule();
  const idle = async () => {
    while (background.size) await Promise.all([...background]);
    await ruler.idle();
  };
  return {
    runOnce: (now) => ruler.runOnce(now),
    handleEvents: (events, now) => ruler.handleEvents(events, now),
    onStored(tables) {
      const errors = tables.filter((t) => t.table === 'errors');
      if (!errors.length) return;
      track('issue.new', async () => {
        const rows = errors.flatMap((t) => parseErrorRows(t.ndjson));
        // Only projects with an issue.new rule pay for the issues lookup.
        const listening = new Set<string>();
        for (const project of new Set(rows.map((r) => r.project))) {
          const rules = await o.rules.rulesFor(project);
          if (rules.some((r) => r.kind === 'event' && r.enabled && r.event === 'issue.new'))
            listening.add(project);
        }
        const mine = rows.filter((r) => listening.has(r.project));
        if (mine.length) await ruler.handleEvents(await newIssueEvents(o.client, mine));
      });
    },
    onIssueTransitions(project, changes) {
      track('issue lifecycle', async () =>
        ruler.handleEvents(await transitionEvents(o.client, project, changes)),
      );
    },
    onInsight(e) {
      const event = insightEvent(e);
      if (event) track('insight.opened', () => ruler.handleEvents([event]));
    },
    tester: createRuleTester(o.client),
    idle,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await idle();
    },
  };
}
