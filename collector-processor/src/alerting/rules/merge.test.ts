import { applyOverride, combineOverrides, mergeRules, projectMatches, type StoredRule } from './merge';
import { AlertRule, RuleFile, type AlertRuleInput } from './schema';

const threshold = (id: string, extra: Partial<AlertRuleInput> = {}): AlertRule =>
  AlertRule.parse({
    kind: 'threshold',
    id,
    name: `rule ${id}`,
    annotations: { summary: 's' },
    query: { type: 'error_rate' },
    condition: { op: '>', threshold: 5 },
    ...extra,
  });
const event = (id: string, extra: Partial<AlertRuleInput> = {}): AlertRule =>
  AlertRule.parse({
    kind: 'event',
    id,
    name: `rule ${id}`,
    annotations: { summary: 's' },
    event: 'issue.new',
    ...extra,
  });
const api = (rule: AlertRule): StoredRule => ({ rule, updatedAt: 1, updatedBy: 'write-token' });

const FILE = RuleFile.parse({
  apiVersion: 1,
  rules: [
    threshold('error-rate'),
    event('new-issue'),
    threshold('only-p1', { projects: ['p1'] }),
    threshold('p2-and-p3', { projects: ['p2', 'p3'] }),
  ],
  overrides: [
    { rule: 'error-rate', project: 'p1', threshold: 10, severity: 'high' },
    { rule: 'new-issue', project: 'p2', enabled: false },
  ],
});

describe('projectMatches', () => {
  it.each([
    ['*', 'p1', true],
    [['p1'], 'p1', true],
    [['p1', 'p2'], 'p2', true],
    [['p1'], 'p2', false],
  ] as const)('%j matches %s: %p', (projects, project, expected) => {
    expect(projectMatches({ projects: projects as AlertRule['projects'] }, project)).toBe(expected);
  });
});

describe('applyOverride', () => {
  it.each([
    ['no override', null, { enabled: true, severity: 'medium', receivers: [], threshold: 5 }],
    ['disable', { enabled: false }, { enabled: false, severity: 'medium', receivers: [], threshold: 5 }],
    ['threshold', { threshold: 9 }, { enabled: true, severity: 'medium', receivers: [], threshold: 9 }],
    [
      'receivers',
      { receivers: ['oncall'] },
      { enabled: true, severity: 'medium', receivers: ['oncall'], threshold: 5 },
    ],
    [
      'severity',
      { severity: 'critical' as const },
      { enabled: true, severity: 'critical', receivers: [], threshold: 5 },
    ],
  ])('%s', (_what, o, expected) => {
    const r = applyOverride(threshold('t'), o);
    expect({
      enabled: r.enabled,
      severity: r.severity,
      receivers: r.receivers,
      threshold: r.kind === 'threshold' && r.condition.threshold,
    }).toEqual(expected);
  });

  it('leaves an event rule without a condition (a threshold has nothing to change)', () => {
    expect(applyOverride(event('e'), { threshold: 3 })).toEqual(event('e'));
  });

  it('does not change the rule it is given', () => {
    const rule = threshold('t');
    applyOverride(rule, { threshold: 1, enabled: false });
    expect(rule).toEqual(threshold('t'));
  });
});

describe('combineOverrides', () => {
  it.each([
    [[null, null], null],
    [[{ enabled: false }, null], { enabled: false }],
    [[{ enabled: false, threshold: 3 }, { threshold: 4 }], { enabled: false, threshold: 4 }],
    [
      [{ severity: 'low' as const }, { severity: undefined, receivers: ['a'] }],
      { severity: 'low', receivers: ['a'] },
    ],
  ])('%j → %j', (list, expected) => expect(combineOverrides(...list)).toEqual(expected));
});

