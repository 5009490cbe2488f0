import { buildInsightDetailSql, buildInsightListSql, InsightsQuery } from './insights-sql';

const base = { type: 'insights', project: 'shop', from: 1_000, to: 2_000 };
const parse = (extra: Record<string, unknown>) => InsightsQuery.parse({ ...base, ...extra });

describe('insights list SQL', () => {
  it.each([
    ['no options: range overlap only', {}, [], ['status IN', 'kind IN', 'scope[']],
    ['statuses', { statuses: ['open'] }, ['status IN {p'], []],
    [
      'kinds and severities',
      { kinds: ['anomaly'], severities: ['high'] },
      ['kind IN {p', 'severity IN {p'],
      [],
    ],
    ['a release filter: the column', { filters: { release: '2.0' } }, ['release IN {p'], ['scope[']],
    ['a scope filter', { filters: { route: '/a' } }, ["scope['route'] IN {p"], []],
    ['an exclusion', { exclude: { browser: 'Safari' } }, ["NOT (scope['browser'] IN {p"], []],
    [
      'urlPrefix: a prefix of the scope url',
      { filters: { urlPrefix: '/shop' } },
      ["startsWith(scope['url'], v)"],
      [],
    ],
  ])('%s', (_what, extra, present, absent) => {
    const { sql, params } = buildInsightListSql(parse(extra));
    for (const s of present) expect(sql).toContain(s);
    for (const s of absent) expect(sql).not.toContain(s);
    expect(sql).toContain('FROM insights FINAL WHERE project_id = {p');
    expect(sql).toContain('(resolved_at IS NULL OR resolved_at >= fromUnixTimestamp64Milli({p');
    // Every value is bound, none is in the text.
    expect(Object.values(params)).toEqual(expect.arrayContaining(['shop', 1_000, 2_000]));
    for (const v of Object.values(extra).flatMap((o) => (Array.isArray(o) ? o : Object.values(o as object))))
      expect(sql).not.toContain(String(v));
  });

  it('detail: one card and its feedback by key; the view needs insightId', () => {
    const { card, feedback } = buildInsightDetailSql(parse({ view: 'detail', insightId: "x' OR 1" }));
    expect(card.sql).toContain('FROM insights FINAL WHERE project_id = {p');
    expect(feedback.sql).toContain('FROM insight_feedback FINAL');
    expect(card.sql).not.toContain("x' OR 1");
    expect(Object.values(card.params)).toContain("x' OR 1");
    expect(InsightsQuery.safeParse({ ...base, view: 'detail' }).success).toBe(false);
  });
});
