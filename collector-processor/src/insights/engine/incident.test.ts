import { insightId, type Insight } from '../store/insight';
import { T0 } from '../store/testkit';
import { mergeCandidates, mergeHypotheses, sameIncident } from './incident';
import { DEFAULT_RECONCILE, reconcile, type CardWrite } from './reconcile';
import { candidate } from './testkit';
import type { InsightCandidate } from './types';

const MIN = 60_000;
const HOUR = 60 * MIN;
const NOW = T0 + 2 * HOUR;
const h = (title: string, score: number) => ({ title, score, evidence: [], queries: [] });

/** The anomaly detector's card of a release slowing one route (release 1.2.0 dominant). */
const anomaly = (o: Partial<InsightCandidate> = {}) =>
  candidate({ hypotheses: [h('release = 1.2.0', 0.9), h('attribution.url = hero.jpg', 0.6)], ...o });
/** The release detector's card of the same change: release 1.2.0 against 1.1.0. */
const regression = (o: Partial<InsightCandidate> = {}) =>
  candidate({
    kind: 'release_regression',
    scope: { release: '1.2.0' },
    startedAt: T0,
    title: 'LCP p75 regressed in 1.2.0',
    severity: 'medium',
    hypotheses: [h('New img hero.jpg (1146 KB)', 0.95), h('route = /checkout', 0.7)],
    affectedSessions: 1500,
    links: { release: '1.2.0', previousRelease: '1.1.0', deploys: [], issues: ['new'] },
    ...o,
  });

const run = (cards: Insight[], candidates: InsightCandidate[], now = NOW) =>
  reconcile({ projectId: 'p1', retentionDays: 30, now, cards, candidates }, DEFAULT_RECONCILE);
const stored = (c: InsightCandidate, at: number, overrides: Partial<Insight> = {}): Insight => ({
  ...run([], [c], at)[0]!.insight,
  ...overrides,
});
const ids = (ws: CardWrite[]) => ws.map((w) => [w.change, w.insight.kind, w.insight.status]);

describe('sameIncident', () => {
  it.each<[string, InsightCandidate, InsightCandidate, boolean]>([
    ['anomaly in the release, onsets 5 min apart', anomaly(), regression(), true],
    ['either order', regression(), anomaly(), true],
    ['onsets 61 min apart', anomaly({ startedAt: T0 + 61 * MIN }), regression(), false],
    ['another release dominant', anomaly({ release: '1.1.0' }), regression(), false],
    ['no release on the anomaly', anomaly({ release: '' }), regression(), false],
    ['another metric', anomaly({ metric: 'web_vital.INP.p75' }), regression(), false],
    ['same kind', anomaly(), anomaly({ scope: { browser: 'Firefox' } }), false],
    [
      'long-task time per page view and per session: one signal',
      anomaly({ metric: 'long_task.duration', scope: { script: 'gtm.js' } }),
      regression({ metric: 'long_task.ms_per_session' }),
      true,
    ],
  ])('%s', (_what, a, b, expected) => {
    expect(sameIncident(a, b)).toBe(expected);
  });
});

describe('mergeCandidates', () => {
  it('the primary’s identity and numbers, the worst severity, hypotheses best first, links united', () => {
    const m = mergeCandidates(anomaly(), [regression({ severity: 'critical' })]);
    expect(m).toMatchObject({ kind: 'anomaly', scope: { route: '/checkout' }, title: anomaly().title });
    expect(m.severity).toBe('critical');
    expect(m.hypotheses.map((x) => x.title)).toEqual([
      'New img hero.jpg (1146 KB)',
      'release = 1.2.0',
      'route = /checkout',
      'attribution.url = hero.jpg',
    ]);
    expect(m.affectedSessions).toBe(1500);
    expect(m.links).toMatchObject({ release: '1.2.0', previousRelease: '1.1.0', issues: ['abc', 'new'] });
    expect(m.deltas).toEqual(anomaly().deltas);
  });
  it('one title once, with the higher score', () => {
    expect(mergeHypotheses([[h('a', 0.2), h('b', 0.5)], [h('a', 0.8)]])).toEqual([h('a', 0.8), h('b', 0.5)]);
  });
});

