import {
  applyAction,
  insightId,
  nextInsightVersion,
  type ActionRequest,
  type InsightStatus,
} from './insight';
import { card, T0 } from './testkit';

const HOUR = 3600_000;

describe('insightId', () => {
  const base = {
    projectId: 'p1',
    kind: 'anomaly' as const,
    metric: 'lcp_p75',
    scope: { route: '/a', browser: 'Chrome' },
    startedAt: T0 + 5 * 60_000,
  };
  it.each([
    ['the same incident seen later in the same onset hour', { startedAt: T0 + 50 * 60_000 }, true],
    ['the scope in another key order', { scope: { browser: 'Chrome', route: '/a' } }, true],
    ['the next onset hour', { startedAt: T0 + HOUR }, false],
    ['another project', { projectId: 'p2' }, false],
    ['another kind', { kind: 'release_regression' as const }, false],
    ['another metric', { metric: 'inp_p75' }, false],
    ['another scope value', { scope: { route: '/b', browser: 'Chrome' } }, false],
    ['a narrower scope', { scope: { route: '/a' } }, false],
  ])('%s: same id %p', (_what, change, same) => {
    expect(insightId({ ...base, ...change }) === insightId(base)).toBe(same);
  });

  it('is 32 hex characters', () => expect(insightId(base)).toMatch(/^[0-9a-f]{32}$/));
});

describe('applyAction', () => {
  const ctx = { now: T0 + 2 * HOUR, actor: 'alice', version: 99, id: 'f1' };
  const cases: Array<[InsightStatus, ActionRequest, InsightStatus | null | 409]> = [
    ['open', { action: 'acknowledge' }, 'acknowledged'],
    ['acknowledged', { action: 'acknowledge' }, null],
    ['resolved', { action: 'acknowledge' }, 409],
    ['not_useful', { action: 'acknowledge' }, 409],
    ['open', { action: 'resolve' }, 'resolved'],
    ['acknowledged', { action: 'resolve' }, 'resolved'],
    ['not_useful', { action: 'resolve' }, 'resolved'],
    ['resolved', { action: 'resolve' }, null],
    ['open', { action: 'feedback', verdict: 'not_useful' }, 'not_useful'],
    ['resolved', { action: 'feedback', verdict: 'not_useful' }, 'not_useful'],
    ['not_useful', { action: 'feedback', verdict: 'not_useful' }, null],
    ['open', { action: 'feedback', verdict: 'useful' }, null],
  ];
  it.each(cases)('%s + %j → %p', (status, req, expected) => {
    const result = applyAction(card({ status }), req, ctx);
    if (expected === 409) {
      expect(result).toMatchObject({ httpStatus: 409 });
      return;
    }
    if ('error' in result) throw new Error(result.error);
    expect(result.next?.status ?? null).toBe(expected);
    if (result.next)
      expect(result.next).toMatchObject({ version: 99, updatedAt: ctx.now, updatedBy: 'alice' });
    expect(result.feedback).toMatchObject({ actor: 'alice', action: req.action, at: ctx.now, id: 'f1' });
  });

  it('sets resolvedAt when resolving and keeps it otherwise', () => {
    const resolved = applyAction(card(), { action: 'resolve' }, ctx);
    expect('next' in resolved && resolved.next?.resolvedAt).toBe(ctx.now);
    const ack = applyAction(card(), { action: 'acknowledge' }, ctx);
    expect('next' in ack && ack.next?.resolvedAt).toBeNull();
  });

  it('records the verdict and comment of feedback', () => {
    const r = applyAction(card(), { action: 'feedback', verdict: 'useful', comment: 'spot on' }, ctx);
    expect('feedback' in r && r.feedback).toMatchObject({ verdict: 'useful', comment: 'spot on' });
  });
});

describe('nextInsightVersion', () => {
  it('increases strictly, even within one millisecond', () => {
    const a = nextInsightVersion(T0);
    expect(nextInsightVersion(T0)).toBeGreaterThan(a);
  });
});
