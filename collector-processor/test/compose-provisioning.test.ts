import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { ROOT, containerPathOf, env, read, services } from './helpers/compose';
import {
  alertingFile,
  dashboardJson,
  dashboardsFile,
  datasourceRefs,
  datasourcesFile,
  isBuiltinRef,
  pluginsFile,
  policyTree,
} from './helpers/grafana-provisioning';

// What Grafana and Prometheus in docker-compose.yml load: provisioning files against schemas of
// Grafana's provisioning formats, the references between them, and Prometheus' config through the
// real `promtool check config` (Debian package prometheus, scripts/install-system-deps.sh).
const PLUGIN_IDS = ['pulsetrace-rum-datasource', 'pulsetrace-app'];
const CORE_DATASOURCES = ['prometheus'];
const PROVISIONING = 'deploy/grafana/provisioning';

/** Every provisioning file Grafana reads, by kind: compose mounts alert-rules/generated/grafana as alerting/. */
function provisioningFiles(kind: 'datasources' | 'dashboards' | 'plugins' | 'alerting') {
  const alerting = containerPathOf('grafana', './alert-rules/generated/grafana');
  const dir =
    kind === 'alerting' && alerting === '/etc/grafana/provisioning/alerting'
      ? 'alert-rules/generated/grafana'
      : `${PROVISIONING}/${kind}`;
  return fs
    .readdirSync(path.join(ROOT, dir))
    .filter((f) => /\.ya?ml$/.test(f))
    .map((f) => ({ file: `${dir}/${f}`, doc: YAML.parse(read(`${dir}/${f}`)) }));
}
const provisionedDatasources = () =>
  provisioningFiles('datasources').flatMap(({ doc }) => datasourcesFile.parse(doc).datasources);
const dashboards = () =>
  fs
    .readdirSync(path.join(ROOT, 'dashboards/generated'))
    .filter((f) => f.endsWith('.json'))
    .map((f) => ({ file: f, json: JSON.parse(read(`dashboards/generated/${f}`)) }));

