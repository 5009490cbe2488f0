import {
  INACTIVE,
  repeatNumber,
  specialInstance,
  step,
  verdictWithout,
  type InstanceState,
  type Verdict,
} from './state';

const T = { forMs: 60_000, keepFiringForMs: 0 };
const pending = (since: number): InstanceState => ({
  state: 'pending',
  activeAt: since,
  firedAt: 0,
  lastAlertingAt: since,
  value: 1,
});
const firing = (since: number, last = since): InstanceState => ({
  state: 'firing',
  activeAt: since,
  firedAt: since,
  lastAlertingAt: last,
  value: 1,
});

describe('state machine', () => {
  it.each<[string, InstanceState, Verdict, number, typeof T, string, string | null]>([
    ['inactive stays inactive while ok', INACTIVE, 'ok', 1000, T, 'inactive', null],
    ['inactive → pending when the condition holds', INACTIVE, 'alerting', 1000, T, 'pending', 'pending'],
    [
      'for = 0: inactive → firing at once',
      INACTIVE,
      'alerting',
      1000,
      { ...T, forMs: 0 },
      'firing',
      'firing',
    ],
    ['pending stays pending before `for`', pending(0), 'alerting', 59_999, T, 'pending', null],
    ['pending → firing once `for` has passed', pending(0), 'alerting', 60_000, T, 'firing', 'firing'],
    ['pending → inactive when it stops (cancelled)', pending(0), 'ok', 30_000, T, 'inactive', 'cancelled'],
    ['firing stays firing while it holds', firing(0), 'alerting', 120_000, T, 'firing', null],
    ['firing → resolved when it stops', firing(0), 'ok', 120_000, T, 'inactive', 'resolved'],
    [
      'keepFiringFor: still firing within it',
      firing(0, 100_000),
      'ok',
      150_000,
      { ...T, keepFiringForMs: 60_000 },
      'firing',
      null,
    ],
    [
      'keepFiringFor: resolved after it',
      firing(0, 100_000),
      'ok',
      160_000,
      { ...T, keepFiringForMs: 60_000 },
      'inactive',
      'resolved',
    ],
    ['keep: nothing changes (pending)', pending(0), 'keep', 600_000, T, 'pending', null],
    ['keep: nothing changes (firing)', firing(0), 'keep', 600_000, T, 'firing', null],
  ])('%s', (_what, prev, verdict, now, timing, state, transition) => {
    const s = step(prev, verdict, 2, now, timing);
    expect(s.next.state).toBe(state);
    expect(s.transition).toBe(transition);
  });

  it('firing keeps its start and moves the keep-firing clock; pending keeps its activeAt', () => {
    expect(step(firing(10), 'alerting', 5, 90, T).next).toMatchObject({
      firedAt: 10,
      lastAlertingAt: 90,
      value: 5,
    });
    expect(step(pending(10), 'alerting', 5, 20, T).next.activeAt).toBe(10);
    const fired = step(pending(0), 'alerting', 5, 60_000, T);
    expect(fired.next).toMatchObject({ activeAt: 0, firedAt: 60_000 });
  });

  it('a resolve reports the start of the firing it ends', () => {
    expect(step(firing(42), 'ok', 0, 1000, T).resolvedFiredAt).toBe(42);
  });
});

describe('repeat numbers and no-data / error verdicts', () => {
  it.each([
    [0, 0, 3600_000, 0],
    [0, 3599_999, 3600_000, 0],
    [0, 3600_000, 3600_000, 1],
    [1000, 7201_000, 3600_000, 2],
    [0, 5000, 0, 0],
  ])('fired %d, now %d, every %d → repeat %d', (fired, now, every, n) => {
    expect(repeatNumber(fired, now, every)).toBe(n);
  });

  it.each([
    ['nodata', 'ok', 'ok', null],
    ['nodata', 'alerting', 'alerting', null],
    ['nodata', 'nodata', 'ok', 'DatasourceNoData'],
    ['nodata', 'keep', 'keep', null],
    ['error', 'error', 'keep', 'DatasourceError'],
    ['error', 'alerting', 'alerting', null],
    ['error', 'ok', 'ok', null],
    ['error', 'keep', 'keep', null],
  ] as const)('%s with %s: series instances %s, special instance %s', (outcome, mode, verdict, special) => {
    expect(verdictWithout(outcome, mode)).toBe(verdict);
    expect(specialInstance(outcome, mode)).toBe(special);
  });
});
