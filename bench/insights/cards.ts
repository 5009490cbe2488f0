/**
 * Scoring on what users see, pure: the cards the engine wrote pass after pass (its runOnce
 * answers: opened, updated, resolved), not the detectors' candidates. One incident the engine
 * merged (seen by both detectors; an onset that drifted; resolved then reopened) is one card id,
 * so it counts once. The candidate-level numbers (what the detectors proposed) stay as a second
 * column, from the same passes.
 */
import type { EvaluationResult } from '../../collector-processor/src/insights/engine/engine';
import type { InsightCandidate } from '../../collector-processor/src/insights/engine/types';
import type { Insight } from '../../collector-processor/src/insights/store/insight';
import type { Expected } from './scenario';
import { causeInScope, causeRank, insightKey, matchesExpected, median, summarise } from './score';

/** One engine pass over a project: minutes from the onset, what it wrote, what the detectors proposed. */
export interface Pass {
  minute: number;
  result: EvaluationResult;
  candidates: InsightCandidate[];
}

type CardLike = Pick<
  Insight,
  'insightId' | 'kind' | 'metric' | 'scope' | 'status' | 'hypotheses' | 'startedAt'
>;

/** The cards as a person sees them after each pass: latest version per id, and the pass that first opened it. */
export class CardLedger {
  readonly cards = new Map<string, { card: CardLike; openedAt: number }>();

  apply(minute: number, r: Pick<EvaluationResult, 'opened' | 'updated' | 'resolved'>): void {
    for (const card of [...r.opened, ...r.updated, ...r.resolved]) {
      const seen = this.cards.get(card.insightId);
      this.cards.set(card.insightId, { card, openedAt: seen?.openedAt ?? minute });
    }
  }

  /** Cards not resolved (open, acknowledged, or marked not useful but still shown). */
  visible(): CardLike[] {
    return [...this.cards.values()].map((c) => c.card).filter((c) => c.status !== 'resolved');
  }
}

/** Best (lowest non-negative) rank of a known cause among the cards' hypotheses; -1 if none names one. */
function bestRank(cards: ReadonlyArray<Pick<CardLike, 'hypotheses'>>, e: Expected): number {
  const ranks = cards.map((c) => causeRank(c.hypotheses, e.causes)).filter((r) => r >= 0);
  return ranks.length ? Math.min(...ranks) : -1;
}

export interface CardFaultOutcome {
  detected: boolean;
  /** Minutes from the onset to the first pass after which a matching card is visible. */
  minutesToDetect: number | null;
  /** Rank of the known cause among the matching cards' hypotheses at detection (-1: absent). */
  causeRank: number | null;
  /** The same, 10 minutes after detection (the card's hypotheses are refreshed by updates). */
  causeRankAfter10: number | null;
  causeInScope: boolean;
  /** A matching card was opened before the onset (a false alarm on that series, or an early one). */
  beforeOnset: boolean;
  /** Distinct matching card ids over the replay: 1 when the engine kept the incident one card. */
  matchingCards: number;
  /** The matching cards at detection. */
  insights?: Array<{
    kind: string;
    metric: string;
    scope: Record<string, string>;
    causeRank: number;
    topHypotheses: string[];
  }>;
  /** The other cards opened during the replay (kind|metric|scope|onset hour). */
  otherInsights: string[];
  /** What the detectors proposed (the previous, candidate-level measure). */
  candidates: { minutesToDetect: number | null; causeRank: number | null };
}