describe('mergeRules', () => {
  const ids = (project: string, apiRules: StoredRule[] = []) =>
    mergeRules({ projectId: project, file: FILE, apiRules, apiOverrides: [] }).map(
      (r) => `${r.id}:${r.source}`,
    );

  it.each([
    ['p1', ['error-rate:file', 'new-issue:file', 'only-p1:file']],
    ['p2', ['error-rate:file', 'new-issue:file', 'p2-and-p3:file']],
    ['p9', ['error-rate:file', 'new-issue:file']],
  ])('file rules whose projects match %s', (project, expected) => expect(ids(project)).toEqual(expected));

  it('no file: only the API rules', () => {
    const merged = mergeRules({ projectId: 'p1', apiRules: [api(event('mine'))], apiOverrides: [] });
    expect(merged.map((r) => [r.id, r.source])).toEqual([['mine', 'api']]);
  });

  it('an API rule with a file rule’s id replaces it for that project, without the file’s override', () => {
    const mine = threshold('error-rate', { condition: { op: '>', threshold: 50 } });
    const [p1] = mergeRules({ projectId: 'p1', file: FILE, apiRules: [api(mine)], apiOverrides: [] });
    expect(p1).toMatchObject({ id: 'error-rate', source: 'api', replacesFileRule: true, fileOverride: null });
    expect(p1!.rule).toMatchObject({ condition: { threshold: 50 }, severity: 'medium' });
    // Another project still has the file's.
    const [p2] = mergeRules({ projectId: 'p2', file: FILE, apiRules: [], apiOverrides: [] });
    expect(p2).toMatchObject({ source: 'file', replacesFileRule: false });
  });

  it('an API rule whose id no file rule has replaces nothing', () => {
    const merged = mergeRules({
      projectId: 'p9',
      file: FILE,
      apiRules: [api(threshold('only-p1'))],
      apiOverrides: [],
    });
    expect(merged.find((r) => r.id === 'only-p1')).toMatchObject({ source: 'api', replacesFileRule: false });
  });

  const cases: Array<[string, string, Array<{ ruleId: string; override: object }>, object]> = [
    ['the file’s override for the project', 'p1', [], { threshold: 10, severity: 'high', enabled: true }],
    ['no file override for another project', 'p3', [], { threshold: 5, severity: 'medium', enabled: true }],
    [
      'the API’s override on top, field by field',
      'p1',
      [{ ruleId: 'error-rate', override: { threshold: 20, enabled: false } }],
      { threshold: 20, severity: 'high', enabled: false },
    ],
    [
      'an API override where the file has none',
      'p3',
      [{ ruleId: 'error-rate', override: { receivers: ['pager'] } }],
      { threshold: 5, severity: 'medium', enabled: true, receivers: ['pager'] },
    ],
  ];
  it.each(cases)('error-rate with %s', (_what, project, apiOverrides, expected) => {
    const merged = mergeRules({
      projectId: project,
      file: FILE,
      apiRules: [],
      apiOverrides: apiOverrides.map((o) => ({ ...o, updatedAt: 1, updatedBy: 'x' })),
    });
    const r = merged.find((m) => m.id === 'error-rate')!;
    expect({
      threshold: r.rule.kind === 'threshold' && r.rule.condition.threshold,
      severity: r.rule.severity,
      enabled: r.rule.enabled,
      ...(r.rule.receivers.length ? { receivers: r.rule.receivers } : {}),
    }).toEqual(expected);
    // The definition stays as written.
    expect(r.definition).toEqual(FILE.rules[0]);
  });

  it('an API override applies to an API rule too', () => {
    const merged = mergeRules({
      projectId: 'p1',
      apiRules: [api(event('mine'))],
      apiOverrides: [{ ruleId: 'mine', override: { enabled: false }, updatedAt: 1, updatedBy: 'x' }],
    });
    expect(merged[0]).toMatchObject({
      rule: { enabled: false },
      definition: { enabled: true },
      override: { enabled: false },
    });
  });

  it('lists a disabled rule (the file’s override disables new-issue for p2)', () => {
    const r = mergeRules({ projectId: 'p2', file: FILE, apiRules: [], apiOverrides: [] }).find(
      (m) => m.id === 'new-issue',
    );
    expect(r).toMatchObject({ rule: { enabled: false }, fileOverride: { enabled: false }, override: null });
  });
});
