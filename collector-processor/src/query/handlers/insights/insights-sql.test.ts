import { countRows, detailRows, INSIGHT_FIELDS, SUMMARY_FIELDS } from './insights';
import {
  buildInsightCountSql,
  buildInsightDetailSql,
  buildInsightListSql,
  InsightsQuery,
} from './insights-sql';

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

describe('insights count', () => {
  it('SQL: cards detected in [from, to), grouped by kind and severity, the list filters', () => {
    const { sql, params } = buildInsightCountSql(parse({ view: 'count', severities: ['critical'] }));
    expect(sql).toContain('detected_at >= fromUnixTimestamp64Milli({p');
    expect(sql).toContain('detected_at < fromUnixTimestamp64Milli({p');
    expect(sql).toContain('severity IN {p');
    expect(sql).toContain('GROUP BY kind, severity');
    expect(sql).not.toContain('started_at');
    expect(Object.values(params)).toEqual(expect.arrayContaining(['shop', 1_000, 2_000, ['critical']]));
  });

  it.each([
    ['nothing opened: every combination at 0', {}, [], 8, { 'anomaly/high': 0 }],
    [
      'counts kept, the rest 0',
      {},
      [{ kind: 'anomaly', severity: 'high', count: '3' }],
      8,
      { 'anomaly/high': 3, 'anomaly/low': 0 },
    ],
    [
      'only the requested kinds and severities',
      { kinds: ['release_regression' as const], severities: ['critical' as const] },
      [{ kind: 'release_regression', severity: 'critical', count: 2 }],
      1,
      { 'release_regression/critical': 2 },
    ],
  ])('rows: %s', (_what, q, rows, n, expected) => {
    const out = countRows(q, rows);
    expect(out).toHaveLength(n);
    const byKey = Object.fromEntries(out.map((r) => [`${String(r.kind)}/${String(r.severity)}`, r.count]));
    expect(byKey).toMatchObject(expected);
  });
});

describe('the fields the app reads', () => {
  const delta = {
    metric: 'web_vital.LCP.p75',
    value: 3200,
    baseline: 2400,
    interval: [3100, 3300],
    unit: 'ms',
  };
  it.each([
    ['list', buildInsightListSql(parse({})).sql, INSIGHT_FIELDS, ['deltas', 'summary_source']],
    [
      'detail',
      buildInsightDetailSql(parse({ view: 'detail', insightId: 'x' })).card.sql,
      SUMMARY_FIELDS,
      ['deltas', 'summary_source', 'summary_prompt_version'],
    ],
  ])('%s: selected once and in the frame', (_what, sql, fields, names) => {
    for (const name of names) {
      expect(sql.match(new RegExp(`\\b${name}\\b`, 'g'))).toHaveLength(1);
      expect(fields.map((f) => f.name)).toContain(name);
    }
  });

  it('detail rows: the deltas unfolded in both the summary and their frame; the summary’s source', () => {
    const rows = detailRows(
      { id: 'x', release: '', deltas: JSON.stringify([delta]), hypotheses: '[]', summary_source: 'llm' },
      [],
    );
    expect(rows.summary[0]).toMatchObject({ deltas: [delta], summary_source: 'llm', release: null });
    expect(rows.deltas).toEqual([
      { metric: delta.metric, value: 3200, baseline: 2400, low: 3100, high: 3300, unit: 'ms' },
    ]);
    expect(detailRows({ id: 'x', deltas: '', hypotheses: '[]' }, []).summary[0]).toMatchObject({
      deltas: [],
      summary_source: 'template',
    });
  });
});
