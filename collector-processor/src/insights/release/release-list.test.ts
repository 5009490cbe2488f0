import { fullReadDue, mergeTraffic, RELEASE_LIST_REFRESH_MS, trafficOf } from './release-list';
import type { ReleaseTraffic } from './select';

const T = (
  version: string,
  firstSeen: number,
  lastSeen: number,
  sessions: number,
  createdAt: number | null = null,
) => ({ version, firstSeen, lastSeen, sessions, createdAt }) as ReleaseTraffic;

describe('mergeTraffic', () => {
  it.each([
    ['nothing since the full read', [T('1.0', 0, 90, 500)], [], [T('1.0', 0, 90, 500)]],
    [
      'a release seen on both sides: earliest first, latest last, sessions added',
      [T('1.0', 0, 90, 500)],
      [T('1.0', 100, 160, 40)],
      [T('1.0', 0, 160, 540)],
    ],
    [
      'a release new since the full read, registered since',
      [T('1.0', 0, 90, 500)],
      [T('1.1', 120, 160, 30, 110)],
      [T('1.0', 0, 90, 500), T('1.1', 120, 160, 30, 110)],
    ],
    [
      'the registration time known to either',
      [T('1.0', 0, 90, 500, 5)],
      [T('1.0', 100, 160, 1)],
      [T('1.0', 0, 160, 501, 5)],
    ],
  ])('%s', (_name, full, recent, merged) => {
    expect(mergeTraffic(full, recent)).toEqual(merged);
  });

  it('leaves the cached list as it was', () => {
    const full = [T('1.0', 0, 90, 500)];
    mergeTraffic(full, [T('1.0', 100, 160, 40)]);
    expect(full).toEqual([T('1.0', 0, 90, 500)]);
  });
});

describe('fullReadDue', () => {
  const R = RELEASE_LIST_REFRESH_MS;
  const last = (at: number) => ({ at, known: new Set(['1.0']) });
  it.each([
    ['never read', undefined, 1000, [], true],
    ['read a minute ago', last(0), 60_000, [T('1.0', 0, 1, 1)], false],
    ['read just under the refresh ago', last(0), R - 1, [], false],
    ['read the refresh ago', last(0), R, [], true],
    ['replayed time went back', last(60_000), 0, [], true],
    ['a release it did not know (its first rows may be late)', last(0), 60_000, [T('1.1', 0, 1, 1)], true],
  ])('%s', (_name, lastRead, now, recent, due) => {
    expect(fullReadDue(lastRead, now, recent)).toBe(due);
  });
});

describe('trafficOf', () => {
  it('reads a row; no registration is null', () => {
    expect(
      trafficOf([{ release: '1.0', first_seen: '10', last_seen: '20', sessions: '3', created_ms: '0' }]),
    ).toEqual([T('1.0', 10, 20, 3)]);
  });
});
