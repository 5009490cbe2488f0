/**
 * The committed files under alert-rules/generated/ are what the sources generate, and every one
 * is valid: the processor's rule file against `RuleFile`, the Grafana files against Grafana's
 * provisioning format (src/grafana/format.ts, strict: a misspelled key fails).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse, parseDocument } from 'yaml';
import { loadRuleFile } from '../../collector-processor/src/alerting/rules/rule-file';
import { RuleFile } from '../../collector-processor/src/alerting/rules/schema';
import { GENERATED, generate } from '../src/generate';
import { ContactPointsFile, PoliciesFile, RulesFile } from '../src/grafana/format';

const root = path.resolve(__dirname, '..');
const generated = generate();
const committed = (rel: string) => fs.readFileSync(path.join(root, rel), 'utf8');

it.each(Object.keys(generated))('%s is up to date (else: run npm run alert-rules:generate)', (rel) => {
  const file = path.join(root, rel);
  if (!fs.existsSync(file))
    throw new Error(`alert-rules/${rel} is missing: run npm run alert-rules:generate`);
  if (committed(rel) !== generated[rel])
    throw new Error(`alert-rules/${rel} is stale: run npm run alert-rules:generate and commit the result`);
});

it('the processor loads the rule file as PULSETRACE_ALERT_RULES_FILE (queries checked too)', () => {
  const file = loadRuleFile(path.join(root, GENERATED.ruleFile));
  expect(file.rules.map((r) => r.id)).toContain('ingest-stalled');
});

it('the rule file is a RuleFile', () => {
  const file = RuleFile.parse(JSON.parse(committed(GENERATED.ruleFile)));
  expect(file.apiVersion).toBe(1);
  expect(file.rules.length).toBeGreaterThan(10);
  expect(file.overrides.length).toBeGreaterThan(0);
});

const yamlOf = (rel: string): unknown => {
  const doc = parseDocument(committed(rel));
  expect(doc.errors).toEqual([]);
  return doc.toJS();
};

it.each([
  [GENERATED.grafanaRules, RulesFile],
  [GENERATED.contactPoints, ContactPointsFile],
  [GENERATED.policies, PoliciesFile],
] as const)('%s follows Grafana’s provisioning format', (rel, schema) => {
  const result = schema.safeParse(yamlOf(rel));
  expect(result.success ? [] : result.error.issues).toEqual([]);
});

it('says in the Grafana file which rules are processor-only', () => {
  const text = committed(GENERATED.grafanaRules);
  const events = RuleFile.parse(JSON.parse(committed(GENERATED.ruleFile))).rules.filter(
    (r) => r.kind === 'event',
  );
  expect(events.length).toBe(4);
  for (const e of events) expect(text).toMatch(new RegExp(`^#.*\\b${e.id}\\b`, 'm'));
});

it('routes only to contact points it provisions, and keeps secrets in the environment', () => {
  const points = ContactPointsFile.parse(yamlOf(GENERATED.contactPoints));
  const names = new Set(points.contactPoints.map((c) => c.name));
  const receivers = (routes: Array<{ receiver?: string; routes?: unknown[] }>): string[] =>
    routes.flatMap((r) => [...(r.receiver ? [r.receiver] : []), ...receivers((r.routes ?? []) as never)]);
  const policy = PoliciesFile.parse(yamlOf(GENERATED.policies));
  for (const r of receivers(policy.policies)) expect(names).toContain(r);
  for (const c of points.contactPoints.flatMap((p) => p.receivers))
    expect(c.settings.url).toMatch(/^\$__env\{[A-Z_]+\}$/);
});

describe('the format rejects what Grafana would ignore or refuse', () => {
  const rules = parse(committed(GENERATED.grafanaRules)) as {
    groups: Array<{ rules: Array<Record<string, unknown>> }>;
  };
  const mutate = (f: (rule: Record<string, unknown>) => void) => {
    const copy = structuredClone(rules);
    f(copy.groups[0]!.rules[0]!);
    return RulesFile.safeParse(copy).success;
  };
  it('accepts the file as generated', () => expect(mutate(() => {})).toBe(true));
  it.each([
    [
      'a misspelled key (keep_firing_for)',
      (r: Record<string, unknown>) => ((r.keep_firing_for = r.keepFiringFor), delete r.keepFiringFor),
    ],
    ['an unknown no-data state', (r: Record<string, unknown>) => (r.noDataState = 'Nodata')],
    ['a condition naming no data entry', (r: Record<string, unknown>) => (r.condition = 'Z')],
    ['a uid over 40 characters', (r: Record<string, unknown>) => (r.uid = 'x'.repeat(41))],
    [
      'an unknown key in an expression',
      (r: Record<string, unknown>) =>
        ((r.data as Array<{ model: Record<string, unknown> }>)[1]!.model.reduce = 'last'),
    ],
    [
      'an unknown evaluator',
      (r: Record<string, unknown>) =>
        ((r.data as Array<{ model: { conditions: Array<{ evaluator: { type: string } }> } }>).at(
          -1,
        )!.model.conditions[0]!.evaluator.type = 'greater'),
    ],
    [
      'a query without its time range',
      (r: Record<string, unknown>) => delete (r.data as Array<Record<string, unknown>>)[0]!.relativeTimeRange,
    ],
    ['a bad duration', (r: Record<string, unknown>) => (r.for = '5 minutes')],
  ])('refuses %s', (_what, f) => expect(mutate(f)).toBe(false));
});
