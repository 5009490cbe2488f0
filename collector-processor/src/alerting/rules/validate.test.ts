import { checkRule, isRuleFile, validateDocument } from './validate';

const rule = (extra: Record<string, unknown> = {}) => ({
  kind: 'threshold',
  id: 'error-rate',
  name: 'Error rate',
  annotations: { summary: 'Error rate over 5%' },
  query: { type: 'error_rate' },
  condition: { op: '>', threshold: 5 },
  ...extra,
});
const eventRule = {
  kind: 'event',
  id: 'new-issue',
  name: 'New issue',
  annotations: { summary: 'x' },
  event: 'issue.new',
};

describe('checkRule', () => {
  it('applies the defaults', () => {
    const c = checkRule(rule());
    expect(c).toMatchObject({
      ok: true,
      rule: { window: '5m', for: '5m', interval: '1m', enabled: true, projects: '*' },
    });
  });

  const bad: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ['a bad duration', { for: '5 minutes' }, 'for', /duration is a number and a unit/],
    ['an unknown query type', { query: { type: 'nope' } }, 'query.type', /type must be one of .*error_rate/],
    [
      'a query field the type does not take',
      { query: { type: 'error_rate', colour: 'red' } },
      'query.colour',
      /unknown field/,
    ],
    [
      'a query with its own project',
      { query: { type: 'error_rate', project: 'p1' } },
      'query.project',
      /ruler sets/,
    ],
    [
      'a query with its own time range',
      { query: { type: 'error_rate', from: 'now-1h' } },
      'query.from',
      /ruler sets/,
    ],
    ['an unknown field', { colour: 'red' }, 'colour', /unknown field/],
    ['a zero window', { window: '0s' }, 'window', /no valid time range/],
    ['a bad id', { id: 'Error Rate' }, 'id', /lowercase/],
    ['a bad operator', { condition: { op: '!=', threshold: 1 } }, 'condition.op', /expected one of/],
  ];
  it.each(bad)('%s: a problem at %s', (_what, change, path, message) => {
    const c = checkRule(rule(change));
    if (c.ok) throw new Error('accepted');
    expect(c.problems).toEqual(expect.arrayContaining([{ path, message: expect.stringMatching(message) }]));
  });

  it('checks the query with the query API’s own options (a web_vitals metric)', () => {
    expect(checkRule(rule({ query: { type: 'web_vitals', metric: 'LCP' } })).ok).toBe(true);
    const c = checkRule(rule({ query: { type: 'web_vitals', metric: 'NOPE' } }));
    expect(!c.ok && c.problems.map((p) => p.path)).toEqual(['query.metric']);
  });

  it.each([
    [{ for: 'x' }, ['rules', 3], 'rules.3.for'],
    [{ query: { type: 'x' } }, ['rules', 0], 'rules.0.query.type'],
    [{ query: { type: 'error_rate', project: 'p' } }, ['rules', 0], 'rules.0.query.project'],
  ])('%j under %j: the problem at %s', (change, prefix, path) => {
    const c = checkRule(rule(change), prefix);
    expect(!c.ok && c.problems[0]!.path).toBe(path);
  });
});

describe('validateDocument', () => {
  it.each([
    [{ apiVersion: 1, rules: [] }, true],
    [{ rules: [] }, true],
    [rule(), false],
    [null, false],
  ])('isRuleFile(%j) = %p', (value, expected) => expect(isRuleFile(value)).toBe(expected));

  it('a valid file: the rules with defaults', () => {
    const v = validateDocument({ apiVersion: 1, rules: [rule(), eventRule] });
    expect(v).toMatchObject({ valid: true, kind: 'file', problems: [], overrides: [] });
    expect(v.rules?.map((r) => r.id)).toEqual(['error-rate', 'new-issue']);
  });

  it.each([
    [
      'a duplicate id',
      { apiVersion: 1, rules: [rule(), rule()] },
      'rules.1.id',
      /duplicate rule id error-rate/,
    ],
    [
      'a query problem in the second rule',
      { apiVersion: 1, rules: [eventRule, rule({ query: { type: 'x' } })] },
      'rules.1.query.type',
      /type must be/,
    ],
    [
      'an override of a rule not in the file',
      { apiVersion: 1, rules: [rule()], overrides: [{ rule: 'other', project: 'p1', enabled: false }] },
      'overrides.0.rule',
      /no rule other/,
    ],
    ['a wrong apiVersion', { apiVersion: 2, rules: [] }, 'apiVersion', /1/],
  ])('a file with %s', (_what, file, path, message) => {
    const v = validateDocument(file);
    expect(v).toMatchObject({ valid: false, kind: 'file' });
    expect(v.problems).toEqual(expect.arrayContaining([{ path, message: expect.stringMatching(message) }]));
    expect(v.rules).toBeUndefined();
  });

  it('one rule', () => {
    expect(validateDocument(eventRule)).toMatchObject({
      valid: true,
      kind: 'rule',
      rules: [{ id: 'new-issue' }],
    });
    expect(validateDocument({ ...eventRule, event: 'issue.gone' })).toMatchObject({
      valid: false,
      kind: 'rule',
      problems: [{ path: 'event' }],
    });
  });
});
