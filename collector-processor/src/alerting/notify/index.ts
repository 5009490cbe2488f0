/**
 * Alert delivery (docs/alerting.md "Receivers and delivery"): receivers, the outbox the ruler
 * enqueues into, the delivery loop run by the lease holder, and the routes. startNotify wires them.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import { Lease } from '../../store/lease';
import { AlertmanagerActive } from './am-active';
import { DeliveryLoop } from './delivery-loop';
import { ClickHouseOutbox } from './outbox';
import { ReceiverStore } from './receiver-store';

export { ClickHouseOutbox } from './outbox';
export { ReceiverStore } from './receiver-store';
export { notifyRoutes } from './routes';

export const DELIVERY_LEASE = 'alert-delivery';

export interface RunningNotify {
  outbox: ClickHouseOutbox;
  receivers: ReceiverStore;
  active: AlertmanagerActive;
  loop: DeliveryLoop;
  stop(): Promise<void>;
}

export function startNotify(o: {
  client: ClickHouseClient;
  intervalMs: number;
  log: Logger;
  /** The backoff's jitter source; tests pass a fixed one to see exact delays. */
  random?: () => number;
}): RunningNotify {
  const outbox = new ClickHouseOutbox(o.client);
  const receivers = new ReceiverStore(o.client);
  const active = new AlertmanagerActive(o.client);
  const loop = new DeliveryLoop({
    outbox,
    receivers,
    active,
    lease: new Lease(o.client, { name: DELIVERY_LEASE }),
    intervalMs: o.intervalMs,
    log: o.log,
    random: o.random,
  });
  loop.start();
  return { outbox, receivers, active, loop, stop: () => loop.stop() };
}
