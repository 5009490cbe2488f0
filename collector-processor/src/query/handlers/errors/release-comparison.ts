/**
 * `release_comparison`: baseRelease against targetRelease, one row per metric with the
 * difference and its 95% interval (methods in comparison-metrics.ts). Two rounds of queries:
 * counts, page loads, HTTP and vital sample sizes first; then the vitals' order statistics at the
 * ranks those sample sizes call for.
 */
import { tableFrame, type Row } from '../../frames';
import { defineHandler, runSql } from '../../handler';
import {
  COMPARISON_FIELDS,
  comparisonRows,
  emptySample,
  vitalRanks,
  vitalSample,
  type ReleaseSample,
} from './comparison-metrics';
import {
  buildComparisonSql,
  buildVitalRanksSql,
  COMPARED_VITALS,
  ReleaseComparisonQuery,
  type ComparedVital,
} from './release-comparison-sql';

const isVital = (name: unknown): name is ComparedVital => COMPARED_VITALS.includes(name as ComparedVital);
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** Fills each release's sample from the first-round rows. */
export function releaseSamples(
  releases: string[],
  rows: { traffic: Row[]; pageLoad: Row[]; http: Row[] },
): Map<string, ReleaseSample> {
  const samples = new Map(releases.map((r) => [r, emptySample()]));
  const of = (r: Row) => samples.get(String(r.release));
  for (const r of rows.traffic) {
    const s = of(r);
    if (!s) continue;
    s.sessions = num(r.sessions);
    s.errorSessions = num(r.error_sessions);
    s.pageViews = num(r.page_views);
    s.errors = num(r.errors);
  }
  for (const r of rows.pageLoad) {
    const s = of(r);
    if (s)
      s.load = {
        n: num(r.samples),
        mean: num(r.mean),
        variance: Number.isFinite(Number(r.variance)) ? num(r.variance) : 0,
      };
  }
  for (const r of rows.http) {
    const s = of(r);
    if (!s) continue;
    s.requests = num(r.requests);
    s.failures = num(r.failures);
  }
  return samples;
}

export const releaseComparisonHandler = defineHandler({
  type: 'release_comparison',
  summary: 'Two releases compared metric by metric, with differences and 95% confidence intervals',
  schema: ReleaseComparisonQuery,
  async run(q, ctx) {
    const sql = buildComparisonSql(q);
    const [traffic, pageLoad, http, vitalCounts] = await Promise.all([
      runSql(ctx, sql.traffic),
      runSql(ctx, sql.pageLoad),
      runSql(ctx, sql.http),
      runSql(ctx, sql.vitalCounts),
    ]);
    const samples = releaseSamples([q.baseRelease, q.targetRelease], { traffic, pageLoad, http });
    const counts = vitalCounts.filter((r) => isVital(r.name) && samples.has(String(r.release)));
    const ranks = [...new Set(counts.flatMap((r) => vitalRanks(num(r.samples))))].sort((a, b) => a - b);
    const values = ranks.length ? await runSql(ctx, buildVitalRanksSql(q, ranks)) : [];
    for (const c of counts) {
      const valueAt = new Map(
        values
          .filter((v) => v.release === c.release && v.name === c.name)
          .map((v) => [num(v.rn), num(v.value)]),
      );
      samples.get(String(c.release))!.vitals[c.name as ComparedVital] = vitalSample(num(c.samples), valueAt);
    }
    // Base and target may be the same release: one sample serves both.
    const rows = comparisonRows(samples.get(q.baseRelease)!, samples.get(q.targetRelease)!);
    return [
      tableFrame(q.refId, COMPARISON_FIELDS, rows, {
        preferredVisualisationType: 'table',
        custom: { source: ['page_views', 'errors', 'http_requests', 'web_vitals'] },
      }),
    ];
  },
});
