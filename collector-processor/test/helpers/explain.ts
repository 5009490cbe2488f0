/**
 * Shared by the insights-explain-* tests: two minute-aligned windows, seed instants, and the check
 * that each hypothesis's reproducing queries, posted to /api/v1/query, answer its numbers and that
 * its intervals cover them.
 */
import type { ExplainedHypothesis, Explanation } from '../../src/insights/explain/explain';
import type { Window } from '../../src/insights/explain/segments-sql';
import type { RunningProcessor } from '../../src/processor';
import { queryFrames } from './query';
import { minuteAgo, rowsOf, sum } from './seed-performance';

/** Minute-aligned, so the pre-aggregate an http query may read covers the same rows. */
export const BASELINE: Window = { from: minuteAgo(120), to: minuteAgo(60) };
export const CURRENT: Window = { from: minuteAgo(60), to: minuteAgo(0) };
export const WINDOWS = [BASELINE, CURRENT];

/** `n` instants 10 s apart from the window's start, each with its index. */
export const ticks = (w: Window, n: number) =>
  Array.from({ length: n }, (_, i) => ({ i, atMs: w.from + i * 10_000 }));

/**
 * Each hypothesis's queries through the API: the rows `row` names (all without one), its field
 * read as the card reads it (one row for a percentile; a sum; failures over requests), its
 * number; and each window's interval covers it.
 */
export async function assertReproduced(p: Pick<RunningProcessor, 'url'>, e: Explanation) {
  expect(e.hypotheses.length).toBeGreaterThan(0);
  for (const h of e.hypotheses)
    for (const which of ['baseline', 'current'] as const) {
      const [frame] = await queryFrames(p, h.queries[which]);
      const rows = rowsOf(frame!).filter((r) =>
        Object.entries(h.row ?? {}).every(([k, v]) =>
          k === 'script'
            ? String(r.script_url).split('?')[0] === v
            : k === 'script_origin'
              ? String(r.script_url).startsWith(`${v}/`)
              : r[k] === v,
        ),
      );
      const values = rows.map((r) => Number(r[h.field]));
      const answer =
        h.field === 'p95_ms' || h.field === 'p75'
          ? (expect(values).toHaveLength(1), values[0]!)
          : h.field === 'error_rate'
            ? sum(rows.map((r) => Number(r.error_rate) * Number(r.requests))) /
              sum(rows.map((r) => Number(r.requests)))
            : sum(values);
      expect(answer).toBeCloseTo(h[which], 9);
      const s = h.stats![which];
      expect(s.low).toBeLessThanOrEqual(h[which] * 1.02);
      expect(s.high).toBeGreaterThanOrEqual(h[which] * 0.98);
    }
}

export const significant = (h: ExplainedHypothesis, maxP = 1e-3) => {
  expect(h.stats!.change.significant).toBe(true);
  expect(h.stats!.change.pValue).toBeLessThan(maxP);
  expect(h.stats!.change.low).toBeGreaterThan(0);
};
