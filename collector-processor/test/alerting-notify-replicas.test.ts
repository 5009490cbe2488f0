/**
 * Several processor replicas sharing one ClickHouse (here: delivery stacks on one embedded store):
 * the lease lets one deliver at a time, so every notification reaches its receiver once; a replica
 * that stops hands its pending notifications over (they live in ClickHouse, not in memory), and
 * the next one neither loses a pending notification nor repeats a delivered one.
 */
import pino from 'pino';
import { startNotify, type RunningNotify } from '../src/alerting/notify';
import { alert, notification } from '../src/alerting/notify/testkit';
import { selectRows } from '../src/store/query';
import { until } from './helpers/processor';
import { startTarget } from './helpers/receivers';
import { useMigratedStore } from './helpers/store';

jest.setTimeout(120_000);
const store = useMigratedStore('notify-replicas');
const log = pino({ level: 'silent' });
const note = (key: string, receiver: string) =>
  notification({ key, receiver, alerts: [alert({ projectId: 'shop' })], createdAt: Date.now() });

async function states(keys: string[]) {
  return selectRows<{ key: string; state: string; attempts: number }>(
    store().client,
    `SELECT key, state, attempts FROM (SELECT * FROM alert_outbox FINAL) WHERE key IN {keys:Array(String)}`,
    { keys },
  );
}

describe('backoff', () => {
  it('waits longer after each failure (jitter fixed at its largest: 1 s, 2 s, 4 s)', async () => {
    const t = await startTarget((_r, i) => ({ status: i < 3 ? 500 : 200 }));
    const d = startNotify({ client: store().client, intervalMs: 50, log, random: () => 0.999 });
    try {
      await d.receivers.put(
        'shop',
        { type: 'webhook', name: 'slow', url: `${t.url}/h`, maxAttempts: 8 },
        'test',
      );
      await d.outbox.enqueue([note('backoff-growing', 'slow')]);
      await until(() => t.received.length === 4, 30_000, 'four attempts');
      const gaps = t.received.slice(1).map((r, i) => r.at - t.received[i]!.at);
      // Each wait is its cap (less 0.1 %) plus at most a tick and the request's own time.
      [1000, 2000, 4000].forEach((cap, i) => {
        expect(gaps[i]).toBeGreaterThanOrEqual(cap * 0.999 - 5);
        expect(gaps[i]).toBeLessThan(cap + 600);
      });
      expect(gaps[0]).toBeLessThan(gaps[1]!);
      expect(gaps[1]).toBeLessThan(gaps[2]!);
    } finally {
      await d.stop();
      await t.close();
    }
  });
});

describe('delivery across replicas', () => {
  let a: RunningNotify;
  let b: RunningNotify;
  afterAll(async () => {
    await a?.stop();
    await b?.stop();
  });

  it('delivers each notification once with two replicas running, and survives the holder stopping', async () => {
    const t = await startTarget();
    a = startNotify({ client: store().client, intervalMs: 100, log });
    b = startNotify({ client: store().client, intervalMs: 100, log });
    await a.receivers.put('shop', { type: 'webhook', name: 'r', url: `${t.url}/h`, maxAttempts: 8 }, 'test');
    const keys = Array.from({ length: 12 }, (_, i) => `rep-${i}`);
    // Both replicas enqueue every notification, as two rulers deciding the same thing would.
    for (const k of keys)
      await Promise.all([a.outbox.enqueue([note(k, 'r')]), b.outbox.enqueue([note(k, 'r')])]);
    await until(
      async () => (await states(keys)).every((s) => s.state === 'delivered'),
      60_000,
      'all delivered',
    );
    const got = t.received.map((r) => r.headers['x-pulsetrace-delivery']);
    expect(got.sort()).toEqual([...keys].sort());
    const terms = await selectRows<{ n: number }>(
      store().client,
      `SELECT uniqExact(lease_term) AS n FROM alert_deliveries WHERE key IN {keys:Array(String)}`,
      { keys },
    );
    expect(Number(terms[0]!.n)).toBe(1);

    // The holder stops while a notification waits for a retry (the target is down).
    let down = true;
    let successes = 0;
    const t2 = await startTarget(() => (down ? { status: 503 } : (successes++, { status: 200 })));
    await a.receivers.put(
      'shop',
      { type: 'webhook', name: 'r2', url: `${t2.url}/h`, maxAttempts: 20 },
      'test',
    );
    await a.outbox.enqueue([note('pending-over-restart', 'r2')]);
    await until(() => t2.received.length >= 1, 30_000, 'first attempt');
    const holder = [a, b].find((x) => x.loop.leaseTerm() !== undefined)!;
    const term = holder.loop.leaseTerm()!;
    await holder.stop();
    down = false;
    // A fresh replica joins too (a restarted processor): whoever takes over delivers it once.
    const c = startNotify({ client: store().client, intervalMs: 100, log });
    try {
      await until(
        async () => (await states(['pending-over-restart']))[0]?.state === 'delivered',
        60_000,
        'delivered after handover',
      );
      await new Promise((r) => setTimeout(r, 500));
      expect(successes).toBe(1);
      expect(t2.received.every((r) => r.headers['x-pulsetrace-delivery'] === 'pending-over-restart')).toBe(
        true,
      );
      // Nothing delivered before is sent again by the replicas that took over.
      expect(t.received).toHaveLength(keys.length);
      const next = [a, b, c].map((x) => x.loop.leaseTerm()).find((x) => x !== undefined);
      expect(next).toBeGreaterThan(term);
    } finally {
      await c.stop();
      await t.close();
      await t2.close();
    }
  });
});
