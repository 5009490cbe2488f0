import { Params } from '../../params';
import { issueTrendSql, trendArrays, trendBuckets } from './issue-trend';
import { IssuesQuery } from './issues';

const q = (o: Record<string, unknown> = {}) =>
  IssuesQuery.parse({ type: 'issues', project: 'p1', from: 0, to: 86400_000, trend: true, ...o });

describe('issue trend', () => {
  it.each([
    ['maxDataPoints sets the width (24 h / 48 = 30 min)', { maxDataPoints: 48 }, 1800_000, 48],
    ['a wider intervalMs wins', { maxDataPoints: 48, intervalMs: 3600_000 }, 3600_000, 24],
    [
      'a range that is not a whole number of buckets gets a last partial one',
      { to: 90 * 60_000, maxDataPoints: 2 },
      3600_000,
      2,
    ],
  ])('buckets: %s', (_name, o, bucketMs, count) => {
    expect(trendBuckets(q(o))).toEqual({ bucketMs, count });
  });

  it('counts the listed issues’ errors per bucket from `from`, with the query’s filters', () => {
    const p = new Params();
    const sql = issueTrendSql(q({ maxDataPoints: 48, filters: { browser: 'Safari' } }), ['a', 'b'], p);
    expect(sql).toBe(
      'SELECT fingerprint AS id, intDiv(toUnixTimestamp64Milli(timestamp) - {p0:Int64}, {p1:UInt32}) AS bucket, ' +
        'count() AS events FROM errors WHERE project_id = {p2:String} AND timestamp >= fromUnixTimestamp64Milli({p3:Int64}) ' +
        'AND timestamp < fromUnixTimestamp64Milli({p4:Int64}) AND is_bot = 0 AND browser_name IN {p5:Array(String)} ' +
        'AND fingerprint IN {p6:Array(String)} GROUP BY id, bucket',
    );
    expect(p.values).toMatchObject({ p0: 0, p1: 1800_000, p6: ['a', 'b'] });
  });

  it('zero-fills each listed issue, ignoring buckets and ids outside the page', () => {
    const rows = [
      { id: 'a', bucket: 0, events: 2 },
      { id: 'a', bucket: 3, events: 5 },
      { id: 'b', bucket: 1, events: 1 },
      { id: 'b', bucket: 4, events: 9 }, // past the last bucket
      { id: 'x', bucket: 0, events: 7 }, // not on the page
    ];
    expect(Object.fromEntries(trendArrays(rows, ['a', 'b', 'c'], 4))).toEqual({
      a: [2, 0, 0, 5],
      b: [0, 1, 0, 0],
      c: [0, 0, 0, 0],
    });
  });
});
