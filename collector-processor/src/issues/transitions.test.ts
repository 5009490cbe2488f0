import { ReleaseOrder } from './release-order';
import { initialState, type IssueState } from './state';
import { applyPatch, evaluate, type Observation, type PatchContext, type StatusPatch } from './transitions';

const T = Date.UTC(2026, 4, 1, 12);
const HOUR = 3600_000;

function state(overrides: Partial<IssueState> = {}): IssueState {
  return { ...initialState('p1', 'f1'), version: 1000, updatedAt: T - HOUR, updatedBy: 'ann', ...overrides };
}

const ctx: PatchContext = {
  now: T,
  actor: 'bob',
  version: 5000,
  counts: { events: 40, users: 7 },
  newestRelease: '1.4.0',
};

describe('applyPatch', () => {
  it.each<[string, Partial<IssueState>, StatusPatch, Partial<IssueState>, string[]]>([
    [
      'resolve',
      {},
      { status: 'resolved' },
      { status: 'resolved', resolvedAt: T, resolvedInRelease: '' },
      ['status_change unresolved→resolved'],
    ],
    [
      'resolve in next release records the newest release',
      {},
      { status: 'resolved_in_next_release' },
      { status: 'resolved_in_next_release', resolvedAt: T, resolvedInRelease: '1.4.0' },
      ['status_change unresolved→resolved_in_next_release'],
    ],
    [
      'ignore until 10 more events takes the current count as base',
      {},
      { status: 'ignored', ignoreUntil: { count: 10 } },
      { status: 'ignored', ignoredAt: T, ignoreUntilCount: 10, ignoreCountBase: 40, ignoreUsersBase: 0 },
      ['status_change unresolved→ignored'],
    ],
    [
      'ignore until a date and 3 more users',
      {},
      { status: 'ignored', ignoreUntil: { date: T + HOUR, users: 3 } },
      {
        status: 'ignored',
        ignoreUntil: T + HOUR,
        ignoreUntilUsers: 3,
        ignoreUsersBase: 7,
        ignoreUntilCount: 0,
      },
      ['status_change unresolved→ignored'],
    ],
    [
      're-ignoring changes the conditions',
      { status: 'ignored', ignoreUntilCount: 5, ignoreCountBase: 2 },
      { status: 'ignored' },
      { status: 'ignored', ignoreUntilCount: 0, ignoreCountBase: 0 },
      ['status_change ignored→ignored'],
    ],
    [
      'unresolve clears resolution and marks ongoing',
      { status: 'regressed', regressedAt: T - 1, regressedInRelease: '1.3.0', resolvedAt: T - 9 },
      { status: 'unresolved' },
      {
        status: 'unresolved',
        substatus: 'ongoing',
        regressedAt: null,
        regressedInRelease: '',
        resolvedAt: null,
      },
      ['status_change regressed→unresolved'],
    ],
    [
      'same status is a no-op',
      { status: 'resolved', resolvedAt: T - 9 },
      { status: 'resolved' },
      { resolvedAt: T - 9, version: 1000 },
      [],
    ],
    [
      'assign',
      {},
      { assignee: 'carol' },
      { assignee: 'carol', status: 'unresolved' },
      ['assign unresolved→unresolved'],
    ],
    [
      'unassign',
      { assignee: 'carol' },
      { assignee: null },
      { assignee: '' },
      ['assign unresolved→unresolved'],
    ],
    ['same assignee is a no-op', { assignee: 'carol' }, { assignee: 'carol' }, { version: 1000 }, []],
    [
      'resolve and assign: two entries, assignee kept',
      {},
      { status: 'resolved', assignee: 'dan' },
      { status: 'resolved', assignee: 'dan' },
      ['status_change unresolved→resolved', 'assign resolved→resolved'],
    ],
    [
      'status change keeps the assignee',
      { assignee: 'erin' },
      { status: 'ignored' },
      { status: 'ignored', assignee: 'erin' },
      ['status_change unresolved→ignored'],
    ],
  ])('%s', (_name, current, patch, expected, activity) => {
    const change = applyPatch(state(current), patch, ctx);
    if ('error' in change) throw new Error(change.error);
    expect(change.next).toMatchObject(expected);
    expect(change.activity.map((a) => `${a.action} ${a.fromStatus}→${a.toStatus}`)).toEqual(activity);
    for (const a of change.activity) expect(a).toMatchObject({ actor: 'bob', at: T });
    if (activity.length) expect(change.next).toMatchObject({ version: 5000, updatedBy: 'bob', updatedAt: T });
  });

  it.each<[string, StatusPatch, Partial<PatchContext>, number, RegExp]>([
    [
      'an ignore date in the past',
      { status: 'ignored', ignoreUntil: { date: T - 1 } },
      {},
      400,
      /not in the future/,
    ],
    [
      'next release without any release',
      { status: 'resolved_in_next_release' },
      { newestRelease: '' },
      409,
      /no release yet/,
    ],
  ])('refuses %s', (_name, patch, extra, httpStatus, message) => {
    const change = applyPatch(state(), patch, { ...ctx, ...extra });
    expect(change).toMatchObject({ httpStatus, error: expect.stringMatching(message) });
  });
});

