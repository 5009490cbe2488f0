/**
 * Offline durability, exactly once:
 * - the network between the page and the processor is cut (the proxy resets every connection),
 *   events are tracked, the page reloads (unsent batches must survive in IndexedDB/localStorage;
 *   the keepalive send on pagehide fails too), more events are tracked, the network returns;
 * - the network drops mid-request: the processor stores a batch but the browser never gets the
 *   answer, so the SDK sends the same batch again, and the processor must store it once;
 * - a slow network: a batch queued while another is still in flight must be sent by flush().
 * Every event must land exactly once.
 */
import { BROWSERS } from './helpers/browsers';
import { projectRows, type CustomEventRow } from './helpers/clickhouse';
import { sleep, useBrowser, useHarness, type Scenario } from './helpers/harness';

const h = useHarness();

const EVENT = 'offline_event';

function trackMany(s: Scenario, prefix: string, n: number) {
  return s.page.evaluate(
    ({ prefix, n, event }) => {
      for (let i = 0; i < n; i++) window.PulseTrace.track(event, { uid: `${prefix}-${i}`, i });
    },
    { prefix, n, event: EVENT },
  );
}

function eventRows(s: Scenario) {
  return projectRows<CustomEventRow>(h().processor, {
    table: 'custom_events',
    projectId: s.project.id,
    where: 'name = {n:String}',
    params: { n: EVENT },
  });
}

/** Waits for `uids` to land, lets late resends arrive, then requires each uid exactly once. */
async function expectExactlyOnce(
  s: Scenario,
  uids: string[],
  { timeoutMs = 60_000, flush = true } = {},
): Promise<CustomEventRow[]> {
  await s.rows<CustomEventRow>('custom_events', {
    count: uids.length,
    where: 'name = {n:String}',
    params: { n: EVENT },
    timeoutMs,
  });
  await sleep(3_000); // retry timers, a delayed keepalive: anything late lands now
  if (flush) await s.flush();
  await sleep(500);
  await h().processor.drained();
  const rows = await eventRows(s);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.properties.uid, (counts.get(r.properties.uid) ?? 0) + 1);
  const wrong = uids.filter((uid) => counts.get(uid) !== 1).map((uid) => `${uid}: ${counts.get(uid) ?? 0}×`);
  if (wrong.length) throw new Error(`not exactly once:\n${wrong.join('\n')}\n${s.diagnostics()}`);
  expect(rows).toHaveLength(uids.length);
  return rows;
}

