/**
 * The insight benchmark's scoring on the engine's cards (bench/insights/cards.ts), pure: what a
 * person sees after each engine pass. One incident the engine keeps as one card (merged across
 * detectors, resolved then reopened) counts once; the detectors' candidates are a second column.
 * Beside insights-generator.test.ts, which checks the generator and the candidate-level rules.
 */
import { scoreFaultPasses, scoreNullPasses, type Pass } from '../../bench/insights/cards';
import { candidate } from '../src/insights/engine/testkit';
import { card } from '../src/insights/store/testkit';

const ONSET = Date.UTC(2026, 10, 25, 14);

describe("scoring on the engine's cards", () => {
  const e = { metric: 'LCP', scope: { route: '/r', release: '1.2.0' }, causes: [{ value: 'hero.jpg' }] };
  const hyp = (...titles: string[]) =>
    titles.map((title) => ({ title, score: 1, evidence: [], queries: [] }));
  const lcp = (id: string, o: Parameters<typeof card>[0] = {}) =>
    card({ insightId: id, metric: 'web_vital.LCP.p75', scope: { route: '/r' }, ...o });
  const none = { opened: [], updated: [], resolved: [] };
  /** minute → [opened, updated, resolved] of that pass. */
  const passes = (...ps: Array<[number, Partial<Pass['result']>, Pass['candidates']?]>): Pass[] =>
    ps.map(([minute, r, candidates = []]) => ({ minute, result: { ...none, ...r }, candidates }));
  const A = lcp('a', { hypotheses: hyp('release = 2.5.0', 'img hero.jpg') });

  it.each<[string, Pass[], Record<string, unknown>]>([
    [
      // Both detectors' candidates merged by the engine: one card, updated, counted once.
      'one card opened then updated',
      passes([-1, {}], [2, { opened: [A] }], [3, { updated: [{ ...A, kind: 'release_regression' }] }]),
      { detected: true, minutesToDetect: 2, causeRank: 1, matchingCards: 1, beforeOnset: false },
    ],
    [
      'a card opened before the onset and still open: seen at the first pass after it',
      passes([-3, { opened: [A] }], [0, {}]),
      { detected: true, minutesToDetect: 0, beforeOnset: true, matchingCards: 1 },
    ],
    [
      // Resolved before the onset, reopened (same id) by the fault: one card, detected when reopened.
      'a resolved card is not visible until reopened',
      passes(
        [-5, { opened: [A] }],
        [-1, { resolved: [{ ...A, status: 'resolved' }] }],
        [0, {}],
        [4, { opened: [A] }],
      ),
      { detected: true, minutesToDetect: 4, beforeOnset: true, matchingCards: 1 },
    ],
    [
      'a card out of the allowed scope is another insight, not a detection',
      passes([1, { opened: [lcp('b', { scope: { route: '/other' } })] }]),
      { detected: false, matchingCards: 0, otherInsights: [expect.stringContaining('route=/other')] },
    ],
    [
      // The rank 10 minutes on is the card's latest version by then, not later ones.
      'cause rank at detection and 10 minutes later',
      passes(
        [1, { opened: [A] }],
        [7, { updated: [{ ...A, hypotheses: hyp('img hero.jpg') }] }],
        [12, { updated: [{ ...A, hypotheses: hyp('other') }] }],
      ),
      { causeRank: 1, causeRankAfter10: 0 },
    ],
    [
      "the detectors' candidates are scored as before, as a second column",
      passes(
        [1, {}, [candidate({ scope: { route: '/r' }, hypotheses: hyp('hero.jpg') })]],
        [3, { opened: [A] }],
      ),
      { minutesToDetect: 3, candidates: { minutesToDetect: 1, causeRank: 0 } },
    ],
  ])('%s', (_, ps, want) => expect(scoreFaultPasses(ps, e)).toMatchObject(want));

  it('null: distinct card ids opened (a reopened card once), and the distinct candidate keys', () => {
    const B = lcp('b', { startedAt: ONSET });
    const s = scoreNullPasses(
      passes(
        [0, { opened: [A] }, [candidate(), candidate({ startedAt: ONSET })]],
        [5, { resolved: [{ ...A, status: 'resolved' }] }],
        [10, { opened: [A, B] }],
      ),
    );
    expect({ cards: s.cards.length, candidates: s.candidateKeys.length }).toEqual({
      cards: 2,
      candidates: 2,
    });
  });
});
