import { RuleFile, type AlertRuleInput } from '../../../collector-processor/src/alerting/rules/schema';
import type { RuleFamily } from '../builtins/family';
import { familyOf, ruleFileText, toRuleFile } from './rule-file';

const rule = (id: string, extra: Partial<AlertRuleInput> = {}): AlertRuleInput =>
  ({
    kind: 'threshold',
    id,
    name: id,
    query: { type: 'errors', view: 'table' },
    condition: { op: '>', threshold: 1 },
    annotations: { summary: 's' },
    ...extra,
  }) as AlertRuleInput;
const fam = (family: string, rules: AlertRuleInput[]): RuleFamily => ({ family, title: family, rules });

describe('toRuleFile', () => {
  it('writes every rule with its defaults, its family label and the overrides', () => {
    const file = toRuleFile(
      [fam('errors', [rule('a')]), fam('http', [rule('b', { labels: { team: 'web' } })])],
      [{ rule: 'b', project: 'p1', threshold: 2 }],
    );
    expect(RuleFile.parse(JSON.parse(ruleFileText(file)))).toEqual(file);
    expect(file.rules.map((r) => [r.id, r.labels])).toEqual([
      ['a', { family: 'errors' }],
      ['b', { family: 'http', team: 'web' }],
    ]);
    expect(file.rules[0]).toMatchObject({
      window: '5m',
      interval: '1m',
      for: '5m',
      reducer: 'last',
      enabled: true,
    });
    expect(file.overrides).toEqual([{ rule: 'b', project: 'p1', threshold: 2 }]);
    expect(familyOf(file.rules[1]!)).toBe('http');
  });

  it.each([
    ['a duplicate id', [fam('x', [rule('a'), rule('a')])], [], /duplicate rule id a/],
    ['an override of an unknown rule', [fam('x', [rule('a')])], [{ rule: 'zz', project: 'p' }], /no rule zz/],
    ['a bad duration', [fam('x', [rule('a', { window: '5 minutes' } as never)])], [], /duration/],
  ] as const)('refuses %s', (_what, families, overrides, message) => {
    expect(() => toRuleFile(families as readonly RuleFamily[], overrides as never)).toThrow(message);
  });
});
