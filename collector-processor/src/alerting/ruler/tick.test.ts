/**
 * The ruler's tick runs just after each interval boundary of the wall clock (plus the settle
 * delay), not at whatever phase the process started at: rules evaluate at boundaries, so an
 * unaligned tick delayed every threshold alert by up to a whole tick (bench/alerting).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import pino from 'pino';
import { nextTickAt, startRuler } from '.';

describe('nextTickAt', () => {
  const cases: Array<[string, number, number, number, number]> = [
    // name, now, interval, settle, expected
    ['mid-interval: the next boundary plus settle', 12_345, 10_000, 2_000, 22_000],
    ['on a boundary, before its settle: this boundary', 20_000, 10_000, 2_000, 22_000],
    ['exactly at boundary + settle: the next one', 22_000, 10_000, 2_000, 32_000],
    ['just before boundary + settle', 21_999, 10_000, 2_000, 22_000],
    ['no settle: the next boundary', 20_000, 10_000, 0, 30_000],
    ['1 s interval', 1_700, 1_000, 100, 2_100],
  ];
  it.each(cases)('%s', (_n, now, interval, settle, expected) => {
    const at = nextTickAt(now, interval, settle);
    expect(at).toBe(expected);
    expect(at).toBeGreaterThan(now);
  });
});

/** A ruler over no projects whose passes note when they ran (by `clock`). */
function countingRuler(interval: number, settle: number, clock: () => number) {
  const passes: number[] = [];
  const ruler = startRuler({
    // A pass over no projects touches nothing else: the listing is the pass.
    client: {} as ClickHouseClient,
    projects: {
      list: () => (passes.push(clock()), []),
      get: () => undefined,
    },
    rules: { rulesFor: async () => [] },
    outbox: { enqueue: async () => undefined },
    log: pino({ level: 'silent' }),
    appUrl: 'http://grafana.test',
    intervalMs: interval,
    settleMs: settle,
  });
  return { passes, ruler };
}

describe('the tick of startRuler', () => {
  afterEach(() => {
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  // Node's timers run on a monotonic clock: a timer can fire when Date.now() still reads a
  // millisecond before the time it was set for. That tick must not schedule its own boundary again.
  it('runs one pass per boundary when the timer fires just before the wall clock gets there', async () => {
    jest.useFakeTimers({ now: 10_500 });
    const timerClock = Date.now.bind(Date);
    // The wall clock runs 0.1 % slow against the timers: each timer fires when it reads ~1 ms early.
    const wallClock = () => 10_500 + Math.floor((timerClock() - 10_500) * 0.999);
    jest.spyOn(Date, 'now').mockImplementation(wallClock);
    const { passes, ruler } = countingRuler(1000, 100, wallClock);
    await jest.advanceTimersByTimeAsync(3_000);
    await ruler.stop();
    expect(passes).toHaveLength(3);
    for (let i = 1; i < passes.length; i++) expect(passes[i]! - passes[i - 1]!).toBeGreaterThan(900);
  });

  it('passes run at boundary + settle, whatever the phase the ruler started at', async () => {
    const INTERVAL = 1000;
    const SETTLE = 100;
    // Start half-way between boundaries: an interval timer would tick at phase ~500 ms.
    while (Date.now() % INTERVAL < 450 || Date.now() % INTERVAL > 550)
      await new Promise((r) => setTimeout(r, 5));
    const { passes, ruler } = countingRuler(INTERVAL, SETTLE, Date.now);
    await new Promise((r) => setTimeout(r, 2_700));
    await ruler.stop();
    expect(passes.length).toBeGreaterThanOrEqual(2);
    for (const at of passes) {
      expect(at % INTERVAL).toBeGreaterThanOrEqual(SETTLE - 5);
      expect(at % INTERVAL).toBeLessThan(SETTLE + 200);
    }
    // Once per interval, not more.
    for (let i = 1; i < passes.length; i++) expect(passes[i]! - passes[i - 1]!).toBeGreaterThan(800);
  });
});
