/**
 * dashboards/generated/ is what dashboards/src generates (the files Grafana provisions), and the
 * dashboards keep the contract other parts rely on: uids, data source uids, variables, tags.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { dashboardJson, generate, GENERATED_DIR } from '../src/generate';
import { DASHBOARDS, PROMETHEUS_DASHBOARDS } from '../src/index';
import { pulseTraceSlugs } from './helpers/panels';

let generated: Record<string, string>;
beforeAll(() => {
  generated = generate();
});

it('generates one file per dashboard and nothing else is provisioned', () => {
  const files = fs.readdirSync(GENERATED_DIR).filter((f) => f.endsWith('.json'));
  expect(files.sort()).toEqual(Object.keys(generated).sort());
});

it.each(Object.keys(DASHBOARDS))('%s.json is up to date (else: run npm run dashboards:generate)', (slug) => {
  const file = path.join(GENERATED_DIR, `${slug}.json`);
  if (!fs.existsSync(file))
    throw new Error(`dashboards/generated/${slug}.json is missing: run npm run dashboards:generate`);
  if (fs.readFileSync(file, 'utf8') !== generated[`${slug}.json`])
    throw new Error(
      `dashboards/generated/${slug}.json is stale: run npm run dashboards:generate and commit the result`,
    );
});

it('gives every dashboard the uid pulsetrace-<slug> and the pulsetrace tag', () => {
  for (const slug of Object.keys(DASHBOARDS)) {
    const d = dashboardJson(slug);
    expect(d.uid).toBe(`pulsetrace-${slug}`);
    expect(d.tags).toContain('pulsetrace');
  }
});

it('reads PulseTrace panels through uid pulsetrace and the pipeline through uid prometheus', () => {
  const provisioned = parse(
    fs.readFileSync(
      path.join(__dirname, '../../deploy/grafana/provisioning/datasources/pulsetrace.yaml'),
      'utf8',
    ),
  ) as { datasources: Array<{ uid: string; type: string }> };
  const pulsetrace = provisioned.datasources.find((d) => d.type === 'pulsetrace-rum-datasource')!;
  for (const slug of Object.keys(DASHBOARDS)) {
    const expected = PROMETHEUS_DASHBOARDS.includes(slug) ? 'prometheus' : pulsetrace.uid;
    const panels = dashboardJson(slug).panels as Array<{
      datasource: { uid: string };
      targets: Array<{ datasource: { uid: string } }>;
    }>;
    expect(panels.length).toBeGreaterThan(0);
    for (const p of panels) {
      expect(p.datasource.uid).toBe(expected);
      for (const t of p.targets) expect(t.datasource.uid).toBe(expected);
    }
  }
});

it('has project, environment and release variables on every PulseTrace dashboard', () => {
  for (const slug of pulseTraceSlugs) {
    const names = (dashboardJson(slug).templating as { list: Array<{ name: string }> }).list.map(
      (v) => v.name,
    );
    const releases = slug === 'release-comparison' ? ['base', 'target'] : ['release'];
    expect(names).toEqual(['project', 'environment', ...releases]);
  }
});

it('provisions the generated folder where docker-compose mounts it', () => {
  const file = path.join(__dirname, '../../deploy/grafana/provisioning/dashboards/pulsetrace.yaml');
  const yaml = parse(fs.readFileSync(file, 'utf8')) as {
    apiVersion: number;
    providers: Array<{ type: string; options: { path: string; foldersFromFilesStructure?: boolean } }>;
  };
  expect(yaml.apiVersion).toBe(1);
  expect(yaml.providers).toEqual([
    expect.objectContaining({
      type: 'file',
      options: expect.objectContaining({ path: '/var/lib/grafana/dashboards/pulsetrace' }),
    }),
  ]);
});
