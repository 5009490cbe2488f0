/** Every built-in rule: valid, unique, its query accepted by the query API, documented with its threshold. */
import fs from 'node:fs';
import path from 'node:path';
import { AlertRule, durationMs } from '../../../collector-processor/src/alerting/rules/schema';
import { querySchema } from '../../../collector-processor/src/query/registry';
import { BUILTIN_FAMILIES, BUILTIN_RULES } from '.';

const docs = fs.readFileSync(path.resolve(__dirname, '../../../docs/alerting.md'), 'utf8');
const builtinSection = docs.split(/^## /m).find((s) => s.startsWith('Built-in rules')) ?? '';
const parsed = BUILTIN_RULES.map((r) => AlertRule.parse(r));
const threshold = parsed.flatMap((r) => (r.kind === 'threshold' ? [r] : []));

it('has unique ids and every family the issue lists', () => {
  const ids = parsed.map((r) => r.id);
  expect(new Set(ids).size).toBe(ids.length);
  expect(BUILTIN_FAMILIES.map((f) => f.family)).toEqual([
    'issues',
    'errors',
    'web-vitals',
    'http',
    'releases',
    'traffic',
  ]);
  expect(parsed.filter((r) => r.kind === 'event').map((r) => (r.kind === 'event' ? r.event : ''))).toEqual([
    'issue.new',
    'issue.regressed',
    'issue.spike',
    'issue.woke',
  ]);
});

describe.each(threshold.map((r) => [r.id, r] as const))('threshold rule %s', (_id, rule) => {
  it('has a query POST /api/v1/query accepts once project, from and to are added', () => {
    const now = Date.now();
    const result = querySchema().safeParse({
      ...rule.query,
      project: 'p-check',
      from: now - durationMs(rule.window),
      to: now,
    });
    expect(result.success ? [] : result.error.issues).toEqual([]);
  });

  it('names the numeric field it judges', () => {
    expect(rule.field).toEqual(expect.any(String));
  });

  it('evaluates at most as often as its window lets data change, and pends less than a day', () => {
    expect(durationMs(rule.interval)).toBeLessThanOrEqual(durationMs(rule.window));
    expect(durationMs(rule.for)).toBeLessThan(86_400_000);
  });
});

describe.each(parsed.map((r) => [r.id, r] as const))('%s is documented', (id, rule) => {
  it('in the "Built-in rules" table, with its threshold', () => {
    const row = builtinSection.split('\n').find((l) => l.startsWith(`| \`${id}\``));
    expect(row).toBeDefined();
    if (rule.kind === 'threshold') expect(row).toContain(String(rule.condition.threshold));
  });

  it('with a runbook anchor that exists in docs/alerting.md', () => {
    const anchor = rule.annotations.runbookUrl?.split('#')[1];
    expect(anchor).toBe(`rule-${id}`);
    expect(docs).toContain(`<a id="${anchor}"></a>`);
  });
});

it('spikes and web vitals match their documented constants', () => {
  const spike = parsed.find((r) => r.id === 'issue-spike');
  expect(spike?.kind === 'event' && spike.spike).toEqual({ factor: 5, minEvents: 50 });
  const lcp = threshold.find((r) => r.id === 'web-vitals-lcp-p75-poor');
  expect(lcp?.query).toMatchObject({ metric: 'LCP', groupBy: ['route'] });
  expect(lcp?.condition).toEqual({ op: '>', threshold: 4000 });
});
