import { createSessionManager, isSampled, nextSession } from './session';

const limits = { idleTimeoutMs: 15 * 60_000, maxDurationMs: 4 * 3_600_000 };
let n = 0;
const newId = () => `id${++n}`;

describe('nextSession', () => {
  const start = 1_000_000_000_000;
  const s = { id: 'a', startedAt: start, lastActiveAt: start };
  it.each([
    ['no session yet', undefined, start, true, undefined],
    ['active within the idle timeout', s, start + 14 * 60_000, false, undefined],
    ['idle for more than 15 minutes', s, start + 15 * 60_000 + 1, true, 'a'],
    [
      'older than 4 hours though active',
      { ...s, lastActiveAt: start + 4 * 3_600_000 },
      start + 4 * 3_600_000 + 1,
      true,
      'a',
    ],
  ])('%s', (_name, current, now, rotated, previousId) => {
    const next = nextSession(current, now, limits, newId);
    expect(next.rotated).toBe(rotated);
    expect(next.state.lastActiveAt).toBe(now);
    if (rotated) {
      expect(next.state.id).not.toBe(current?.id);
      expect(next.state.previousId).toBe(previousId);
      expect(next.state.startedAt).toBe(now);
    } else {
      expect(next.state.id).toBe('a');
      expect(next.state.startedAt).toBe(start);
    }
  });
});

describe('isSampled', () => {
  it('keeps every session at rate 1 and none at rate 0', () => {
    expect(isSampled('ffffffff00', 1)).toBe(true);
    expect(isSampled('00000000ff', 0)).toBe(false);
  });
  it('is deterministic per id and follows the rate', () => {
    expect(isSampled('3fffffff', 0.25)).toBe(true);
    expect(isSampled('40000000', 0.25)).toBe(false);
    let kept = 0;
    for (let i = 0; i < 4096; i++)
      if (isSampled((i * 1048573).toString(16).padStart(8, '0').slice(-8), 0.3)) kept++;
    expect(kept / 4096).toBeGreaterThan(0.25);
    expect(kept / 4096).toBeLessThan(0.35);
  });
});

describe('the identified user, stored with its session', () => {
  /** localStorage as a Map: what a reload of the page would find. */
  const storage = () => {
    const m = new Map<string, string>();
    return {
      getItem: (k: string) => m.get(k) ?? null,
      setItem: (k: string, v: string) => void m.set(k, v),
      removeItem: (k: string) => void m.delete(k),
    } as unknown as Storage;
  };
  const user = { 'user.id': 'u-1', 'user.plan': 'pro' };
  beforeEach(() => jest.useFakeTimers({ now: 1_700_000_000_000 }));
  afterEach(() => jest.useRealTimers());

  it('a reload in the same session keeps the user; reset() forgets it for every later load', () => {
    const ls = storage();
    const page = createSessionManager(limits, ls);
    const id = page.current().id;
    expect(page.user(id)).toBeUndefined();
    page.setUser(user);
    expect(page.user(id)).toEqual(user);

    jest.advanceTimersByTime(60_000);
    const reloaded = createSessionManager(limits, ls);
    expect(reloaded.current().id).toBe(id);
    expect(reloaded.user(id)).toEqual(user);

    reloaded.reset();
    const next = reloaded.current().id;
    expect(reloaded.user(next)).toBeUndefined();
    expect(reloaded.user(id)).toBeUndefined();
    const afterLogout = createSessionManager(limits, ls);
    expect(afterLogout.user(afterLogout.current().id)).toBeUndefined();
  });

  it('an open page keeps its user into the next session; a load after expiry starts anonymous', () => {
    const ls = storage();
    const page = createSessionManager(limits, ls);
    const first = page.current().id;
    page.setUser(user);
    jest.advanceTimersByTime(limits.idleTimeoutMs + 1);
    const second = page.current();
    expect(second.previousId).toBe(first);
    expect(page.user(second.id)).toEqual(user);
    // The rotated session's user is stored too: a reload now keeps it.
    expect(createSessionManager(limits, ls).user(second.id)).toEqual(user);

    jest.advanceTimersByTime(limits.idleTimeoutMs + 1);
    const late = createSessionManager(limits, ls);
    const third = late.current();
    expect(third.previousId).toBe(second.id);
    expect(late.user(third.id)).toBeUndefined();
    expect(ls.getItem('pulsetrace.user')).toBeNull();
  });

  it('forget() (opt-out) removes the stored user', () => {
    const ls = storage();
    const page = createSessionManager(limits, ls);
    page.setUser(user);
    page.forget();
    expect(ls.getItem('pulsetrace.user')).toBeNull();
    expect(createSessionManager(limits, ls).user(page.current().id)).toBeUndefined();
  });
});