describe('reconcile: one card per incident across detectors', () => {
  const open = stored(anomaly(), NOW - 5 * MIN);

  it('the regression joins the open anomaly card: its hypotheses merged, no second card', () => {
    const writes = run([open], [anomaly(), regression()]);
    expect(ids(writes)).toEqual([['updated', 'anomaly', 'open']]);
    expect(writes[0]!.insight.insightId).toBe(open.insightId);
    expect(writes[0]!.insight.hypotheses[0]!.title).toBe('New img hero.jpg (1146 KB)');
  });

  it('the regression alone keeps the anomaly card alive (the anomaly stopped alarming first)', () => {
    const writes = run([open], [regression()], NOW + 20 * MIN);
    expect(ids(writes)).toEqual([['updated', 'anomaly', 'open']]);
    expect(writes[0]!.insight).toMatchObject({ insightId: open.insightId, lastActiveAt: NOW + 20 * MIN });
  });

  it('the anomaly joins an open regression card', () => {
    const card = stored(regression(), NOW - 5 * MIN);
    const writes = run([card], [anomaly()]);
    expect(writes.map((w) => w.insight.insightId)).toEqual([card.insightId]);
    expect(writes[0]!.insight.kind).toBe('release_regression');
  });

  it('both new in one pass: one card, the anomaly’s, unless the regression is more severe', () => {
    expect(ids(run([], [regression(), anomaly()]))).toEqual([['opened', 'anomaly', 'open']]);
    const worse = run([], [anomaly(), regression({ severity: 'critical' })]);
    expect(ids(worse)).toEqual([['opened', 'release_regression', 'open']]);
    expect(worse[0]!.insight.insightId).toBe(insightId({ projectId: 'p1', ...regression() }));
    // Replicas: the same answer whatever the order the detectors ran in.
    expect(run([], [regression(), anomaly()])).toEqual(run([], [anomaly(), regression()]));
  });

  it('a person’s status stands: acknowledged kept; resolved by a person: the regression opens nothing', () => {
    const acked = { ...open, status: 'acknowledged' as const, version: NOW * 1000 + 5, updatedBy: 'alice' };
    expect(ids(run([acked], [regression()]))).toEqual([['updated', 'anomaly', 'acknowledged']]);
    const resolved = { ...open, status: 'resolved' as const, resolvedAt: NOW - MIN, updatedBy: 'alice' };
    expect(run([resolved], [regression()])).toEqual([]);
  });

  it('two cards of the other detector match: the first detected, whatever the read’s order', () => {
    const later = stored(anomaly({ scope: {} }), NOW - 2 * MIN);
    const joined = (cards: Insight[]) =>
      run(cards, [regression()])
        .filter((w) => w.insight.hypotheses[0]?.title === 'New img hero.jpg (1146 KB)')
        .map((w) => w.insight.insightId);
    expect(joined([open, later])).toEqual([open.insightId]);
    expect(joined([later, open])).toEqual([open.insightId]);
  });

  it('another release or onset: two cards', () => {
    const other = run([open], [anomaly(), regression({ scope: { release: '1.3.0' } })]);
    expect(ids(other)).toEqual([
      ['opened', 'release_regression', 'open'],
      ['heartbeat', 'anomaly', 'open'],
    ]);
    expect(run([], [anomaly({ startedAt: T0 + 2 * HOUR }), regression()])).toHaveLength(2);
  });
});

describe('reconcile: a new issue’s onset estimate moving (issue_events)', () => {
  // At first the change point finds no step and the detector answers the start of its two-hour
  // lookback; minutes later, with more minutes after the change, the real onset (14:00).
  const FAULT = T0 + 4 * HOUR;
  const issue = (startedAt: number) =>
    candidate({ metric: 'issue_events', scope: { issue: 'fp1' }, startedAt, hypotheses: [] });
  const first = stored(issue(FAULT - 2 * HOUR), FAULT + 5 * MIN);

  it('the sharper onset replaces the lookback’s on the same card', () => {
    const writes = run([first], [issue(FAULT)], FAULT + 6 * MIN);
    expect(writes.map((w) => [w.change, w.insight.insightId, w.insight.startedAt])).toEqual([
      ['updated', first.insightId, FAULT],
    ]);
    // An onset after the card's first detection is no estimate of its start: kept.
    expect(run([first], [issue(FAULT + 10 * MIN)], FAULT + 8 * MIN)).toEqual([]);
  });

  it('resolved by the engine meanwhile, seen again with an onset before it was resolved: reopened', () => {
    const resolved = { ...first, status: 'resolved' as const, resolvedAt: FAULT + 5 * MIN, version: 7 };
    const writes = run([resolved], [issue(FAULT)], FAULT + 25 * MIN);
    expect(writes.map((w) => [w.change, w.insight.insightId, w.insight.status])).toEqual([
      ['opened', first.insightId, 'open'],
    ]);
    // Onset after it was resolved: a new incident, a new card.
    const later = run([resolved], [issue(FAULT + 20 * MIN)], FAULT + 25 * MIN);
    expect(later[0]!.insight.insightId).not.toBe(first.insightId);
  });
});