describe('Grafana provisioning (deploy/grafana/provisioning)', () => {
  it('provisions the PulseTrace datasource against the processor, tokens from env', () => {
    const ds = YAML.parse(read('deploy/grafana/provisioning/datasources/pulsetrace.yaml'));
    expect(ds.apiVersion).toBe(1);
    expect(ds.datasources).toHaveLength(1);
    const [source] = ds.datasources;
    expect(source.type).toBe('pulsetrace-rum-datasource');
    // The plugin's proxy routes read the processor URL from jsonData.url.
    const url = new URL(source.jsonData.url);
    expect(url.hostname in services && url.hostname).toBe('pulsetrace-processor');
    expect(url.port).toBe(env('pulsetrace-processor').PULSETRACE_PORT);
    // Secrets from Grafana's environment, never inline; compose must actually pass each variable,
    // with the same value the processor gets.
    expect(source.secureJsonData.readToken).toBeDefined();
    for (const value of Object.values(source.secureJsonData) as string[]) {
      const tokenVar = /^\$\{?(\w+)\}?$/.exec(value)?.[1];
      expect(tokenVar).toBeDefined();
      expect(env('grafana')[tokenVar!]).toBeDefined();
      expect(env('grafana')[tokenVar!]).toBe(env('pulsetrace-processor')[tokenVar!]);
    }
    for (const key of ['readToken', 'writeToken', 'adminToken', 'token'])
      expect(source.jsonData?.[key]).toBeUndefined();
  });

  it('points the dashboards provider at the mounted ./dashboards/generated folder', () => {
    const dash = YAML.parse(read('deploy/grafana/provisioning/dashboards/pulsetrace.yaml'));
    expect(dash.apiVersion).toBe(1);
    const [provider] = dash.providers;
    expect(provider.type).toBe('file');
    expect(provider.options.path).toBe(containerPathOf('grafana', './dashboards/generated'));
  });

  it('enables the app, with the data source it depends on provisioned and both plugins mounted', () => {
    const app = JSON.parse(read('grafana-app/src/plugin.json'));
    const docs = fs
      .readdirSync(path.join(ROOT, 'deploy/grafana/provisioning/plugins'))
      .filter((f) => /\.ya?ml$/.test(f))
      .map((f) => YAML.parse(read(`deploy/grafana/provisioning/plugins/${f}`)));
    expect(docs.map((d) => d.apiVersion)).toEqual(docs.map(() => 1));
    const apps = docs.flatMap((d) => d.apps ?? []);
    // Exactly one entry, for the id the app's own plugin.json declares, enabled in the main org.
    expect(apps.map((a) => a.type)).toEqual([app.id]);
    const [entry] = apps;
    expect({ disabled: entry.disabled ?? false, org: entry.org_id ?? 1 }).toEqual({
      disabled: false,
      org: 1,
    });
    // Only settings the app reads (its AppSettings), never a secret; the install snippets' URL is
    // the port the collector publishes to browsers.
    const settings = /export interface AppSettings \{([\s\S]*?)\n\}/.exec(
      read('grafana-app/src/pages/setup/endpoint.ts'),
    )![1];
    const known = [...settings.matchAll(/^\s+(\w+)\??:/gm)].map((m) => m[1]);
    expect(known.length).toBeGreaterThan(0);
    for (const key of Object.keys(entry.jsonData ?? {}))
      expect({ key, known: known.includes(key) }).toEqual({ key, known: true });
    expect(entry.secureJsonData).toBeUndefined();
    const publicUrl = new URL(entry.jsonData.publicUrl);
    expect(publicUrl.hostname).toBe('localhost');
    expect(services['otel-collector'].ports).toContain(`127.0.0.1:${publicUrl.port}:4318`);

    // Every plugin it depends on is provisioned (a data source) and mounted, and allowed unsigned.
    const provisioned = YAML.parse(
      read('deploy/grafana/provisioning/datasources/pulsetrace.yaml'),
    ).datasources;
    const allowed = env('grafana').GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS.split(',');
    const deps: Array<{ id: string; type: string }> = app.dependencies.plugins;
    expect(deps.map((d) => d.id)).toContain('pulsetrace-rum-datasource');
    for (const dep of deps) {
      if (dep.type === 'datasource')
        expect(provisioned.map((d: { type: string }) => d.type)).toContain(dep.id);
      expect(allowed).toContain(dep.id);
    }
    expect(allowed).toContain(app.id);
    const datasourceId = JSON.parse(read('grafana-datasource/src/plugin.json')).id;
    expect(containerPathOf('grafana', './grafana-app/dist')).toBe(`/var/lib/grafana/plugins/${app.id}`);
    expect(containerPathOf('grafana', './grafana-datasource/dist')).toBe(
      `/var/lib/grafana/plugins/${datasourceId}`,
    );
    // Setup (an Admin page) goes through the data source's admin route: its token is provisioned.
    const [source] = provisioned;
    expect(Object.keys(source.secureJsonData).sort()).toEqual(['adminToken', 'readToken', 'writeToken']);
  });

  it('only provisions plugin ids that exist in this project', () => {
    // Every YAML file under provisioning parses, and any plugin type/app it names is ours or core.
    const dir = path.join(ROOT, 'deploy/grafana/provisioning');
    const files = fs
      .readdirSync(dir, { recursive: true })
      .map(String)
      .filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const doc = YAML.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
      for (const ds of doc.datasources ?? []) expect([...PLUGIN_IDS, ...CORE_DATASOURCES]).toContain(ds.type);
      for (const app of doc.apps ?? []) expect(PLUGIN_IDS).toContain(app.type);
    }
  });
});