describe('evaluate', () => {
  const order = new ReleaseOrder(new Map());
  const isNewer = (a: string, b: string) => order.isNewer(a, b);
  const obs = (o: Partial<Observation> = {}): Observation => ({
    lastSeen: T - HOUR,
    counts: { events: 40, users: 7 },
    ...o,
  });
  const resolved = { status: 'resolved' as const, resolvedAt: T - HOUR };
  const nextRelease = {
    status: 'resolved_in_next_release' as const,
    resolvedAt: T - HOUR,
    resolvedInRelease: '1.4.0',
  };
  const ignored = { status: 'ignored' as const, ignoredAt: T - HOUR };

  it.each<[string, Partial<IssueState>, Observation, number, Partial<IssueState> | undefined, string?]>([
    ['resolved, not seen since', resolved, obs(), T, undefined, undefined],
    [
      'resolved, seen again: regressed in the release of the first event after',
      resolved,
      obs({
        lastSeen: T,
        firstAfterResolve: [
          { release: '1.5.0', at: T - 10 },
          { release: '1.4.0', at: T - 20 },
        ],
      }),
      T,
      { status: 'regressed', regressedInRelease: '1.4.0', regressedAt: T - 20, resolvedAt: null },
      'regressed resolved→regressed 1.4.0',
    ],
    [
      'resolved, seen without a release',
      resolved,
      obs({ lastSeen: T, firstAfterResolve: [{ release: '', at: T - 5 }] }),
      T,
      { status: 'regressed', regressedInRelease: '' },
      'regressed resolved→regressed ',
    ],
    [
      'next release: same and older releases keep it resolved',
      nextRelease,
      obs({
        lastSeen: T,
        firstAfterResolve: [
          { release: '1.4.0', at: T - 30 },
          { release: '1.3.9', at: T - 20 },
          { release: '', at: T - 9 },
        ],
      }),
      T,
      undefined,
      undefined,
    ],
    [
      'next release: a newer release regresses it, named',
      nextRelease,
      obs({
        lastSeen: T,
        firstAfterResolve: [
          { release: '1.4.0', at: T - 30 },
          { release: '1.5.0-beta.1', at: T - 20 },
          { release: '1.6.0', at: T - 10 },
        ],
      }),
      T,
      { status: 'regressed', regressedInRelease: '1.5.0-beta.1', regressedAt: T - 20 },
      'regressed resolved_in_next_release→regressed 1.5.0-beta.1',
    ],
    [
      'ignored forever never wakes',
      ignored,
      obs({ counts: { events: 1e9, users: 1e9 } }),
      T + 1e12,
      undefined,
      undefined,
    ],
    [
      'ignored until count: one short',
      { ...ignored, ignoreUntilCount: 10, ignoreCountBase: 31 },
      obs(),
      T,
      undefined,
      undefined,
    ],
    [
      'ignored until count: exactly reached',
      { ...ignored, ignoreUntilCount: 10, ignoreCountBase: 30 },
      obs(),
      T,
      { status: 'unresolved', substatus: 'ongoing', ignoreUntilCount: 0, ignoredAt: null },
      'unignored ignored→unresolved ',
    ],
    ['ignored until date: before', { ...ignored, ignoreUntil: T + 1 }, obs(), T, undefined, undefined],
    [
      'ignored until date: at the date',
      { ...ignored, ignoreUntil: T },
      obs(),
      T,
      { status: 'unresolved', updatedAt: T },
      'unignored ignored→unresolved ',
    ],
    [
      'ignored until users: not yet',
      { ...ignored, ignoreUntilUsers: 3, ignoreUsersBase: 5 },
      obs(),
      T,
      undefined,
      undefined,
    ],
    [
      'ignored until users: reached',
      { ...ignored, ignoreUntilUsers: 2, ignoreUsersBase: 5 },
      obs(),
      T,
      { status: 'unresolved' },
      'unignored ignored→unresolved ',
    ],
    ['unresolved: nothing automatic', {}, obs({ lastSeen: T }), T, undefined, undefined],
    [
      'regressed: nothing automatic',
      { status: 'regressed', regressedAt: T - 1 },
      obs({ lastSeen: T }),
      T,
      undefined,
      undefined,
    ],
  ])('%s', (_name, current, observation, now, expected, activity) => {
    const s = state({ assignee: 'kim', ...current });
    const change = evaluate(s, observation, now, isNewer);
    if (!expected) return expect(change).toBeUndefined();
    expect(change!.next).toMatchObject({ ...expected, assignee: 'kim', updatedBy: 'system', version: 1001 });
    expect(change!.activity.map((a) => `${a.action} ${a.fromStatus}→${a.toStatus} ${a.release}`)).toEqual([
      activity,
    ]);
    expect(change!.activity[0].actor).toBe('system');
  });
});
