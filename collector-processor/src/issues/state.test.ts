import { activityId, automaticActivityId, initialState, nextVersion, type IssueState } from './state';

const T = Date.UTC(2026, 4, 1, 12);

function state(overrides: Partial<IssueState> = {}): IssueState {
  return { ...initialState('p1', 'f1'), version: 1000, ...overrides };
}

describe('versions and ids', () => {
  it('versions increase even within one millisecond', () => {
    const a = nextVersion(T);
    const b = nextVersion(T);
    const c = nextVersion(T - 5); // a clock step back does not reuse a version
    expect(b).toBeGreaterThan(a);
    expect(c).toBeGreaterThan(b);
    expect(nextVersion(T + 1)).toBeGreaterThanOrEqual((T + 1) * 1000);
  });
  it('activity ids of one change sort in the order its entries were made', () => {
    const v = nextVersion(T);
    const ids = [activityId(v, 0), activityId(v, 1), activityId(v + 1, 0)];
    expect([...ids].sort()).toEqual(ids);
    expect(activityId(v, 0)).not.toBe(activityId(v, 0));
  });
  it('automatic activity ids depend on the source state version only', () => {
    expect(automaticActivityId(state(), 'regressed')).toBe(
      automaticActivityId(state({ updatedAt: 1 }), 'regressed'),
    );
    expect(automaticActivityId(state(), 'regressed')).not.toBe(
      automaticActivityId(state({ version: 1001 }), 'regressed'),
    );
    expect(automaticActivityId(state(), 'regressed')).toMatch(/^[0-9a-f]{32}$/);
  });
});
