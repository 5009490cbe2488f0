/**
 * Where the time goes between an acknowledgement and a notification's arrival: wall-clock marks
 * taken inside the running processor, without changing what it does. The batch writer's stored
 * hook and the outbox's enqueue are wrapped (the real ones still run, first), so a trial's latency
 * splits into ack → stored in ClickHouse → enqueued by the ruler → arrived at the receiver.
 */
import type { RunningProcessor } from '../../collector-processor/src/processor';
import type { Notification } from '../../collector-processor/src/alerting/types';

export interface Probe {
  /** Marks the first stored batch whose rows contain `needle` (a message, a route). */
  watch(needle: string): void;
  storedAt(needle: string): number | undefined;
  /** When the outbox write of the notification with this key finished. */
  enqueuedAt(key: string): number | undefined;
}

export function probe(p: RunningProcessor): Probe {
  const watching = new Set<string>();
  const stored = new Map<string, number>();
  const enqueued = new Map<string, number>();

  // The writer's hook calls `late.ruler.onStored`, the same object as `p.ruler`: a property
  // replaced here is what it calls.
  const onStored = p.ruler.onStored.bind(p.ruler);
  p.ruler.onStored = (tables) => {
    const at = Date.now();
    onStored(tables);
    if (!watching.size) return;
    const text = tables.map((t) => t.ndjson.toString()).join('\n');
    for (const needle of watching)
      if (text.includes(needle)) {
        stored.set(needle, at);
        watching.delete(needle);
      }
  };

  // The ruler holds the same outbox instance (processor.ts passes notify.outbox).
  const outbox = p.notify.outbox;
  const enqueue = outbox.enqueue.bind(outbox);
  outbox.enqueue = async (notifications: readonly Notification[]) => {
    await enqueue(notifications);
    const at = Date.now();
    for (const n of notifications) if (!enqueued.has(n.key)) enqueued.set(n.key, at);
  };

  return {
    watch: (needle) => void watching.add(needle),
    storedAt: (needle) => stored.get(needle),
    enqueuedAt: (key) => enqueued.get(key),
  };
}
