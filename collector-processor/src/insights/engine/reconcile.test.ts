import { insightId, type Insight } from '../store/insight';
import { card, T0 } from '../store/testkit';
import { DEFAULT_RECONCILE, deltasMoved, reconcile, type CardWrite } from './reconcile';
import { templateSummary } from './summary';
import { candidate } from './testkit';
import type { InsightCandidate } from './types';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = T0 + 2 * HOUR;

/** The card the engine wrote for `c` at `at`, then `overrides` (a person's status, …). */
function stored(c: InsightCandidate, at: number, overrides: Partial<Insight> = {}): Insight {
  const [w] = reconcile({ projectId: 'p1', retentionDays: 30, now: at, cards: [], candidates: [c] });
  return { ...w!.insight, ...overrides };
}

const run = (cards: Insight[], candidates: InsightCandidate[], now = NOW, resolveUnproposed = true) =>
  reconcile(
    { projectId: 'p1', retentionDays: 30, now, cards, candidates },
    { ...DEFAULT_RECONCILE, resolveUnproposed },
  );
const summary = (ws: CardWrite[]) => ws.map((w) => [w.change, w.insight.status, w.insight.version]);

describe('reconcile', () => {
  it('a new candidate: a new open card, version = evaluation minute in µs, its deterministic id', () => {
    const c = candidate();
    const [w, ...rest] = run([], [c]);
    expect(rest).toEqual([]);
    expect(w!.change).toBe('opened');
    expect(w!.insight).toMatchObject({
      insightId: insightId({ projectId: 'p1', ...c }),
      version: NOW * 1000,
      status: 'open',
      startedAt: c.startedAt,
      detectedAt: NOW,
      lastActiveAt: NOW,
      resolvedAt: null,
      updatedBy: 'engine',
      nextStep: c.nextStep,
      links: c.links,
      summary: templateSummary(c),
    });
    // Two replicas, same minute, same read: identical rows.
    expect(run([], [c])).toEqual(run([], [c]));
  });

  const open = stored(candidate(), NOW - 2 * MIN);
  const moved = (value: number) => candidate({ deltas: [{ ...candidate().deltas[0]!, value }] });
  it.each<[string, Insight, InsightCandidate, number, Array<[string, string, number]>]>([
    ['same numbers, recent: no write', open, candidate(), NOW, []],
    [
      'same numbers, heartbeat due',
      open,
      candidate(),
      NOW + 3 * MIN,
      [['heartbeat', 'open', open.version + 1]],
    ],
    ['delta moved 10 %: not material', open, moved(3280), NOW, []],
    ['delta moved 50 %: updated', open, moved(3600), NOW, [['updated', 'open', open.version + 1]]],
    [
      'severity up: escalated',
      open,
      candidate({ severity: 'critical' }),
      NOW,
      [['escalated', 'open', open.version + 1]],
    ],
    [
      'severity down: updated',
      open,
      candidate({ severity: 'low' }),
      NOW,
      [['updated', 'open', open.version + 1]],
    ],
    [
      'onset drifted across the hour: the same card',
      open,
      candidate({ startedAt: T0 - 2 * MIN, severity: 'critical' }),
      NOW,
      [['escalated', 'open', open.version + 1]],
    ],
    [
      'acknowledged: numbers move, status kept',
      { ...open, status: 'acknowledged', version: NOW * 1000 + 777, updatedBy: 'alice' },
      candidate({ severity: 'critical' }),
      NOW,
      [['escalated', 'acknowledged', NOW * 1000 + 778]],
    ],
    [
      'not useful and still active: kept not useful, no new card',
      { ...open, status: 'not_useful', updatedBy: 'alice' },
      moved(4000),
      NOW,
      [['updated', 'not_useful', open.version + 1]],
    ],
    [
      'resolved by a person, same onset: left alone',
      { ...open, status: 'resolved', resolvedAt: NOW - MIN, updatedBy: 'alice' },
      candidate(),
      NOW,
      [],
    ],
    [
      'resolved by the engine, back within the onset hour: reopened',
      { ...open, status: 'resolved', resolvedAt: NOW - MIN, updatedBy: 'engine' },
      candidate(),
      NOW,
      [['opened', 'open', open.version + 1]],
    ],
  ])('%s', (_what, existing, c, now, expected) => {
    const writes = run([existing], [c], now);
    expect(summary(writes)).toEqual(expected);
    for (const w of writes) {
      expect(w.insight.insightId).toBe(existing.insightId);
      expect(w.insight.startedAt).toBe(existing.startedAt);
      expect(w.insight.lastActiveAt).toBe(now);
    }
  });

  it('resolved by a person, a later onset: a new card', () => {
    const resolved = { ...open, status: 'resolved' as const, resolvedAt: NOW - MIN, updatedBy: 'alice' };
    const [w] = run([resolved], [candidate({ startedAt: NOW - 10 * MIN })]);
    expect(w!.change).toBe('opened');
    expect(w!.insight.insightId).not.toBe(open.insightId);
  });

  it.each<[string, Insight, number, Array<[string, string, number]>]>([
    ['quiet 10 min: still open', open, open.lastActiveAt + 10 * MIN, []],
    [
      'quiet 15 min: resolved',
      open,
      open.lastActiveAt + 15 * MIN,
      [['resolved', 'resolved', open.version + 1]],
    ],
    [
      'acknowledged, quiet 15 min: resolved',
      { ...open, status: 'acknowledged', updatedBy: 'alice' },
      open.lastActiveAt + 15 * MIN,
      [['resolved', 'resolved', open.version + 1]],
    ],
    ['not useful, quiet: left alone', { ...open, status: 'not_useful' }, open.lastActiveAt + HOUR, []],
  ])('not proposed: %s', (_what, existing, now, expected) => {
    const writes = run([existing], [], now);
    expect(summary(writes)).toEqual(expected);
    if (writes[0])
      expect(writes[0].insight).toMatchObject({ resolvedAt: existing.lastActiveAt, updatedBy: 'engine' });
  });

  it('a detector failed: nothing is resolved, candidates still written', () => {
    const writes = run(
      [open],
      [candidate({ metric: 'error_rate', scope: {} })],
      open.lastActiveAt + HOUR,
      false,
    );
    expect(summary(writes)).toEqual([['opened', 'open', (open.lastActiveAt + HOUR) * 1000]]);
  });

  it('two detectors proposing one incident: one card, the more severe', () => {
    const writes = run([], [candidate({ severity: 'low' }), candidate({ severity: 'critical' })]);
    expect(writes.map((w) => w.insight.severity)).toEqual(['critical']);
  });

  it('an incident of 3 hours, numbers wobbling 5 % a minute: tens of writes, not hundreds', () => {
    let cards: Insight[] = [];
    let writes = 0;
    for (let m = 0; m < 180; m++) {
      const c = moved(3200 + (m % 2 ? 40 : 0));
      const ws = run(cards, [c], T0 + 10 * MIN + m * MIN);
      writes += ws.length;
      for (const w of ws) cards = [w.insight];
    }
    // Opened, then a heartbeat every 5 minutes.
    expect(writes).toBe(1 + 35);
  });
});

