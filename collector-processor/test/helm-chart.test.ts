import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import { CHART_DIR, ensureTool, helmCheck, usedComponentTypes, type HelmCheckSummary } from './helpers/helm';

// deploy/helm/pulsetrace rendered offline by deploy/helm/check (Helm v4's Go library, then a strict
// decode into k8s.io/api and prometheus-operator types plus cross-object checks). No cluster and no
// schema downloads: the Go types are the schemas. The collector configs are checked against the
// real otelcol-pulsetrace (`components`, `validate`).
jest.setTimeout(120_000);

const REPO_ROOT = path.resolve(__dirname, '../..');
const run = promisify(execFile);
let helmBin: string;
let otelcolBin: string;

beforeAll(async () => {
  [helmBin, otelcolBin] = await Promise.all([ensureTool('helmcheck'), ensureTool('otelcol')]);
});

const names = (s: HelmCheckSummary, kind: string) =>
  s.objects.filter((o) => o.kind === kind).map((o) => o.name);

/** The fields of rendered objects these tests read (the Go tool already checked the full types). */
interface Container {
  name: string;
  image: string;
  livenessProbe?: { httpGet?: unknown };
  readinessProbe?: { httpGet?: unknown };
}
interface Rendered {
  kind: string;
  metadata: { name: string };
  data?: Record<string, string>;
  spec: {
    replicas?: number;
    clusterIP?: string;
    ports?: { port: number }[];
    template: { spec: { containers: Container[]; volumes: { name: string; emptyDir?: unknown }[] } };
    volumeClaimTemplates: { spec: { resources: { requests: { storage: string } } } }[];
  };
}

/** Parses one object of the rendered manifests (needs `manifests: true`). */
function manifest(s: HelmCheckSummary, kind: string, name: string): Rendered {
  const docs = YAML.parseAllDocuments(s.manifests ?? '').map((d) => d.toJSON() as Rendered | null);
  const doc = docs.find((d) => d?.kind === kind && d?.metadata?.name === name);
  if (!doc) throw new Error(`${kind}/${name} is not rendered`);
  return doc;
}

describe('default values (one processor, bundled ClickHouse)', () => {
  let s: HelmCheckSummary;
  beforeAll(async () => {
    const r = await helmCheck(helmBin, ['ci/default-values.yaml'], { manifests: true });
    expect(r.exitCode).toBe(0);
    s = r.summary;
  });

  it('renders, decodes strictly and passes every cross-object check', () => {
    expect(s.problems).toEqual([]);
    expect(s.kinds).toEqual({ ConfigMap: 2, Deployment: 2, Secret: 1, Service: 3, StatefulSet: 1 });
    expect(names(s, 'StatefulSet')).toEqual(['pulsetrace-clickhouse']);
  });

  it('points the processor at the bundled ClickHouse with an emptyDir WAL and both probes', () => {
    expect(s.configMaps['pulsetrace-processor']).toMatchObject({
      CLICKHOUSE_URL: 'http://pulsetrace-clickhouse:8123',
      PULSETRACE_SOURCEMAP_STORE: 'clickhouse',
      PULSETRACE_DATA_DIR: '/data',
    });
    expect(s.configMaps['pulsetrace-processor'].CLICKHOUSE_CLUSTER).toBeUndefined();
    const pod = manifest(s, 'Deployment', 'pulsetrace-processor').spec.template.spec;
    const processor = pod.containers.find((c) => c.name === 'processor')!;
    expect(processor.livenessProbe?.httpGet).toEqual({ path: '/healthz', port: 'http' });
    expect(processor.readinessProbe?.httpGet).toEqual({ path: '/readyz', port: 'http' });
    expect(pod.volumes.find((v) => v.name === 'data')?.emptyDir).toBeDefined();
    expect(pod.containers.map((c) => c.name)).toEqual(['processor']); // no gRPC bridge
  });

  it("ships the repo's collector config unchanged, on the contrib image of the manifest's release", () => {
    const config = fs.readFileSync(path.join(REPO_ROOT, 'collector-processor/otelcol/config.yaml'), 'utf8');
    expect(s.configMaps['pulsetrace-collector']['config.yaml'].trim()).toBe(config.trim());
    const manifestText = fs.readFileSync(
      path.join(REPO_ROOT, 'collector-processor/otelcol/builder-config.yaml'),
      'utf8',
    );
    const release = /otlpreceiver (v\d+\.\d+\.\d+)/.exec(manifestText)![1];
    const image = manifest(s, 'Deployment', 'pulsetrace-collector').spec.template.spec.containers[0].image;
    expect(image).toBe(`otel/opentelemetry-collector-contrib:${release.slice(1)}`);
  });
});

