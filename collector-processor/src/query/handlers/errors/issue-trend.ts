/**
 * The issue list's sparklines (`issues` with `trend`): each listed issue's events per bucket over
 * the query's range, from `errors` with the query's filters (so a filtered list shows the matching
 * events). Buckets start at `from` rather than at round times, so every sparkline has the same
 * number of points and the first one is not a partial bucket cut by the range. Zero-filled here:
 * ClickHouse returns only the buckets that have events.
 */
import type { Row } from '../../frames';
import type { Params } from '../../params';
import type { QueryBase } from '../../schema';
import { intervalSeconds, whereClause } from '../../sql';

/** Bucket width (the query's interval, see intervalSeconds) and how many cover the range. */
export function trendBuckets(q: Pick<QueryBase, 'from' | 'to' | 'intervalMs' | 'maxDataPoints'>) {
  const bucketMs = intervalSeconds(q) * 1000;
  return { bucketMs, count: Math.max(1, Math.ceil((q.to - q.from) / bucketMs)) };
}

/** Events per issue and bucket index, for the page's issues only (a short IN list). */
export function issueTrendSql(q: QueryBase, ids: string[], p: Params): string {
  const { bucketMs } = trendBuckets(q);
  const from = p.add('Int64', q.from);
  return (
    `SELECT fingerprint AS id, intDiv(toUnixTimestamp64Milli(timestamp) - ${from}, ${p.add('UInt32', bucketMs)}) AS bucket, ` +
    `count() AS events FROM errors WHERE ${whereClause(q, p)} AND fingerprint IN ${p.add('Array(String)', ids)} ` +
    'GROUP BY id, bucket'
  );
}

/** Each id's counts as a zero-filled array of `count` buckets. */
export function trendArrays(rows: Row[], ids: string[], count: number): Map<string, number[]> {
  const out = new Map(ids.map((id) => [id, new Array<number>(count).fill(0)]));
  for (const r of rows) {
    const series = out.get(String(r.id));
    const bucket = Number(r.bucket);
    if (series && bucket >= 0 && bucket < count) series[bucket] = Number(r.events);
  }
  return out;
}
