import {
  AlertRule,
  type AlertRuleInput,
  type RuleOverride,
} from '../../../collector-processor/src/alerting/rules/schema';
import { DEFAULT_TARGET, grafanaTemplate, overrideFor, ruleUid, toGrafanaRules } from './compile';
import { RulesFile } from './format';

const base = {
  kind: 'threshold',
  id: 'r1',
  name: 'Rule one',
  query: {
    type: 'web_vitals',
    metric: 'LCP',
    view: 'table',
    groupBy: ['route'],
    filters: { release: '1.0' },
  },
  field: 'p75',
  window: '30m',
  condition: { op: '>', threshold: 2500 },
  labels: { family: 'web-vitals' },
  annotations: { summary: 'p75 is {{ $value }} on {{ $labels.route }}', runbookUrl: 'https://x.test/rb' },
} as const;
const parse = (extra: Partial<AlertRuleInput> = {}) => AlertRule.parse({ ...base, ...extra });
const demo = { id: '', label: 'demo' };
const shop = { id: 'p123', label: 'shop' };
const only = (rules: AlertRule[], overrides: RuleOverride[] = [], projects = [demo]) =>
  RulesFile.parse(toGrafanaRules(rules, overrides, projects));
const first = (f: ReturnType<typeof only>) => f.groups[0]!.rules[0]!;