describe('scaled values (3+ replicas, HPA, PDB, ServiceMonitor, external ClickHouse cluster)', () => {
  let s: HelmCheckSummary;
  beforeAll(async () => {
    const r = await helmCheck(helmBin, ['ci/scaled-values.yaml'], {
      manifests: true,
      external: ['Secret/pulsetrace-tokens'],
    });
    expect(r.exitCode).toBe(0);
    s = r.summary;
  });

  it('renders the production objects and no bundled ClickHouse or chart Secret', () => {
    expect(s.problems).toEqual([]);
    expect(s.kinds).toEqual({
      ConfigMap: 2,
      Deployment: 1,
      HorizontalPodAutoscaler: 1,
      PodDisruptionBudget: 1,
      Service: 3,
      ServiceMonitor: 1,
      StatefulSet: 1,
    });
    expect(names(s, 'StatefulSet')).toEqual(['pulsetrace-processor']);
    expect(names(s, 'Secret')).toEqual([]);
    const hpa = manifest(s, 'HorizontalPodAutoscaler', 'pulsetrace-processor');
    expect(hpa.spec).toMatchObject({ minReplicas: 3, scaleTargetRef: { kind: 'StatefulSet' } });
    const sts = manifest(s, 'StatefulSet', 'pulsetrace-processor');
    expect(sts.spec.replicas).toBeUndefined(); // the HPA owns it
    expect(sts.spec.volumeClaimTemplates[0].spec.resources.requests.storage).toBe('10Gi');
    expect(s.configMaps['pulsetrace-processor']).toMatchObject({
      CLICKHOUSE_URL: 'https://clickhouse.example.internal:8443',
      CLICKHOUSE_CLUSTER: 'pulsetrace_cluster',
    });
  });

  it('puts the loadbalancing exporter in front of the replicas through the headless Service', () => {
    const cfg = YAML.parse(s.configMaps['pulsetrace-collector']['config.yaml']);
    const lb = cfg.exporters['loadbalancing/processor'];
    expect(lb.resolver.dns).toEqual({
      hostname: 'pulsetrace-processor-headless.observability.svc.cluster.local',
      port: '4317',
    });
    expect(lb.sending_queue.storage).toBe('file_storage/queue'); // acknowledged data stays on disk
    expect(cfg.exporters['otlp_http/processor']).toBeUndefined();
    for (const p of ['traces', 'logs'])
      expect(cfg.service.pipelines[p].exporters).toEqual(['loadbalancing/processor']);
    const headless = manifest(s, 'Service', 'pulsetrace-processor-headless');
    expect(headless.spec.clusterIP).toBe('None');
    expect(headless.spec.ports?.map((p) => p.port)).toContain(4317);
  });

  it('reports a referenced Secret that is neither rendered nor declared external', async () => {
    const { exitCode, summary } = await helmCheck(helmBin, ['ci/scaled-values.yaml']);
    expect(exitCode).toBe(1);
    expect(summary.problems.join('\n')).toMatch(
      /env PULSETRACE_ADMIN_TOKEN refers to Secret\/pulsetrace-tokens, which the chart does not render/,
    );
  });

  it('uses only collector components of our build, plus loadbalancing from the contrib image', async () => {
    const { stdout } = await run(otelcolBin, ['components']);
    const built = YAML.parse(stdout) as Record<string, { name: string }[] | undefined>;
    const ours = new Set(
      ['receivers', 'processors', 'exporters', 'extensions', 'connectors'].flatMap((k) =>
        (built[k] ?? []).map((c) => `${k}:${c.name}`),
      ),
    );
    const edge = YAML.parse(s.configMaps['pulsetrace-collector']['config.yaml']);
    const bridge = YAML.parse(s.configMaps['pulsetrace-collector']['bridge.yaml']);
    const missing = [...usedComponentTypes(edge), ...usedComponentTypes(bridge)].filter((c) => !ours.has(c));
    expect(missing).toEqual(['exporters:loadbalancing']);
  });

  it("the processor pods' gRPC bridge config is valid for the real collector", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-bridge-'));
    try {
      const file = path.join(dir, 'bridge.yaml');
      fs.writeFileSync(file, s.configMaps['pulsetrace-collector']['bridge.yaml']);
      const env = { ...process.env, PULSETRACE_PROCESSOR_ENDPOINT: 'http://127.0.0.1:4318' };
      await expect(run(otelcolBin, ['validate', `--config=${file}`], { env })).resolves.toBeDefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('rejected or broken values', () => {
  it('refuses several processor replicas on the bundled single-node ClickHouse', async () => {
    const { exitCode, summary } = await helmCheck(helmBin, ['ci/bad-replicas-bundled-values.yaml']);
    expect(exitCode).toBe(1);
    expect(summary.renderError).toMatch(
      /processor\.replicas > 1 \(or processor\.autoscaling\.enabled\) needs an external ClickHouse: set clickhouse\.url/,
    );
    expect(summary.objects).toEqual([]);
  });

  it('keeps a Deployment of 3 replicas with a PDB valid on an external ClickHouse', async () => {
    const { exitCode, summary } = await helmCheck(helmBin, ['ci/replicas-no-persistence-values.yaml'], {
      manifests: true,
    });
    expect({ exitCode, problems: summary.problems }).toEqual({ exitCode: 0, problems: [] });
    expect(manifest(summary, 'Deployment', 'pulsetrace-processor').spec.replicas).toBe(3);
    expect(manifest(summary, 'Secret', 'pulsetrace-secrets').data?.['clickhouse-password']).toBe(
      Buffer.from('not-a-real-password').toString('base64'),
    );
  });

  it('reports a misspelt field that the values schema lets through (strict decoding)', async () => {
    const { exitCode, summary } = await helmCheck(helmBin, ['ci/mutation-misspelt-field-values.yaml']);
    expect(exitCode).toBe(1);
    expect(summary.problems).toEqual([
      expect.stringContaining(
        'unknown field "spec.template.spec.containers[0].securityContext.allowPrivilegeEscalaton"',
      ),
    ]);
  });

  it('reports a duplicate field (an extraEnv key the chart already sets)', async () => {
    const { summary } = await helmCheck(helmBin, ['ci/mutation-duplicate-field-values.yaml']);
    expect(summary.problems).toEqual([expect.stringMatching(/"PULSETRACE_LOG_LEVEL" already set in map/)]);
  });

  it('reports wiring mistakes in templates: selector, Service target port, probe port', async () => {
    // A copy of the chart with three hand-made template bugs (dereferencing the config symlink).
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-mutant-'));
    try {
      const chart = path.join(dir, 'pulsetrace');
      fs.cpSync(CHART_DIR, chart, { recursive: true, dereference: true });
      const edit = (file: string, from: string, to: string) => {
        const p = path.join(chart, 'templates', file);
        const text = fs.readFileSync(p, 'utf8');
        expect(text).toContain(from);
        fs.writeFileSync(p, text.replace(from, to));
      };
      edit('processor-service.yaml', 'targetPort: http', 'targetPort: api');
      edit('processor-workload.yaml', '{ path: /readyz, port: http }', '{ path: /readyz, port: 9999 }');
      edit('collector.yaml', '"component" "collector") | nindent 6', '"component" "collectr") | nindent 6');
      const { exitCode, summary } = await helmCheck(helmBin, ['ci/default-values.yaml'], { chartDir: chart });
      expect(exitCode).toBe(1);
      // Sorted by template path.
      expect(summary.problems).toEqual([
        expect.stringMatching(
          /^pulsetrace\/templates\/collector.yaml: Deployment pulsetrace-collector: spec.selector .* does not match the pod template labels/,
        ),
        expect.stringMatching(
          /^pulsetrace\/templates\/processor-service.yaml: Service pulsetrace-processor: port "http" targets api, which no container of Deployment pulsetrace-processor declares/,
        ),
        expect.stringMatching(
          /^pulsetrace\/templates\/processor-workload.yaml: Deployment pulsetrace-processor: container processor readinessProbe points at port 9999, which the container does not declare/,
        ),
      ]);
      // Without the Service's own label the ServiceMonitor also selects the headless Service.
      edit('processor-policies.yaml', '      pulsetrace.io/service: api\n', '');
      const scaled = await helmCheck(helmBin, ['ci/scaled-values.yaml'], {
        chartDir: chart,
        external: ['Secret/pulsetrace-tokens'],
      });
      expect(scaled.summary.problems).toContainEqual(
        expect.stringMatching(
          /ServiceMonitor pulsetrace-processor: .* matches several Services .* scraped twice/,
        ),
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a misspelt value key through values.schema.json', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helm-values-'));
    try {
      const file = path.join(dir, 'typo.yaml');
      fs.writeFileSync(file, 'processor:\n  replcas: 3\n');
      const { exitCode, summary } = await helmCheck(helmBin, [file]);
      expect(exitCode).toBe(1);
      expect(summary.renderError).toMatch(/values don't meet the specifications of the schema/);
      expect(summary.renderError).toMatch(/replcas/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
