/**
 * Reads both releases' aggregates (sql.ts) and turns them into compared metrics (compare.ts):
 * session error rate, each Core Web Vital's p75, HTTP failure rate and p95, long-task time per
 * session. Two rounds: counts first, then the order statistics at the ranks those counts call for
 * (the release comparison's method: confidence.quantileRanks).
 */
import type { QueryContext } from '../../query/handler';
import { runSql } from '../../query/handler';
import { quantileRanks } from '../../query/handlers/errors/confidence';
import {
  meanMetric,
  quantileMetric,
  rateMetric,
  type MetricComparison,
  type QuantileSample,
} from './compare';
import type { SideSessions } from './correlated';
import {
  buildHttpRateSql,
  buildLongTaskSql,
  buildQuantileCountsSql,
  buildQuantileRanksSql,
  buildTrafficSql,
  type Sides,
} from './sql';

type Row = Record<string, unknown>;
const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));

/** The level each percentile metric is read at. */
export const levelOf = (metric: string) => (metric === 'http.p95' ? 0.95 : 0.75);

/** Units as Grafana names them. */
export const unitOf = (metric: string) => (metric === 'web_vital.CLS.p75' ? 'none' : 'ms');

/** Each (metric, release)'s sample from its count, pooled-threshold count and ranked values. Pure. */
export function quantileSamples(counts: readonly Row[], values: readonly Row[]): Map<string, QuantileSample> {
  const out = new Map<string, QuantileSample>();
  for (const c of counts) {
    const n = num(c.n);
    const r = quantileRanks(n, levelOf(String(c.metric)));
    const at = (rank: number) =>
      num(values.find((v) => v.metric === c.metric && v.release === c.release && num(v.rn) === rank)?.value);
    out.set(`${c.metric}\u0000${c.release}`, {
      n,
      below: num(c.below),
      estimate: { estimate: at(r.point), low: at(r.low), high: at(r.high) },
    });
  }
  return out;
}

export interface ComparedReleases {
  metrics: MetricComparison[];
  sessions: SideSessions;
}

/** Every metric both releases have samples of, previous (baseline window) vs new (current window). */
export async function compareSides(ctx: QueryContext, s: Sides): Promise<ComparedReleases> {
  const [traffic, http, counts, longTasks] = await Promise.all([
    runSql(ctx, buildTrafficSql(s)),
    runSql(ctx, buildHttpRateSql(s)),
    runSql(ctx, buildQuantileCountsSql(s)),
    runSql(ctx, buildLongTaskSql(s)),
  ]);
  const ranks = [
    ...new Set(
      counts.flatMap((c) => {
        const r = quantileRanks(num(c.n), levelOf(String(c.metric)));
        return num(c.n) > 0 ? [r.point, r.low, r.high] : [];
      }),
    ),
  ].sort((a, b) => a - b);
  const values = ranks.length ? await runSql(ctx, buildQuantileRanksSql(s, ranks)) : [];
  const of = (rows: Row[], release: string) => rows.find((r) => r.release === release);
  const prevT = of(traffic, s.previous);
  const newT = of(traffic, s.release);
  const metrics: Array<MetricComparison | undefined> = [
    rateMetric(
      'error_rate',
      { x: num(prevT?.error_sessions), n: num(prevT?.sessions) },
      { x: num(newT?.error_sessions), n: num(newT?.sessions) },
    ),
  ];
  const samples = quantileSamples(counts, values);
  for (const metric of ['web_vital.LCP.p75', 'web_vital.INP.p75', 'web_vital.CLS.p75', 'http.p95']) {
    const a = samples.get(`${metric}\u0000${s.previous}`);
    const b = samples.get(`${metric}\u0000${s.release}`);
    if (a && b) metrics.push(quantileMetric(metric, unitOf(metric), a, b));
  }
  const prevH = of(http, s.previous);
  const newH = of(http, s.release);
  metrics.push(
    rateMetric(
      'http.error_rate',
      { x: num(prevH?.failures), n: num(prevH?.requests) },
      { x: num(newH?.failures), n: num(newH?.requests) },
    ),
  );
  const moments = (r: Row | undefined) => ({
    n: num(r?.n),
    mean: num(r?.mean),
    variance: Number.isFinite(Number(r?.variance)) ? num(r?.variance) : 0,
  });
  metrics.push(
    meanMetric(
      'long_task.ms_per_session',
      'ms',
      moments(of(longTasks, s.previous)),
      moments(of(longTasks, s.release)),
    ),
  );
  return {
    metrics: metrics.filter((m): m is MetricComparison => m !== undefined),
    sessions: { previous: num(prevT?.sessions), release: num(newT?.sessions) },
  };
}