const uidsOf = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}-${i}`);

describe.each(BROWSERS)('offline in %s', (name) => {
  const browser = useBrowser(name);

  it('events tracked offline, across a reload, arrive exactly once when the network returns', async () => {
    const { proxy, processor } = h();
    const s = await h().scenario(browser(), { init: { batchDelayMs: 100, batchSize: 8 } });
    const run = `${name}-${Date.now().toString(36)}`;
    await s.open('/app/offline');
    await s.rows('page_views', { count: 1 }); // delivery works before the cut

    proxy.setOnline(false);
    const refusedBefore = proxy.refused;
    await trackMany(s, `${run}-a`, 20);
    await sleep(300); // batches of 8 and the 100 ms timer have fired
    await s.flush(); // fails: connection reset
    await s.reload(); // pagehide: the keepalive send fails as well
    await trackMany(s, `${run}-b`, 10);
    await sleep(300);
    await s.flush();
    await sleep(500);
    expect(proxy.refused).toBeGreaterThan(refusedBefore); // the SDK did try, and was cut off
    await processor.drained();
    expect(await eventRows(s)).toEqual([]);

    proxy.setOnline(true);
    await s.flush(); // what an app's next activity (or the SDK's retry timer) would do
    const rows = await expectExactlyOnce(s, [...uidsOf(`${run}-a`, 20), ...uidsOf(`${run}-b`, 10)]);

    // Events keep the session and page view they were tracked in.
    expect(new Set(rows.map((r) => r.session_id)).size).toBe(1);
    const pageViews = (prefix: string) =>
      new Set(rows.filter((r) => r.properties.uid.startsWith(prefix)).map((r) => r.page_view_id));
    expect(pageViews(`${run}-a-`).size).toBe(1);
    expect(pageViews(`${run}-b-`).size).toBe(1);
    expect([...pageViews(`${run}-a-`)][0]).not.toBe([...pageViews(`${run}-b-`)][0]);
  });

  it('a batch whose answer was lost is sent again and stored once', async () => {
    const { proxy } = h();
    const s = await h().scenario(browser(), { init: { batchDelayMs: 100, batchSize: 5 } });
    const run = `${name}-${Date.now().toString(36)}`;
    await s.open('/app/lost-answers');
    await s.rows('page_views', { count: 1 });

    proxy.dropAnswers = true;
    const since = Date.now();
    await trackMany(s, run, 15);
    await sleep(300);
    await s.flush();
    await sleep(300);
    const stored = proxy.requests.filter((r) => r.at >= since && r.method === 'POST' && r.status === 200);
    expect(stored.length).toBeGreaterThan(0); // the processor did store batches the page never heard of

    proxy.dropAnswers = false;
    await s.flush();
    await expectExactlyOnce(s, uidsOf(run, 15));
    // And the same batches really were sent twice.
    const sent = proxy.requests.filter((r) => r.at >= since && r.method === 'POST').map((r) => r.batch);
    expect(sent.length).toBeGreaterThan(new Set(sent).size);
  });

  it('flush() sends a batch queued while another is in flight', async () => {
    const { proxy } = h();
    const s = await h().scenario(browser(), { init: { batchDelayMs: 100 } });
    const run = `${name}-${Date.now().toString(36)}`;
    await s.open('/app/slow-network');
    await s.rows('page_views', { count: 1 });

    proxy.answerDelayMs = 1_500;
    await trackMany(s, `${run}-first`, 1);
    await sleep(400); // the 100 ms timer has fired: that batch is in flight, its answer held back
    expect(proxy.requests.some((r) => r.method === 'POST' && r.answeredAt === undefined)).toBe(true);
    await trackMany(s, `${run}-second`, 1);
    await s.flush(); // "Sends what is buffered now; resolves when the queue has been attempted"
    proxy.answerDelayMs = 0;
    // Nothing else happens on the page: only that flush() could have sent the second batch.
    await expectExactlyOnce(s, [`${run}-first-0`, `${run}-second-0`], { timeoutMs: 10_000, flush: false });
  });

  it('a full offline queue drops its oldest batches and reports how many', async () => {
    const { proxy } = h();
    const s = await h().scenario(browser(), {
      init: { batchDelayMs: 100, batchSize: 1, maxQueuedBatches: 3 },
    });
    const run = `${name}-${Date.now().toString(36)}`;
    await s.open('/app/full-queue');
    // Load records (page view, vitals, long tasks) go out before the cut; with room for only
    // three batches a burst of them may already overflow, which the count below allows for.
    await sleep(1500);

    proxy.setOnline(false);
    for (let i = 0; i < 6; i++) {
      await trackMany(s, `${run}-${i}`, 1); // batch size 1: one batch each
      await sleep(150);
    }
    proxy.setOnline(true);
    await s.reload(); // the next visit reports the overflow and sends what was kept

    const [overflow] = await s.rows<CustomEventRow>('custom_events', {
      count: 1,
      where: "name = 'pulsetrace.queue_overflow'",
    });
    expect(Number(overflow.properties.dropped_batches)).toBeGreaterThanOrEqual(3);
    await s.flush();
    await h().processor.drained();
    // At most the queue's three newest batches survived, so never one of the three oldest events.
    const landed = (await eventRows(s)).map((r) => r.properties.uid).sort();
    expect(landed.length).toBeGreaterThan(0);
    expect(landed.length).toBeLessThanOrEqual(3);
    for (const uid of landed) expect(Number(uid.split('-').at(-2))).toBeGreaterThanOrEqual(3);
  });
});
