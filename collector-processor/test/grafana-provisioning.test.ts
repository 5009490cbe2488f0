/**
 * The data source provisioning examples work as written: every `pulsetrace-rum-datasource` in
 * grafana-datasource/src/README.md's YAML blocks and deploy/grafana/provisioning/datasources/*.yaml
 * is set up against a real processor (tokens from the `$VAR`s Grafana would expand, the project
 * named as the README creates it), then used as Grafana would: plugin.json's route adds the token
 * (as Grafana's data proxy does), the datasource's own ProcessorClient and request builder send a
 * query, Save & test's health check runs. The answer must be 200 with frames holding the data.
 */
// Grafana's template service is not loaded: the request builder takes its interpolator as an argument.
jest.mock('../../grafana-datasource/node_modules/@grafana/runtime', () => ({
  getTemplateSrv: () => {
    throw new Error('not in this test');
  },
  getBackendSrv: () => mockGrafana.backend,
}));

import fs from 'node:fs';
import path from 'node:path';
import { lastValueFrom, Observable } from 'rxjs';
import { parseAllDocuments } from 'yaml';
import { ProcessorClient } from '../../grafana-datasource/src/api/client';
import { checkHealth } from '../../grafana-datasource/src/health/health';
import { migrateQuery } from '../../grafana-datasource/src/query/migrate';
import { buildQueryBody } from '../../grafana-datasource/src/query/request';
import type { RunningProcessor } from '../src/processor';
import { ADMIN_TOKEN, createProject, startTestProcessor } from './helpers/processor';
import { insertRows } from './helpers/query';
import { minuteAgo, pageView, webVital } from './helpers/seed-performance';

jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
/** What Grafana's environment holds for the `$VAR`s (docker-compose.yml passes these names). */
// The admin token is the test processor's own (createProject uses it); compose gives Grafana the
// processor's admin token too, for the app's Setup page (an Admin-only proxy route).
const GRAFANA_ENV = {
  PULSETRACE_READ_TOKEN: 'prov-read-token',
  PULSETRACE_WRITE_TOKEN: 'prov-write-token',
  PULSETRACE_ADMIN_TOKEN: ADMIN_TOKEN,
};
const PROXY = '/api/datasources/proxy/uid/pt';

interface Provisioned {
  where: string;
  jsonData: { url?: string; defaultProject?: string };
  secureJsonData: Record<string, string>;
}

/** Every PulseTrace data source in a provisioning file's text (YAML, possibly several documents). */
function datasourcesIn(where: string, text: string): Provisioned[] {
  return parseAllDocuments(text).flatMap((doc) => {
    const ds = (doc.toJS() as { datasources?: Array<Record<string, never>> } | null)?.datasources ?? [];
    return ds
      .filter((d) => d.type === 'pulsetrace-rum-datasource')
      .map((d) => ({ where, jsonData: d.jsonData ?? {}, secureJsonData: d.secureJsonData ?? {} }));
  });
}

const readmeBlocks = [...read('grafana-datasource/src/README.md').matchAll(/```yaml\n([\s\S]*?)```/g)];
const provisioningDir = 'deploy/grafana/provisioning/datasources';
const examples: Provisioned[] = [
  ...readmeBlocks.flatMap((m, i) => datasourcesIn(`grafana-datasource/src/README.md block ${i + 1}`, m[1]!)),
  ...fs
    .readdirSync(path.join(ROOT, provisioningDir))
    .filter((f) => /\.ya?ml$/.test(f))
    .flatMap((f) => datasourcesIn(`${provisioningDir}/${f}`, read(`${provisioningDir}/${f}`))),
];
/** The project the README's "Send data" step creates, for data sources that name no default. */
const readmeProject = /-d '\{"name":"([^"]+)"/.exec(read('README.md'))?.[1];

/** `$VAR` and `${VAR}` from Grafana's environment, as Grafana expands provisioning files. */
const expand = (value: string) =>
  value.replace(/\$\{?(\w+)\}?/g, (_, name: string) => GRAFANA_ENV[name as keyof typeof GRAFANA_ENV] ?? '');

