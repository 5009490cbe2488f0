/**
 * `release_comparison`: baseRelease against targetRelease, one row per metric with the
 * difference and its 95% interval (methods in comparison-metrics.ts). Two rounds of queries:
 * counts, page loads, HTTP and vital sample sizes first; then the vitals' order statistics at the
 * ranks those sample sizes call for. With `groupBy`, the vitals only, per group (the dimension
 * columns first): the `limit` groups with the most samples.
 */
import { tableFrame, type Row } from '../../frames';
import type { Dimension } from '../../schema';
import { dimensionFields } from '../web/shared';
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
  buildGroupedVitalCountsSql,
  buildVitalRanksSql,
  COMPARED_VITALS,
  comparisonDimensions,
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

/** The vital rows of the comparison (a grouped comparison has these only). */
export const VITAL_METRICS = COMPARED_VITALS.map((v) => `${v.toLowerCase()}_p75`);

const groupKey = (r: Row, dims: Dimension[]) => JSON.stringify(dims.map((d) => String(r[d] ?? '')));

/** Fills `samples` (one per release) with each vital's sample at the ranks read back. */
function fillVitals(samples: Map<string, ReleaseSample>, counts: Row[], values: Row[], dims: Dimension[]) {
  for (const c of counts) {
    const key = groupKey(c, dims);
    const valueAt = new Map(
      values
        .filter((v) => v.release === c.release && v.name === c.name && groupKey(v, dims) === key)
        .map((v) => [num(v.rn), num(v.value)]),
    );
    samples.get(String(c.release))!.vitals[c.name as ComparedVital] = vitalSample(num(c.samples), valueAt);
  }
}

/** The ranks to read for these sample counts, ascending. */
const ranksOf = (counts: Row[]) =>
  [...new Set(counts.flatMap((r) => vitalRanks(num(r.samples))))].sort((a, b) => a - b);

/**
 * Vital rows per group, the groups with the most samples (both releases) first, `limit` of them.
 * Pure: the grouped sample counts and the values at their ranks in, rows out.
 */
export function groupedComparisonRows(
  q: Pick<ReleaseComparisonQuery, 'baseRelease' | 'targetRelease' | 'limit'>,
  dims: Dimension[],
  counts: Row[],
  values: Row[],
): Row[] {
  const groups = new Map<string, { dims: Row; samples: number; counts: Row[] }>();
  for (const c of counts) {
    const key = groupKey(c, dims);
    const group = groups.get(key) ?? {
      dims: Object.fromEntries(dims.map((d) => [d, String(c[d] ?? '')])),
      samples: 0,
      counts: [],
    };
    group.samples += num(c.samples);
    group.counts.push(c);
    groups.set(key, group);
  }
  const top = [...groups.values()]
    .sort((a, b) => b.samples - a.samples || JSON.stringify(a.dims).localeCompare(JSON.stringify(b.dims)))
    .slice(0, q.limit);
  return top.flatMap((g) => {
    const samples = new Map([q.baseRelease, q.targetRelease].map((r) => [r, emptySample()]));
    fillVitals(samples, g.counts, values, dims);
    return comparisonRows(samples.get(q.baseRelease)!, samples.get(q.targetRelease)!)
      .filter((r) => VITAL_METRICS.includes(String(r.metric)))
      .map((r) => ({ ...g.dims, ...r }));
  });
}

export const releaseComparisonHandler = defineHandler({
  type: 'release_comparison',
  summary: 'Two releases compared metric by metric, with differences and 95% confidence intervals',
  schema: ReleaseComparisonQuery,
  async run(q, ctx) {
    const dims = comparisonDimensions(q);
    if (dims.length) {
      const releases = new Set([q.baseRelease, q.targetRelease]);
      const counts = (await runSql(ctx, buildGroupedVitalCountsSql(q, dims))).filter(
        (r) => isVital(r.name) && releases.has(String(r.release)),
      );
      const ranks = ranksOf(counts);
      const values = ranks.length ? await runSql(ctx, buildVitalRanksSql(q, ranks, dims)) : [];
      return [
        tableFrame(
          q.refId,
          [...dimensionFields(dims), ...COMPARISON_FIELDS],
          groupedComparisonRows(q, dims, counts, values),
          { preferredVisualisationType: 'table', custom: { source: ['web_vitals'] } },
        ),
      ];
    }
    const sql = buildComparisonSql(q);
    const [traffic, pageLoad, http, vitalCounts] = await Promise.all([
      runSql(ctx, sql.traffic),
      runSql(ctx, sql.pageLoad),
      runSql(ctx, sql.http),
      runSql(ctx, sql.vitalCounts),
    ]);
    const samples = releaseSamples([q.baseRelease, q.targetRelease], { traffic, pageLoad, http });
    const counts = vitalCounts.filter((r) => isVital(r.name) && samples.has(String(r.release)));
    const ranks = ranksOf(counts);
    const values = ranks.length ? await runSql(ctx, buildVitalRanksSql(q, ranks)) : [];
    fillVitals(samples, counts, values, []);
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