describe('toGrafanaRules', () => {
  it('is query A, reduce B, threshold C on the PulseTrace data source', () => {
    const r = first(only([parse()]));
    expect(r.condition).toBe('C');
    expect(r.data.map((d) => [d.refId, d.datasourceUid, d.model.type])).toEqual([
      ['A', 'pulsetrace', 'web_vitals'],
      ['B', '__expr__', 'reduce'],
      ['C', '__expr__', 'threshold'],
    ]);
    expect(r.data[0]).toMatchObject({
      relativeTimeRange: { from: 1800, to: 0 },
      model: {
        datasource: DEFAULT_TARGET.datasource,
        project: '',
        groupBy: ['route'],
        filters: { release: ['1.0'] },
        metric: 'LCP',
        alertField: 'p75',
      },
    });
    expect(r.data[1]!.model).toMatchObject({
      expression: 'A',
      reducer: 'last',
      settings: { mode: 'dropNN' },
    });
    expect(r.data[2]!.model).toMatchObject({
      expression: 'B',
      conditions: [{ evaluator: { type: 'gt', params: [2500] } }],
    });
  });

  it.each([
    ['>', 'gt'],
    ['>=', 'ge'],
    ['<', 'lt'],
    ['<=', 'le'],
  ] as const)('maps %s to the %s evaluator', (op, type) => {
    const r = first(only([parse({ condition: { op, threshold: 1 } })]));
    expect(r.data.at(-1)!.model).toMatchObject({ conditions: [{ evaluator: { type } }] });
  });

  it.each([
    ['ok', 'error', 'OK', 'Error'],
    ['alerting', 'alerting', 'Alerting', 'Alerting'],
    ['nodata', 'ok', 'NoData', 'OK'],
    ['keep', 'keep', 'KeepLast', 'KeepLast'],
  ] as const)('maps noData %s / onError %s to %s / %s', (noData, onError, noDataState, execErrState) => {
    expect(first(only([parse({ noData, onError })]))).toMatchObject({ noDataState, execErrState });
  });

  it('writes for, keepFiringFor, labels and annotations with the runbook and the app link', () => {
    const r = first(only([parse({ for: '15m', keepFiringFor: '10m', severity: 'high' })], [], [shop]));
    expect(r).toMatchObject({
      uid: 'r1-shop',
      title: 'Rule one [shop]',
      for: '15m',
      keepFiringFor: '10m',
      isPaused: false,
      labels: { family: 'web-vitals', rule_id: 'r1', project: 'shop', severity: 'high' },
      annotations: {
        summary: 'p75 is {{ printf "%.3g" $values.B.Value }} on {{ $labels.route }}',
        runbook_url: 'https://x.test/rb',
        pulsetrace_url: 'http://localhost:3000/a/pulsetrace-app/performance?project=p123',
      },
    });
    expect(r.data[0]!.model.project).toBe('p123');
  });

  it('turns compareTo into a shifted query D, its reduce E and F = B / E, judged by C', () => {
    const r = first(
      only([parse({ compareTo: { offset: '7d' }, window: '1h', condition: { op: '<', threshold: 0.5 } })]),
    );
    expect(r.data.map((d) => d.refId)).toEqual(['A', 'B', 'D', 'E', 'F', 'C']);
    expect(r.data[2]).toMatchObject({
      relativeTimeRange: { from: 3600 + 604800, to: 604800 },
      model: { refId: 'D' },
    });
    expect(r.data[3]!.model).toMatchObject({ type: 'reduce', expression: 'D' });
    expect(r.data[4]!.model).toMatchObject({ type: 'math', expression: '$B / $E + 0 * log($E)' });
    expect(r.data[5]!.model).toMatchObject({
      expression: 'F',
      conditions: [{ evaluator: { type: 'lt', params: [0.5] } }],
    });
    expect(r.annotations.summary).toContain('$values.F.Value');
  });

  it.each([
    ['a threshold', { threshold: 3000 }, { params: [3000] }, {}],
    ['disabling', { enabled: false }, { params: [2500] }, { isPaused: true }],
    [
      'a severity',
      { severity: 'critical' },
      { params: [2500] },
      { labels: expect.objectContaining({ severity: 'critical' }) },
    ],
    [
      'receivers',
      { receivers: ['pager', 'slack'] },
      { params: [2500] },
      { notification_settings: { receiver: 'pager' } },
    ],
  ] as const)('applies an override of %s to its project only', (_what, change, evaluator, fields) => {
    const file = only([parse()], [{ rule: 'r1', project: 'p123', ...change } as RuleOverride], [demo, shop]);
    const [d, s] = file.groups[0]!.rules;
    expect(s!.data.at(-1)!.model).toMatchObject({ conditions: [{ evaluator }] });
    expect(s).toMatchObject(fields);
    expect(d!.data.at(-1)!.model).toMatchObject({ conditions: [{ evaluator: { params: [2500] } }] });
    expect(d).toMatchObject({ isPaused: false, labels: expect.objectContaining({ severity: 'medium' }) });
    expect(d!.notification_settings).toBeUndefined();
  });

  it('matches an override to the default project by its label', () => {
    expect(overrideFor(parse(), demo, [{ rule: 'r1', project: 'demo', threshold: 1 }])?.threshold).toBe(1);
    expect(overrideFor(parse(), shop, [{ rule: 'r1', project: 'shop', threshold: 1 }])).toBeUndefined();
  });

  it('keeps a rule to the projects it selects, and leaves event rules out', () => {
    const event = AlertRule.parse({
      kind: 'event',
      id: 'e',
      name: 'e',
      event: 'issue.new',
      annotations: { summary: 's' },
    });
    const file = only([parse({ projects: ['p123'] }), event], [], [demo, shop]);
    expect(file.groups.flatMap((g) => g.rules.map((r) => r.uid))).toEqual(['r1-shop']);
    expect(only([event]).groups).toEqual([]);
  });

  it('groups rules by family and interval', () => {
    const file = only([
      parse({ id: 'a', interval: '1m' }),
      parse({ id: 'b', interval: '5m' }),
      parse({ id: 'c', interval: '1m', labels: { family: 'http' } }),
      parse({ id: 'd', interval: '1m' }),
    ]);
    expect(file.groups.map((g) => [g.name, g.interval, g.rules.map((r) => r.labels.rule_id)])).toEqual([
      ['web-vitals-1m', '1m', ['a', 'd']],
      ['web-vitals-5m', '5m', ['b']],
      ['http-1m', '1m', ['c']],
    ]);
  });
});

describe('ruleUid', () => {
  it.each([
    ['error-rate', 'demo', 'error-rate-demo'],
    ['a.b', 'x', 'a_b-x'],
  ])('%s in %s → %s', (id, project, uid) => expect(ruleUid(id, project)).toBe(uid));

  it('hashes long ids to 40 characters, distinct per project', () => {
    const a = ruleUid('web-vitals-ttfb-p75-needs-improvement', 'demo');
    const b = ruleUid('web-vitals-ttfb-p75-needs-improvement', 'shop');
    expect(a).toHaveLength(40);
    expect(a).not.toBe(b);
  });
});

it.each([
  ['{{ $value }}', 'B', '{{ printf "%.3g" $values.B.Value }}'],
  ['x {{$value}} {{ $labels.route }}', 'F', 'x {{ printf "%.3g" $values.F.Value }} {{ $labels.route }}'],
])('grafanaTemplate(%j, %s)', (text, ref, out) => expect(grafanaTemplate(text, ref)).toBe(out));