/** Grafana's side for one provisioned data source: the data proxy with plugin.json's routes (`mock…`: jest.mock's factory reads it). */
const mockGrafana = {
  backend: undefined as unknown,
  use(ds: Provisioned, processorUrl: string) {
    const routes = (JSON.parse(read('grafana-datasource/src/plugin.json')) as { routes: PluginRoute[] })
      .routes;
    const secure = Object.fromEntries(Object.entries(ds.secureJsonData).map(([k, v]) => [k, expand(v)]));
    const template = (text: string) =>
      text
        // The compose host name only resolves inside compose: the same URL, on the test's processor.
        .replace('{{ .JsonData.url }}', processorUrl)
        .replace(/\{\{ \.SecureJsonData\.(\w+) \}\}/g, (_, key: string) => secure[key] ?? '');
    const fetchVia = async (req: BackendRequest) => {
      if (req.url === `/api/datasources/uid/pt`)
        return {
          status: 200,
          data: { secureJsonFields: Object.fromEntries(Object.keys(secure).map((k) => [k, true])) },
        };
      const [, role, ...rest] = req.url.slice(PROXY.length).split('/');
      const route = routes.find((r) => r.path === role)!;
      const query = new URLSearchParams(req.params as Record<string, string> | undefined).toString();
      const res = await fetch(`${template(route.url)}/${rest.join('/')}${query ? `?${query}` : ''}`, {
        method: req.method ?? 'GET',
        headers: {
          ...Object.fromEntries(route.headers.map((h) => [h.name, template(h.content)])),
          ...(req.data === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: req.data === undefined ? undefined : JSON.stringify(req.data),
      });
      const data: unknown = await res.json();
      if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { status: res.status, data });
      return { status: res.status, data, ok: true };
    };
    mockGrafana.backend = {
      fetch: (req: BackendRequest) =>
        new Observable((sub) => {
          fetchVia(req).then(
            (r) => (sub.next(r), sub.complete()),
            (e) => sub.error(e),
          );
        }),
      get: async (url: string) => (await fetchVia({ url })).data,
    };
  },
};
interface PluginRoute {
  path: string;
  url: string;
  headers: Array<{ name: string; content: string }>;
}
interface BackendRequest {
  url: string;
  method?: string;
  data?: unknown;
  params?: unknown;
}

let p: RunningProcessor;
const NOW = minuteAgo(0);

beforeAll(async () => {
  p = await startTestProcessor(GRAFANA_ENV);
});
afterAll(() => p?.stop());

it('finds the examples to check', () => {
  expect(examples.map((e) => e.where)).toEqual([
    'grafana-datasource/src/README.md block 1',
    `${provisioningDir}/pulsetrace.yaml`,
  ]);
  expect(readmeProject).toBe('shop');
});

describe.each(examples.map((e) => [e.where, e] as const))('%s', (_where, ds) => {
  // The project as the example names it (the default project), else as the README creates it.
  const name = ds.jsonData.defaultProject ?? readmeProject!;
  let projectId: string;

  beforeAll(async () => {
    const known = p.projects.list().find((x) => x.name === name);
    projectId = known?.id ?? (await createProject(p.url, { name })).id;
    const at = { atMs: NOW - 5 * 60_000, project_id: projectId };
    await insertRows(p, 'web_vitals', [webVital(at, { value: 1800 }), webVital(at, { value: 2600 })]);
    await insertRows(p, 'page_views', [pageView(at)]);
  });

  it('sets up as written: a URL and tokens from the environment', () => {
    expect(ds.jsonData.url).toMatch(/^https?:\/\/[^/\s]+$/);
    expect(ds.secureJsonData.readToken).toMatch(/^\$/);
    expect(expand(ds.secureJsonData.readToken!)).toBe(GRAFANA_ENV.PULSETRACE_READ_TOKEN);
  });

  it("answers the data source's default query with 200 and frames", async () => {
    mockGrafana.use(ds, p.url);
    const client = new ProcessorClient(PROXY);
    const { refId: _, ...query } = migrateQuery({ type: 'web_vitals' }); // getDefaultQuery()
    const built = buildQueryBody(
      { ...query, refId: 'A', project: ds.jsonData.defaultProject ? '' : name },
      {
        from: NOW - 3600_000,
        to: NOW + 60_000,
        maxDataPoints: 500,
        defaultProject: ds.jsonData.defaultProject,
        interpolate: { one: (s) => s.trim(), many: (s) => (s.trim() ? [s.trim()] : []) },
      },
    );
    if (!built.ok) throw new Error(built.message);
    const answer = await lastValueFrom(client.query$([built.body]));
    const result = answer.results?.A;
    expect(result?.status).toBe(200);
    expect(result?.frames?.length).toBeGreaterThan(0);
    expect(JSON.stringify(result?.frames)).toMatch(/1800|2600|2200/); // the seeded LCPs (or their p75)
    // Template variables: values of the same project, as the variable editor asks for them.
    const environments = await client.values(name, 'environments', { from: NOW - 3600_000 });
    expect(environments.map((v) => v.value)).toEqual(['production']);
  });

  it('passes Save & test without a warning', async () => {
    mockGrafana.use(ds, p.url);
    const health = await checkHealth(new ProcessorClient(PROXY), {
      uid: 'pt',
      url: ds.jsonData.url,
      defaultProject: ds.jsonData.defaultProject,
    });
    expect(health).toMatchObject({ status: 'success' });
  });
});