/** Scores a fault's passes (in order of `minute`); `rankAfterMin` after detection for the second rank. */
export function scoreFaultPasses(passes: readonly Pass[], e: Expected, rankAfterMin = 10): CardFaultOutcome {
  const ledger = new CardLedger();
  const out: CardFaultOutcome = {
    detected: false,
    minutesToDetect: null,
    causeRank: null,
    causeRankAfter10: null,
    causeInScope: false,
    beforeOnset: false,
    matchingCards: 0,
    otherInsights: [],
    candidates: { minutesToDetect: null, causeRank: null },
  };
  const matching = new Set<string>();
  for (const p of passes) {
    ledger.apply(p.minute, p.result);
    const hits = ledger.visible().filter((c) => matchesExpected(c, e));
    for (const c of hits) matching.add(c.insightId);
    if (p.minute < 0 && hits.length) out.beforeOnset = true;
    if (p.minute >= 0 && hits.length && !out.detected) {
      out.detected = true;
      out.minutesToDetect = p.minute;
      out.causeRank = bestRank(hits, e);
      out.causeInScope = hits.some((c) => causeInScope(c.scope, e.causes));
      out.insights = hits.map((c) => ({
        kind: c.kind,
        metric: c.metric,
        scope: c.scope,
        causeRank: causeRank(c.hypotheses, e.causes),
        topHypotheses: c.hypotheses.slice(0, 5).map((h) => h.title),
      }));
    }
    // The last pass at or before detection + rankAfterMin: what the card says by then.
    if (out.detected && p.minute <= out.minutesToDetect! + rankAfterMin)
      out.causeRankAfter10 = hits.length ? bestRank(hits, e) : out.causeRankAfter10;
    const candidateHits = p.candidates.filter((c) => matchesExpected(c, e));
    if (p.minute >= 0 && candidateHits.length && out.candidates.minutesToDetect === null)
      out.candidates = { minutesToDetect: p.minute, causeRank: bestRank(candidateHits, e) };
  }
  out.matchingCards = matching.size;
  out.otherInsights = [...ledger.cards.values()]
    .filter(({ card }) => !matching.has(card.insightId))
    .map(({ card }) => cardKey(card));
  return out;
}

/** kind|metric|scope|onset hour, for reading the report. */
function cardKey(c: CardLike): string {
  return insightKey(c);
}

/** A null scenario's passes: the distinct cards opened (false insights) and candidate keys. */
export function scoreNullPasses(passes: readonly Pass[]): { cards: string[]; candidateKeys: string[] } {
  const opened = new Map<string, string>();
  const keys = new Set<string>();
  for (const p of passes) {
    for (const c of p.result.opened) if (!opened.has(c.insightId)) opened.set(c.insightId, cardKey(c));
    for (const c of p.candidates) keys.add(insightKey(c));
  }
  return { cards: [...opened.values()], candidateKeys: [...keys] };
}

export interface EngineFaultOutcome extends CardFaultOutcome {
  scenario: string;
}

export interface EngineNullOutcome {
  scenario: string;
  evaluatedDays: number;
  evaluations: number;
  /** Distinct cards opened (kind|metric|scope|onset hour of each). */
  insights: string[];
  perWeek: number;
  /** Distinct candidate keys the detectors proposed (the previous measure). */
  candidateKeys: string[];
}

const share = (n: number, of: number) => (of ? n / of : NaN);
const inTop = (r: number | null, k: number) => r !== null && r >= 0 && r < k;

/**
 * The summary on cards (summarise's numbers), the cause ranks 10 minutes after detection, and the
 * detectors' candidate-level numbers as a second column.
 */
export function summariseEngine(
  faults: readonly EngineFaultOutcome[],
  nulls: readonly EngineNullOutcome[],
  cpuMsPerEval: readonly number[],
) {
  const days = nulls.reduce((s, n) => s + n.evaluatedDays, 0);
  const candidateTtd = faults.flatMap((f) =>
    f.candidates.minutesToDetect === null ? [] : [f.candidates.minutesToDetect],
  );
  return {
    ...summarise(faults, nulls, cpuMsPerEval),
    after10Minutes: {
      top1: share(faults.filter((f) => inTop(f.causeRankAfter10, 1)).length, faults.length),
      top3: share(faults.filter((f) => inTop(f.causeRankAfter10, 3)).length, faults.length),
    },
    candidates: {
      detectionRate: share(candidateTtd.length, faults.length),
      minutesToDetect: {
        median: median(candidateTtd),
        max: candidateTtd.length ? Math.max(...candidateTtd) : NaN,
      },
      top1: share(faults.filter((f) => inTop(f.candidates.causeRank, 1)).length, faults.length),
      top3: share(faults.filter((f) => inTop(f.candidates.causeRank, 3)).length, faults.length),
      falseInsightsPerProjectWeek: days
        ? (nulls.reduce((s, n) => s + n.candidateKeys.length, 0) / days) * 7
        : NaN,
    },
  };
}