describe('Grafana provisioning files against their schemas', () => {
  it.each(['datasources', 'dashboards', 'plugins', 'alerting'] as const)('%s', (kind) => {
    const schema = {
      datasources: datasourcesFile,
      dashboards: dashboardsFile,
      plugins: pluginsFile,
      alerting: alertingFile,
    }[kind];
    const files = provisioningFiles(kind);
    expect(files.length).toBeGreaterThan(0);
    for (const { file, doc } of files) {
      const result = schema.safeParse(doc);
      expect({ file, issues: result.success ? [] : result.error.issues }).toEqual({ file, issues: [] });
    }
  });

  it('gives every data source a unique uid, with a Prometheus one (uid prometheus) on the compose service', () => {
    const sources = provisionedDatasources();
    expect(new Set(sources.map((s) => s.uid)).size).toBe(sources.length);
    const prom = sources.find((s) => s.uid === 'prometheus');
    expect(prom?.type).toBe('prometheus');
    const url = new URL(prom!.url!);
    expect(url.hostname in services && url.hostname).toBe('prometheus');
    expect(url.port).toBe('9090');
  });

  it('dashboards: valid, unique pulsetrace-<slug> uids, every data source they name is provisioned with that type', () => {
    const byUid = new Map(provisionedDatasources().map((s) => [s.uid, s.type]));
    const list = dashboards();
    expect(list.length).toBeGreaterThan(0);
    expect(new Set(list.map((d) => d.json.uid)).size).toBe(list.length);
    for (const { file, json } of list) {
      const result = dashboardJson.safeParse(json);
      expect({ file, issues: result.success ? [] : result.error.issues }).toEqual({ file, issues: [] });
      expect(json.uid).toMatch(/^pulsetrace-[a-z0-9-]+$/);
      for (const ref of datasourceRefs(json)) {
        if (isBuiltinRef(ref.uid)) continue;
        expect({
          file,
          uid: ref.uid,
          type: byUid.has(ref.uid) ? (ref.type ?? byUid.get(ref.uid)) : 'not provisioned',
        }).toEqual({
          file,
          uid: ref.uid,
          type: byUid.get(ref.uid),
        });
      }
    }
  });

  it('alerting: rules query provisioned data sources, policies route to provisioned contact points', () => {
    const uids = new Set(provisionedDatasources().map((s) => s.uid));
    const docs = provisioningFiles('alerting').map(({ doc }) => alertingFile.parse(doc));
    const receivers = new Set(docs.flatMap((d) => d.contactPoints ?? []).map((c) => c.name));
    const rules = docs.flatMap((d) => d.groups ?? []).flatMap((g) => g.rules);
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.data.map((q) => q.refId)).toContain(rule.condition);
      for (const q of rule.data)
        if (!isBuiltinRef(q.datasourceUid))
          expect({ rule: rule.uid, uid: q.datasourceUid, ok: uids.has(q.datasourceUid) }).toEqual({
            rule: rule.uid,
            uid: q.datasourceUid,
            ok: true,
          });
    }
    const named: string[] = [];
    const walk = (r: { receiver?: string; routes?: unknown[] }) => {
      if (r.receiver) named.push(r.receiver);
      (r.routes ?? []).forEach((c) => walk(c as typeof r));
    };
    for (const p of docs.flatMap((d) => d.policies ?? [])) {
      policyTree(p);
      walk(p as { receiver?: string; routes?: unknown[] });
    }
    expect(named.length).toBeGreaterThan(0);
    for (const r of named)
      expect({ receiver: r, provisioned: receivers.has(r) }).toEqual({ receiver: r, provisioned: true });
  });
});

describe('Prometheus (deploy/prometheus/prometheus.yml)', () => {
  it('passes `promtool check config`', async () => {
    const promtool = process.env.PROMTOOL ?? '/usr/bin/promtool';
    if (!fs.existsSync(promtool))
      throw new Error(
        `${promtool} is missing: run scripts/install-system-deps.sh as root (Debian package prometheus)`,
      );
    const { stdout, stderr } = await promisify(execFile)(promtool, [
      'check',
      'config',
      path.join(ROOT, 'deploy/prometheus/prometheus.yml'),
    ]);
    expect(`${stdout}${stderr}`).toMatch(/SUCCESS/);
  });

  it('scrapes the processor service at its /metrics every 15 s, as the contract with the dashboards says', () => {
    const prom = YAML.parse(read('deploy/prometheus/prometheus.yml'));
    expect(prom.global.scrape_interval).toBe('15s');
    expect(prom.scrape_configs).toHaveLength(1);
    const [job] = prom.scrape_configs;
    expect(job).toMatchObject({ job_name: 'pulsetrace-processor', metrics_path: '/metrics' });
    expect(job.static_configs).toEqual([{ targets: ['pulsetrace-processor:4318'] }]);
    expect(env('pulsetrace-processor').PULSETRACE_PORT).toBe('4318');
    expect(read('collector-processor/src/http/app.ts')).toContain("app.get('/metrics'");
  });
});
