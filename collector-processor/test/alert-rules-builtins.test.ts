/**
 * Every built-in threshold rule (alert-rules/src/builtins) against a real processor, the way
 * Grafana runs it: the rule's query compiled to the datasource's query model (as the generated
 * Grafana provisioning has it), turned into the POST /api/v1/query body by the datasource's own
 * request builder (`buildQueryBody`, with the data source's default project as the model names
 * none), over the rule's window; the answer must hold the rule's field as a numeric series the
 * processor's reducer reduces to a number, in the shape Grafana alerting takes (one label set per
 * series). compareTo rules are also run over the earlier window.
 */
// Grafana's template service is not loaded: the request builder takes its interpolator as an argument.
jest.mock('../../grafana-datasource/node_modules/@grafana/runtime', () => ({
  getTemplateSrv: () => {
    throw new Error('not in this test');
  },
}));

import { buildQueryBody } from '../../grafana-datasource/src/query/request';
import type { PulseTraceQuery } from '../../grafana-datasource/src/types';
import { BUILTIN_FAMILIES } from '../../alert-rules/src/builtins';
import { toRuleFile } from '../../alert-rules/src/compile/rule-file';
import { DEFAULT_TARGET } from '../../alert-rules/src/grafana/compile';
import { toModel } from '../../alert-rules/src/grafana/model';
import { durationMs, type ThresholdRule } from '../src/alerting/rules/schema';
import { judgeSeries } from '../src/alerting/ruler/evaluate';
import { reduce, seriesOf } from '../src/alerting/ruler/reduce';
import type { RunningProcessor } from '../src/processor';
import type { DataFrameJSON } from '../src/query/types';
import { createProject, startTestProcessor } from './helpers/processor';
import { insertRows, postQuery } from './helpers/query';
import { errorEvent, httpRequest, minuteAgo, pageView, webVital } from './helpers/seed-performance';

jest.setTimeout(120_000);

const NOW = minuteAgo(0) + 30_000;
const WEEK = 7 * 86_400_000;
const rules = toRuleFile(BUILTIN_FAMILIES, []).rules.filter(
  (r): r is ThresholdRule => r.kind === 'threshold',
);
const VITALS: Array<[string, number]> = [
  ['LCP', 2600],
  ['INP', 240],
  ['CLS', 0.12],
  ['TTFB', 900],
];

let p: RunningProcessor;
let project: string;

/** Traffic on two routes now and a week ago: page views in 6 sessions, vitals, errors, HTTP calls. */
async function seed(offset: number) {
  const rows = {
    page_views: [] as object[],
    web_vitals: [] as object[],
    errors: [] as object[],
    http_requests: [] as object[],
  };
  for (let i = 0; i < 6; i++) {
    const at = {
      atMs: NOW - offset - (2 + i) * 60_000,
      project_id: project,
      session_id: `s${offset}-${i}`,
      route: i % 2 ? '/product/:id' : '/',
    };
    rows.page_views.push(pageView(at));
    for (const [name, value] of VITALS)
      rows.web_vitals.push(webVital(at, { name, value: value * (1 + i / 10) }));
    if (i < 2) rows.errors.push(errorEvent(at));
    rows.http_requests.push(httpRequest(at, { status_code: i === 0 ? 503 : 200 }));
  }
  for (const [table, list] of Object.entries(rows)) await insertRows(p, table, list);
}

beforeAll(async () => {
  p = await startTestProcessor();
  project = (await createProject(p.url)).id;
  await seed(0);
  await seed(WEEK);
});
afterAll(() => p?.stop());

/** The rule's query as Grafana sends it, through the datasource's request builder, to the processor. */
async function run(rule: ThresholdRule, to: number): Promise<DataFrameJSON[]> {
  const model = toModel(rule.query, {
    refId: 'A',
    project: '',
    datasource: DEFAULT_TARGET.datasource,
    field: rule.field,
  });
  const built = buildQueryBody(model as unknown as PulseTraceQuery, {
    from: to - durationMs(rule.window),
    to,
    defaultProject: project,
    interpolate: { one: (s) => s.trim(), many: (s) => (s.trim() ? [s.trim()] : []) },
  });
  if (!built.ok) throw new Error(built.message);
  expect(built.body).not.toHaveProperty('alertField');
  const answer = await postQuery(p, { queries: [built.body] });
  const result = answer.body.results?.A;
  if (answer.status !== 200 || result?.status !== 200) throw new Error(JSON.stringify(answer.body));
  return result.frames;
}

/** Grafana's shape: each frame with numbers holds the field; one label set per series (row or frame). */
function expectAlertable(frames: DataFrameJSON[], field: string) {
  const labelSets: string[] = [];
  for (const f of frames) {
    const numeric = f.schema.fields.filter((x) => x.type === 'number');
    if (numeric.length === 0) continue;
    expect(numeric.map((x) => x.name)).toContain(field);
    const strings = f.schema.fields.map((x, i) => ({ x, i })).filter(({ x }) => x.type === 'string');
    const time = f.schema.fields.some((x) => x.type === 'time');
    if (time) labelSets.push(JSON.stringify(f.schema.fields.find((x) => x.name === field)?.labels ?? {}));
    else
      for (let row = 0; row < (f.data.values[0]?.length ?? 0); row++)
        labelSets.push(JSON.stringify(strings.map(({ i }) => f.data.values[i]![row])));
  }
  expect(new Set(labelSets).size).toBe(labelSets.length);
}

describe.each(rules.map((r) => [r.id, r] as const))('%s', (_id, rule) => {
  it('answers its field as numeric series the reducer reduces', async () => {
    const frames = await run(rule, NOW);
    expectAlertable(frames, rule.field!);
    const values = seriesOf(frames, rule.field).map((s) => reduce(s.values, rule.reducer));
    expect(values.length).toBeGreaterThan(0);
    for (const v of values) expect(Number.isFinite(v)).toBe(true);
    if (rule.query.groupBy)
      expect(
        seriesOf(frames, rule.field)
          .map((s) => s.labels.route)
          .sort(),
      ).toEqual(['/', '/product/:id']);
    if (rule.compareTo) {
      const earlier = await run(rule, NOW - durationMs(rule.compareTo.offset));
      const before = seriesOf(earlier, rule.field).map((s) => reduce(s.values, rule.reducer));
      expect(before.length).toBeGreaterThan(0);
      // The same seeding both weeks: the ratio the condition judges is 1.
      expect(values[0]! / before[0]!).toBeCloseTo(1, 5);
    }
  });
});

it('ingest-stalled has no data for a project that sends nothing (its noData: alerting fires)', async () => {
  const rule = rules.find((r) => r.id === 'ingest-stalled')!;
  expect(rule.noData).toBe('alerting');
  const saved = project;
  project = (await createProject(p.url)).id;
  try {
    expect(judgeSeries(rule, await run(rule, NOW)).health).toBe('nodata');
  } finally {
    project = saved;
  }
});
