/**
 * The PulseTrace dashboards on demo data: every panel target, template variable and annotation of
 * every generated dashboard runs through the data source's own code against a real processor
 * seeded by `seedDemo` (the OTLP ingest path), and answers what its panel needs to draw; the
 * release comparison shows the regression the demo injects.
 */
import { runAnnotation } from '../../grafana-datasource/src/annotations/run';
import { migrateAnnotationTarget } from '../../grafana-datasource/src/annotations/target';
import { templateInterpolator } from '../../grafana-datasource/src/query/interpolate';
import { migrateVariableQuery, variableValues } from '../../grafana-datasource/src/variables/variableQuery';
import { Demo, startDemo } from './helpers/demo';
import { escapeRegex, stringToJsRegex } from './helpers/grafana-data';
import { column, dashboardOf, panelTargets, pulseTraceSlugs, runTarget } from './helpers/panels';
import { describeFrames, shapeProblems } from './helpers/shapes';

// Seeding the demo and a processor start on a loaded 2-core machine (see jest.config.js).
jest.setTimeout(120_000);

let demo: Demo;
beforeAll(async () => {
  demo = await startDemo();
});
afterAll(() => demo?.stop());

it.each(panelTargets())('%s / %s (%s) draws from its query', async (_slug, _title, panelType, target) => {
  const frames = await runTarget(demo, target);
  const problems = shapeProblems(panelType, frames);
  if (problems.length > 0) throw new Error(`${problems.join('; ')}: frames ${describeFrames(frames)}`);
});

const variables = pulseTraceSlugs.flatMap((slug) =>
  dashboardOf(slug).templating.list.map((v) => [slug, v.name, v.query] as const),
);

it.each(variables)('%s: variable %s lists the demo values', async (_slug, name, query) => {
  const values = await variableValues(demo.client, migrateVariableQuery(query), {
    ...demo.range,
    interpolate: templateInterpolator(),
  });
  const listed = values.map((v) => String(v.value));
  const expected = {
    project: [demo.seeded.projectId],
    environment: [demo.seeded.environment],
    release: demo.seeded.releases,
    base: demo.seeded.releases,
    target: demo.seeded.releases,
  }[name];
  if (!expected) throw new Error(`no expectation for variable ${name}: add it to this test`);
  expect(listed).toEqual(expect.arrayContaining(expected));
});

const annotations = pulseTraceSlugs.flatMap((slug) =>
  dashboardOf(slug).annotations.list.map((a) => [slug, a.name, a.target] as const),
);

it.each(annotations)('%s: annotation %s marks events on the demo', async (_slug, _name, target) => {
  const query = migrateAnnotationTarget(target);
  const answer = await runAnnotation(demo.client, query, {
    ...demo.range,
    interpolate: templateInterpolator(),
  });
  expect(answer.errors ?? []).toEqual([]);
  expect(answer.data[0]?.length ?? 0).toBeGreaterThan(0);
});

describe('the release comparison shows the injected regression', () => {
  const panel = (title: string) => {
    const found = dashboardOf('release-comparison').panels.find((p) => p.title === title);
    if (!found?.targets?.[0]) throw new Error(`release-comparison has no panel "${title}"`);
    return found.targets[0];
  };

  // The demo makes /checkout's LCP 2.4 times slower in the regressed release: far beyond the
  // noise of a small demo, unlike the whole site's p75 or the error rate.
  it('LCP p75 of /checkout is far worse in the regressed release', async () => {
    const [frame] = await runTarget(demo, panel('LCP p75 by route and release'));
    const rows = column(frame!, 'route').map((route, i) => ({
      route: String(route),
      release: String(column(frame!, 'release')[i]),
      p75: Number(column(frame!, 'p75')[i]),
    }));
    const p75 = (release: string) => rows.find((r) => r.route === '/checkout' && r.release === release)?.p75;
    const base = p75(demo.seeded.baselineRelease);
    const target = p75(demo.seeded.regressedRelease);
    expect(base).toBeGreaterThan(0);
    expect(target).toBeGreaterThan(1.5 * base!);
  });

  it("lists the regressed release's new error as an issue first seen in it", async () => {
    const [frame] = await runTarget(demo, panel('Issues in the target release'));
    expect(column(frame!, 'first_release').map(String)).toContain(demo.seeded.regressedRelease);
  });
});

/**
 * The options Grafana offers for a query variable, as @grafana/scenes 9.2.2's QueryVariable makes
 * them (metricNamesToVariableValues): the regex, with other variables interpolated regex-escaped,
 * keeps the values it matches; sort 2 is alphabetical descending, 8 natural descending (a numeric
 * collator). A variable without a saved value takes the first option.
 */
function grafanaOptions(
  values: string[],
  v: { regex?: string; sort?: number },
  vars: Record<string, string>,
) {
  const source = v.regex?.replace(/\$\{(\w+)\}/g, (_, name: string) => escapeRegex(vars[name] ?? ''));
  const regex = source ? stringToJsRegex(source) : undefined;
  const kept = [...new Set(values)].filter((value) => !regex || value.match(regex));
  const natural = new Intl.Collator(undefined, { sensitivity: 'accent', numeric: true });
  if (v.sort === 2) return kept.sort().reverse();
  if (v.sort === 8) return kept.sort((a, b) => natural.compare(a, b)).reverse();
  throw new Error(`sort ${v.sort} is not modelled here: add it`);
}

it('the release comparison opens on the newest release against the one before it', async () => {
  const variable = (name: string) =>
    dashboardOf('release-comparison').templating.list.find((v) => v.name === name)!;
  const values = async (name: string) =>
    (
      await variableValues(demo.client, migrateVariableQuery(variable(name).query), {
        ...demo.range,
        interpolate: templateInterpolator(),
      })
    ).map((v) => String(v.value));
  const [target] = grafanaOptions(await values('target'), variable('target'), {});
  const [base] = grafanaOptions(await values('base'), variable('base'), { target: target! });
  expect({ base, target }).toEqual({
    base: demo.seeded.baselineRelease,
    target: demo.seeded.regressedRelease,
  });
});