describe('deltasMoved', () => {
  const d = (metric: string, value: number, baseline = 100) => ({
    metric,
    value,
    baseline,
    interval: [0, 0] as [number, number],
  });
  it.each([
    ['unchanged', [d('a', 200)], [d('a', 200)], false],
    ['change 100 → 120 (20 %)', [d('a', 200)], [d('a', 220)], false],
    ['change 100 → 130 (30 %)', [d('a', 200)], [d('a', 230)], true],
    ['change reversed', [d('a', 200)], [d('a', 0)], true],
    ['a delta added', [d('a', 200)], [d('a', 200), d('b', 1)], true],
    ['another metric', [d('a', 200)], [d('b', 200)], true],
    ['NaN both times', [d('a', NaN)], [d('a', NaN)], false],
  ])('%s', (_what, before, after, expected) => {
    expect(deltasMoved(before, after, 0.25)).toBe(expected);
  });
});

describe('templateSummary', () => {
  it('title, onset, first delta, affected, top hypothesis', () => {
    expect(templateSummary(candidate())).toBe(
      'LCP p75 up on /checkout since 10:05 UTC. web_vital.LCP.p75: 2,400 ms → 3,200 ms. 1,200 sessions (800 users) affected. Most likely: LCP element img.hero.',
    );
    expect(templateSummary(candidate({ deltas: [], hypotheses: [], affectedSessions: 0 }))).toBe(
      'LCP p75 up on /checkout since 10:05 UTC.',
    );
  });
});

it('testkit card has the engine fields', () => {
  expect(card()).toHaveProperty('lastActiveAt');
});
