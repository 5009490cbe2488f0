/**
 * The ClickHouse lease (src/store/lease.ts) on a real embedded ClickHouse: contenders race for it
 * and never two hold one term; the holder renews; a silent holder's lease expires and another
 * takes the next term; a release hands over at once.
 */
import { Lease } from '../src/store/lease';
import { useMigratedStore } from './helpers/store';

jest.setTimeout(120_000);
const store = useMigratedStore('lease');
const timing = { ttlMs: 900, settleMs: 60, visibilityMs: 60 };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('lease', () => {
  it('never gives one term to two contenders', async () => {
    const name = 'race';
    const contenders = ['c', 'a', 'b'].map((h) => new Lease(store().client, { name, holder: h, ...timing }));
    const holders = new Map<number, Set<string>>();
    const deadline = Date.now() + 15_000;
    let rounds = 0;
    while (Date.now() < deadline) {
      rounds++;
      const terms = await Promise.all(contenders.map((l) => l.tick()));
      terms.forEach((term, i) => {
        if (term === undefined) return;
        const set = holders.get(term) ?? new Set<string>();
        set.add(contenders[i]!.holder);
        holders.set(term, set);
      });
      // Hand over now and then (release, or the holder falls silent until its lease expires).
      const holder = contenders.find((l) => l.term() !== undefined);
      if (holder && rounds % 3 === 0) await holder.release();
      if (holder && rounds % 7 === 0) await sleep(timing.ttlMs + 50);
    }
    expect(holders.size).toBeGreaterThan(3);
    for (const [term, set] of holders) expect([term, [...set]]).toEqual([term, [expect.any(String)]]);
  });

  it('keeps the lease while renewing, loses it on silence, hands it over on release', async () => {
    const a = new Lease(store().client, { name: 'renew', holder: 'a', ...timing });
    const b = new Lease(store().client, { name: 'renew', holder: 'b', ...timing });
    const term = await a.tick();
    expect(term).toBeDefined();
    // a renews for three ttls; b never gets it.
    const until = Date.now() + 3 * timing.ttlMs;
    while (Date.now() < until) {
      expect(await a.tick()).toBe(term);
      expect(await b.tick()).toBeUndefined();
      await sleep(100);
    }
    // a falls silent: its own deadline passes before the term expires for b.
    await sleep(timing.ttlMs * 0.7);
    expect(a.term()).toBeUndefined();
    await sleep(timing.ttlMs * 0.4);
    const next = await b.tick();
    expect(next).toBe(term! + 1);
    expect(await a.tick()).toBeUndefined();
    await b.release();
    expect(await a.tick()).toBe(term! + 2);
  });
});
