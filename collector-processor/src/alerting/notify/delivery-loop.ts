/**
 * The delivery loop: every `intervalMs`, the replica holding the `alert-delivery` lease sends the
 * due pending notifications through their receiver's notifier, records every attempt, and writes
 * the next state (delivered; pending again after a backoff; dead after the limit or a permanent
 * refusal). Then it resends the alerts Alertmanager receivers have active (am-active.ts).
 *
 * At least once: state lives in ClickHouse, so a restart or another replica taking over continues
 * where it stopped; a crash between a send and its record sends that one message again (the
 * webhook's X-PulseTrace-Delivery key lets a receiver drop the repeat).
 */
import type { Logger } from 'pino';
import type { Lease } from '../../store/lease';
import type { Receiver } from '../rules/schema';
import type { DeliveryAttempt, Notification, Notifier } from '../types';
import { alertmanagerNotifier, postAlerts, postableAlert, resendDelayMs } from './alertmanager';
import type { AlertmanagerActive } from './am-active';
import { DEFAULT_MAX_ATTEMPTS, nextStep, pickDue } from './backoff';
import type { ClickHouseOutbox, OutboxRow } from './outbox';
import type { ReceiverStore } from './receiver-store';
import { slackNotifier } from './slack';
import { webhookNotifier } from './webhook';

export const NOTIFIERS: Record<Receiver['type'], Notifier> = {
  slack: slackNotifier as Notifier,
  webhook: webhookNotifier as Notifier,
  alertmanager: alertmanagerNotifier as Notifier,
};

export const maxAttemptsOf = (r: Receiver) => (r.type === 'webhook' ? r.maxAttempts : DEFAULT_MAX_ATTEMPTS);

/** Sends one notification through its receiver's notifier; never throws. */
export async function sendNow(
  receiver: Receiver,
  n: Notification,
  signal: AbortSignal,
  notifiers = NOTIFIERS,
): Promise<DeliveryAttempt & { durationMs: number }> {
  const started = performance.now();
  let attempt: DeliveryAttempt;
  try {
    attempt = await notifiers[receiver.type].send(receiver, n, signal);
  } catch (err) {
    // A notifier bug must not stop the loop; its message may not be secret-free, so it is not kept.
    attempt = { ok: false, error: `notifier failed: ${(err as Error).name}` };
  }
  return { ...attempt, durationMs: performance.now() - started };
}

export interface DeliveryLoopOptions {
  outbox: ClickHouseOutbox;
  receivers: ReceiverStore;
  active: AlertmanagerActive;
  lease: Lease;
  intervalMs: number;
  log: Logger;
  notifiers?: Record<Receiver['type'], Notifier>;
  /** Jitter source (tests pass a fixed one to see exact delays). */
  random?: () => number;
  /** Notifications sent at once (different receivers). */
  concurrency?: number;
}

export class DeliveryLoop {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private readonly abort = new AbortController();

  constructor(private readonly o: DeliveryLoopOptions) {}

  start(): void {
    if (this.o.intervalMs <= 0 || this.timer) return;
    this.timer = setInterval(() => void this.runOnce(), this.o.intervalMs);
    this.timer.unref();
  }

  /** The lease term this replica delivers under, or undefined when another replica holds it. */
  leaseTerm(): number | undefined {
    return this.o.lease.term();
  }

  /** One pass (skipped while the previous one still runs); resolves when it is done. */
  runOnce(): Promise<void> {
    this.running ??= this.pass()
      .catch((err) =>
        this.o.log.warn({ err: { message: (err as Error).message } }, 'alert delivery pass failed'),
      )
      .finally(() => (this.running = undefined));
    return this.running;
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    this.abort.abort();
    await this.running;
    await this.o.lease.release().catch(() => undefined);
  }

