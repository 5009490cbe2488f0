import { querySchema } from '../../registry';
import { AlertsQuery, buildAlertFiringSql, buildAlertTimelineSql } from './alerts-sql';

const base = { type: 'alerts', project: 'shop', from: 1_000, to: 2_000 };
const parse = (extra: Record<string, unknown>) => AlertsQuery.parse({ ...base, ...extra });

describe('alerts timeline SQL', () => {
  it.each([
    [
      'no options: the range only',
      {},
      [],
      ['rule_id IN', 'state IN', 'severity IN', 'kind IN', 'silenced = 0'],
    ],
    ['rules', { ruleIds: ['lcp'] }, ['rule_id IN {p'], []],
    [
      'states and severities',
      { states: ['firing'], severities: ['high'] },
      ['state IN {p', 'severity IN {p'],
      [],
    ],
    ['kinds', { kinds: ['event'] }, ['kind IN {p'], []],
    ['without silenced alerts', { excludeSilenced: true }, ['silenced = 0'], []],
  ])('%s', (_what, extra, present, absent) => {
    const { sql, params } = buildAlertTimelineSql(parse(extra));
    for (const s of present) expect(sql).toContain(s);
    for (const s of absent) expect(sql).not.toContain(s);
    expect(sql).toContain('FROM alert_history FINAL WHERE project_id = {p');
    expect(sql).toContain('at >= fromUnixTimestamp64Milli({p');
    expect(sql).toContain('at < fromUnixTimestamp64Milli({p');
    expect(Object.values(params)).toEqual(expect.arrayContaining(['shop', 1_000, 2_000]));
    for (const v of Object.values(extra).flatMap((o) => (Array.isArray(o) ? o : [])))
      expect(sql).not.toContain(String(v));
  });
});

describe('alerts firing SQL', () => {
  it.each([
    ['every firing instance', {}, [], ['rule_id IN', "labels['severity'] IN"]],
    [
      'of some rules and severities',
      { ruleIds: ["x' OR 1"], severities: ['critical'] },
      ['rule_id IN {p', "labels['severity'] IN {p"],
      [],
    ],
  ])('%s', (_what, extra, present, absent) => {
    const { sql, params } = buildAlertFiringSql(parse({ view: 'firing', ...extra }));
    for (const s of present) expect(sql).toContain(s);
    for (const s of absent) expect(sql).not.toContain(s);
    // Newest version of each instance first, then the state filter on it.
    expect(sql).toContain('FROM (SELECT * FROM alert_instances FINAL WHERE project_id = {p');
    expect(sql).toContain("WHERE state = 'firing'");
    expect(sql).not.toContain("x' OR 1");
    expect(Object.values(params)).toContain('shop');
  });
});

it('registered: the query API accepts the type and rejects an unknown view', () => {
  expect(querySchema().safeParse({ ...base, view: 'firing' }).success).toBe(true);
  expect(querySchema().safeParse({ ...base, view: 'nope' }).success).toBe(false);
});
