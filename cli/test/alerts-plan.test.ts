import {
  applyOrder,
  canonical,
  countActions,
  planApply,
  rulesForProject,
  type FileRule,
  type ListedRule,
} from '../src/commands/alerts-plan';

const rule = (id: string, extra: Record<string, unknown> = {}): FileRule => ({
  id,
  kind: 'event',
  event: 'issue.new',
  severity: 'medium',
  projects: '*',
  ...extra,
});
const api = (
  id: string,
  extra: Record<string, unknown> = {},
  override: ListedRule['override'] = null,
): ListedRule => ({
  id,
  source: 'api',
  // As the server stores it: projects is the project's own id.
  definition: { ...rule(id, extra), projects: ['p1'] },
  override,
});
const file = (id: string, override: ListedRule['override'] = null): ListedRule => ({
  id,
  source: 'file',
  definition: rule(id),
  override,
});

const summary = (plan: ReturnType<typeof planApply>) => plan.map((i) => `${i.action} ${i.kind} ${i.id}`);

describe('canonical', () => {
  it.each([
    [{ a: 1, b: { c: 2, d: 3 } }, { b: { d: 3, c: 2 }, a: 1 }, true],
    [{ a: [1, 2] }, { a: [2, 1] }, false],
    [{ a: 1 }, { a: 1, b: undefined }, true],
  ])('%j vs %j: equal %p', (a, b, equal) => expect(canonical(a) === canonical(b)).toBe(equal));
});

describe('rulesForProject', () => {
  it.each([
    [undefined, true],
    ['*', true],
    [['p1'], true],
    [['checkout'], true],
    [['p2'], false],
  ])('projects %j: applies %p', (projects, applies) => {
    expect(rulesForProject([rule('r', { projects })], ['p1', 'checkout'])).toHaveLength(applies ? 1 : 0);
  });
});

describe('planApply', () => {
  const base = { projectNames: ['p1', 'shop'], overrides: [], prune: false };

  it.each([
    ['a rule the project lacks', [rule('a')], [], ['create rule a']],
    ['a rule the file also has (replaces it for the project)', [rule('a')], [file('a')], ['create rule a']],
    ['the same rule, keys in another order, projects aside', [rule('a')], [api('a')], ['unchanged rule a']],
    ['a changed rule', [rule('a', { severity: 'high' })], [api('a')], ['update rule a']],
    ['a rule for another project', [rule('a', { projects: ['p2'] })], [], []],
    ['a rule for the project by name', [rule('a', { projects: ['shop'] })], [], ['create rule a']],
    ['an API rule the file lacks, without --prune', [rule('a')], [api('a'), api('b')], ['unchanged rule a']],
  ])('%s', (_what, rules, current, expected) => {
    expect(summary(planApply({ ...base, rules, current }))).toEqual(expected);
  });

  it('--prune deletes API rules the file lacks, never file rules', () => {
    const plan = planApply({
      ...base,
      prune: true,
      rules: [rule('a')],
      current: [api('a'), api('b'), file('c')],
    });
    expect(summary(plan)).toEqual(['unchanged rule a', 'delete rule b']);
  });

  it('overrides: create, unchanged, update; only the project’s; merged in order', () => {
    const plan = planApply({
      ...base,
      rules: [rule('a'), rule('b'), rule('c')],
      overrides: [
        { rule: 'a', project: 'p1', enabled: false },
        { rule: 'b', project: 'shop', severity: 'low' },
        { rule: 'c', project: 'p1', severity: 'low' },
        { rule: 'c', project: 'p1', receivers: ['x'] },
        { rule: 'a', project: 'p2', severity: 'high' },
      ],
      current: [api('a'), api('b', {}, { severity: 'low' }), api('c', {}, { severity: 'high' })],
    });
    expect(summary(plan)).toEqual([
      'unchanged rule a',
      'unchanged rule b',
      'unchanged rule c',
      'create override a',
      'unchanged override b',
      'update override c',
    ]);
    expect(plan.find((i) => i.kind === 'override' && i.id === 'c')!.body).toEqual({
      severity: 'low',
      receivers: ['x'],
    });
  });

  it('an override of a rule of the processor’s own file', () => {
    const plan = planApply({
      ...base,
      rules: [],
      overrides: [{ rule: 'builtin', project: 'p1', enabled: false }],
      current: [file('builtin')],
    });
    expect(summary(plan)).toEqual(['create override builtin']);
  });

  it('--prune deletes overrides of the file’s rules that the file does not set, not of other rules', () => {
    const plan = planApply({
      ...base,
      prune: true,
      rules: [rule('a')],
      current: [api('a', {}, { enabled: false }), file('builtin', { enabled: false })],
    });
    expect(summary(plan)).toEqual(['unchanged rule a', 'delete override a']);
  });
});

describe('applyOrder and countActions', () => {
  const plan = planApply({
    projectNames: ['p1'],
    prune: true,
    rules: [rule('new'), rule('same')],
    overrides: [{ rule: 'new', project: 'p1', enabled: false }],
    current: [api('same', {}, { severity: 'low' }), api('gone')],
  });

  it('rules, then overrides, then deleted overrides, then deleted rules; unchanged left out', () => {
    expect(summary(applyOrder(plan))).toEqual([
      'create rule new',
      'create override new',
      'delete override same',
      'delete rule gone',
    ]);
  });

  it('counts each action', () => {
    expect(countActions(plan)).toEqual({ create: 2, update: 0, unchanged: 1, delete: 2 });
  });
});