  private async pass(): Promise<void> {
    if (this.abort.signal.aborted) return;
    const term = await this.o.lease.tick();
    if (term === undefined) return;
    const due = pickDue(await this.o.outbox.pending(), Date.now());
    const queue = [...due];
    const worker = async () => {
      for (let row = queue.shift(); row; row = queue.shift()) {
        // The lease may have been lost mid-pass (a long send): stop; the new holder continues.
        if (this.o.lease.term() !== term || this.abort.signal.aborted) return;
        await this.deliver(row, term);
      }
    };
    await Promise.all(Array.from({ length: this.o.concurrency ?? 4 }, worker));
    if (this.o.lease.term() === term && !this.abort.signal.aborted) await this.resend(term);
  }

  private async deliver(row: OutboxRow, term: number): Promise<void> {
    const { outbox, receivers, log } = this.o;
    const receiver = await receivers.get(row.projectId, row.receiver);
    const now = () => Date.now();
    if (!receiver) {
      const error = `receiver ${row.receiver} does not exist in project ${row.projectId} (deleted?): create it, then resend`;
      await outbox.update({ ...row, state: 'dead', lastError: error, updatedAt: now() });
      log.warn(
        { key: row.key, project: row.projectId, receiver: row.receiver },
        'alert notification dead: no receiver',
      );
      return;
    }
    const attempt = row.attempts + 1;
    const result = await sendNow(receiver, row.notification, this.abort.signal, this.o.notifiers);
    // Stopped mid-send: not an attempt the receiver failed. It stays pending as it was, and the
    // next holder sends it (perhaps again: at least once).
    if (this.abort.signal.aborted) return;
    const step = nextStep(attempt, maxAttemptsOf(receiver), result, this.o.random);
    const at = now();
    await outbox.recordAttempt({
      projectId: row.projectId,
      key: row.key,
      receiver: row.receiver,
      attempt,
      at,
      ok: result.ok,
      httpStatus: result.status ?? null,
      error: result.error ?? '',
      durationMs: result.durationMs,
      nextDelayMs: step.state === 'pending' ? step.delayMs : null,
      leaseTerm: term,
    });
    const base = { ...row, attempts: attempt, lastStatus: result.status ?? null, updatedAt: at };
    if (step.state === 'delivered') {
      await outbox.update({ ...base, state: 'delivered', lastError: '' });
      if (receiver.type === 'alertmanager')
        await this.o.active.delivered(row.projectId, row.notification, at);
    } else if (step.state === 'dead') {
      await outbox.update({ ...base, state: 'dead', lastError: step.reason });
      log.warn(
        {
          key: row.key,
          project: row.projectId,
          receiver: row.receiver,
          attempts: attempt,
          error: step.reason,
        },
        'alert notification dead-lettered',
      );
    } else {
      await outbox.update({
        ...base,
        state: 'pending',
        lastError: result.error ?? '',
        nextAttemptAt: at + step.delayMs,
      });
      log.debug(
        { key: row.key, receiver: row.receiver, attempt, delayMs: step.delayMs },
        'alert notification retry',
      );
    }
  }

  /** Firing alerts of Alertmanager receivers, sent again once their resendDelay has passed. */
  private async resend(term: number): Promise<void> {
    const now = Date.now();
    const groups = new Map<string, Awaited<ReturnType<AlertmanagerActive['active']>>>();
    for (const item of await this.o.active.active()) {
      const k = `${item.projectId}\u0000${item.receiver}`;
      groups.set(k, [...(groups.get(k) ?? []), item]);
    }
    for (const items of groups.values()) {
      if (this.o.lease.term() !== term) return;
      const { projectId, receiver: name } = items[0]!;
      const receiver = await this.o.receivers.get(projectId, name);
      if (receiver?.type !== 'alertmanager') {
        await this.o.active.forget(projectId, name);
        continue;
      }
      const resendMs = resendDelayMs(receiver);
      const due = items.filter((i) => now - i.sentAt >= resendMs);
      if (due.length === 0) continue;
      const result = await postAlerts(
        receiver,
        due.map((i) => postableAlert(i.alert, false, now, resendMs)),
        this.abort.signal,
      );
      if (result.ok) await this.o.active.resent(due, now);
      else
        this.o.log.debug(
          { project: projectId, receiver: name, error: result.error },
          'alertmanager resend failed',
        );
    }
  }
}
