import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';
import {
  ensureOtelcolBinary,
  freePort,
  OTELCOL_BUILD_TIMEOUT_MS,
  OTELCOL_CONFIG,
  otelcolEnv,
  startFakeProcessor,
  startOtelcol,
  until,
  type RunningOtelcol,
} from './helpers/otelcol';

const run = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '../..');
const MANIFEST = path.join(REPO_ROOT, 'collector-processor/otelcol/builder-config.yaml');
const config = YAML.parse(fs.readFileSync(OTELCOL_CONFIG, 'utf8'));
const manifest = YAML.parse(fs.readFileSync(MANIFEST, 'utf8'));
const typeOf = (id: string) => id.split('/')[0];

// Static checks: run everywhere, Go or not.
describe('otelcol config.yaml and builder manifest', () => {
  it('pins one release for every component module', () => {
    const mods: string[] = ['receivers', 'processors', 'exporters', 'extensions'].flatMap((k) =>
      (manifest[k] ?? []).map((c: { gomod: string }) => c.gomod),
    );
    const versions = new Set(mods.map((m) => m.split(/\s+/)[1]));
    expect([...versions]).toEqual([expect.stringMatching(/^v0\.\d+\.\d+$/)]);
    expect(manifest.dist.name).toBe('otelcol-pulsetrace');
  });

  it('runs memory_limiter first and batch later in traces and logs, into the processor exporter', () => {
    const { pipelines } = config.service;
    expect(Object.keys(pipelines).sort()).toEqual(['logs', 'traces']);
    for (const p of Object.values(pipelines) as { processors: string[]; exporters: string[] }[]) {
      expect(p.processors[0]).toBe('memory_limiter');
      expect(p.processors).toContain('batch');
      expect(p.exporters).toEqual(['otlp_http/processor']);
    }
  });

  it('accepts browsers (CORS, key header kept) and forwards durably', () => {
    const httpRx = config.receivers.otlp.protocols.http;
    expect(httpRx.include_metadata).toBe(true);
    expect(httpRx.cors.allowed_origins).toMatch(/^\$\{env:PULSETRACE_ALLOWED_ORIGINS:-.+\}$/);
    expect(httpRx.cors.allowed_headers).toEqual(
      expect.arrayContaining(['x-pulsetrace-key', 'x-pulsetrace-batch', 'content-type', 'content-encoding']),
    );
    const exporter = config.exporters['otlp_http/processor'];
    expect(exporter.endpoint).toBe('${env:PULSETRACE_PROCESSOR_ENDPOINT:-http://pulsetrace-processor:4318}');
    expect(exporter.retry_on_failure.enabled).toBe(true);
    expect(config.service.extensions).toContain(exporter.sending_queue.storage);
    expect(config.extensions[exporter.sending_queue.storage].directory).toMatch(
      /^\$\{env:PULSETRACE_OTELCOL_QUEUE_DIR:-/,
    );
    expect(config.processors['resource/project-key'].attributes).toEqual([
      { key: 'pulsetrace.project.key', from_context: 'metadata.x-pulsetrace-key', action: 'insert' },
      // Grafana Faro's OTLP transport: its apiKey arrives as x-api-key.
      { key: 'pulsetrace.project.key', from_context: 'metadata.x-api-key', action: 'insert' },
    ]);
    // The browser's IP for geo and the visitor hash; the processor removes it (src/enrich/ip.ts).
    expect(config.processors['resource/client-address'].attributes).toEqual([
      { key: 'client.address', from_context: 'client.address', action: 'upsert' },
    ]);
  });
});

function otlpJsonTrace(resourceAttrs: Record<string, string> = {}) {
  const now = BigInt(Date.now()) * 1_000_000n;
  const attributes = Object.entries({ 'service.name': 'web', ...resourceAttrs }).map(([key, v]) => ({
    key,
    value: { stringValue: v },
  }));
  return JSON.stringify({
    resourceSpans: [
      {
        resource: { attributes },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: [
              {
                traceId: '0af7651916cd43dd8448eb211c80319c',
                spanId: 'b7ad6b7169203331',
                name: 'GET /',
                kind: 3,
                startTimeUnixNano: String(now),
                endTimeUnixNano: String(now + 1_000_000n),
              },
            ],
          },
        ],
      },
    ],
  });
}

const post = (url: string, body: string, key?: string) =>
  fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: 'http://localhost:3000',
      ...(key ? { 'x-pulsetrace-key': key } : {}),
    },
    body,
  });

// No skip when Go is missing: the tests need the real binary, and ensureOtelcolBinary() fails with
// instructions (scripts/install-system-deps.sh installs Go).
describe('otelcol-pulsetrace binary', () => {
  let bin: string;
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-otelcol-test-'));
  beforeAll(async () => {
    bin = await ensureOtelcolBinary();
  }, OTELCOL_BUILD_TIMEOUT_MS);
  afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

  const validate = async (configPath: string, env: Record<string, string>) =>
    run(bin, ['validate', `--config=${configPath}`], { env: { ...process.env, ...env }, cwd: scratch }).then(
      () => ({ ok: true, stderr: '' }),
      (err: { stderr?: string; message: string }) => ({ ok: false, stderr: err.stderr || err.message }),
    );

  it('validates config.yaml with the env the helper sets, and with the compose defaults', async () => {
    const env = otelcolEnv({
      processorUrl: 'http://127.0.0.1:9',
      port: 4318,
      healthPort: 13133,
      metricsPort: 8888,
      queueDir: scratch,
    });
    expect(await validate(OTELCOL_CONFIG, env)).toEqual({ ok: true, stderr: '' });
    expect(
      await validate(OTELCOL_CONFIG, {
        PULSETRACE_ALLOWED_ORIGINS: 'https://shop.example,https://*.shop.example',
      }),
    ).toEqual({ ok: true, stderr: '' });
  });

  it('rejects a broken config (so a passing validate means something)', async () => {
    const broken = path.join(scratch, 'broken.yaml');
    fs.writeFileSync(
      broken,
      fs
        .readFileSync(OTELCOL_CONFIG, 'utf8')
        .replace(
          '[memory_limiter, resource/project-key, resource/client-address, batch]',
          '[memory_limiter, nope, batch]',
        ),
    );
    const result = await validate(broken, { PULSETRACE_OTELCOL_QUEUE_DIR: scratch });
    expect(result.ok).toBe(false);
    expect(result.stderr).toMatch(/nope/);
  });

  it('lists the expected components, covering every one config.yaml uses', async () => {
    const { stdout } = await run(bin, ['components']);
    const components = YAML.parse(stdout);
    const names = (kind: string) => (components[kind] ?? []).map((c: { name: string }) => c.name).sort();
    expect(names('receivers')).toEqual(['otlp']);
    expect(names('processors')).toEqual(['batch', 'memory_limiter', 'resource']);
    expect(names('exporters')).toEqual(['debug', 'otlp_http']);
    expect(names('extensions')).toEqual(['file_storage', 'health_check']);
    for (const kind of ['receivers', 'processors', 'exporters', 'extensions']) {
      for (const id of Object.keys(config[kind])) expect(names(kind)).toContain(typeOf(id));
    }
  });

  it('forwards browser traces and logs to the processor with the key as a resource attribute', async () => {
    const sink = await startFakeProcessor();
    let col: RunningOtelcol | undefined;
    try {
      col = await startOtelcol({ processorUrl: sink.url, set: { 'processors.batch.timeout': '100ms' } });
      const preflight = await fetch(`${col.url}/v1/traces`, {
        method: 'OPTIONS',
        headers: {
          origin: 'http://localhost:3000',
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'content-type,x-pulsetrace-key',
        },
      });
      expect(preflight.status).toBeLessThan(300);
      expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
      expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain(
        'x-pulsetrace-key',
      );

      expect((await post(`${col.url}/v1/traces`, otlpJsonTrace(), 'pt_header_key')).status).toBe(200);
      // A key the SDK already put on the resource wins over the header (`insert`).
      expect(
        (
          await post(
            `${col.url}/v1/traces`,
            otlpJsonTrace({ 'pulsetrace.project.key': 'pt_sdk_key' }),
            'pt_other',
          )
        ).status,
      ).toBe(200);
      const log = {
        resourceLogs: [
          {
            resource: {},
            scopeLogs: [{ logRecords: [{ timeUnixNano: '1', body: { stringValue: 'boom' } }] }],
          },
        ],
      };
      expect((await post(`${col.url}/v1/logs`, JSON.stringify(log), 'pt_log_key')).status).toBe(200);

      const bodies = (p: string) =>
        Buffer.concat(sink.requests.filter((r) => r.path === p).map((r) => r.body));
      await until(
        () => bodies('/v1/traces').includes('pt_sdk_key') && bodies('/v1/logs').includes('pt_log_key'),
        15_000,
        'forwarded data',
      );
      await until(() => bodies('/v1/traces').includes('pt_header_key'), 5_000, 'header key forwarded');
      expect(bodies('/v1/traces').includes('pulsetrace.project.key')).toBe(true);
      expect(bodies('/v1/traces').includes('pt_other')).toBe(false);
      expect(await col.stop()).toBe(0); // SIGTERM is a clean shutdown
    } finally {
      await col?.stop();
      await sink.close();
    }
  });

  it('keeps data in the on-disk queue across a collector restart while the processor fails', async () => {
    let healthy = false;
    const sink = await startFakeProcessor(() => (healthy ? 200 : 503));
    const queueDir = fs.mkdtempSync(path.join(scratch, 'queue-'));
    let col: RunningOtelcol | undefined;
    try {
      col = await startOtelcol({
        processorUrl: sink.url,
        queueDir,
        set: { 'processors.batch.timeout': '100ms' },
      });
      expect((await post(`${col.url}/v1/traces`, otlpJsonTrace(), 'pt_durable_key')).status).toBe(200);
      await until(() => sink.attempts() > 0, 15_000, 'a failed delivery attempt');
      expect(await col.stop()).toBe(0);
      healthy = true;
      col = await startOtelcol({
        processorUrl: sink.url,
        queueDir,
        set: { 'processors.batch.timeout': '100ms' },
      });
      await until(
        () => sink.requests.some((r) => r.body.includes('pt_durable_key')),
        30_000,
        'queued data delivered after restart',
      );
    } finally {
      await col?.stop();
      await sink.close();
    }
  }, 90_000);

  it('sink mode (benchmarks) ends both pipelines in the debug exporter', async () => {
    const col = await startOtelcol({ sink: true });
    try {
      expect((await post(`${col.url}/v1/traces`, otlpJsonTrace(), 'pt_sink_key')).status).toBe(200);
      await until(
        () => /"otelcol.component.id": "debug"[^\n]*"spans": 1/.test(col.output()),
        10_000,
        'debug exporter output',
      );
    } finally {
      await col.stop();
    }
  });

  it(
    'telemetrygen can load the collector (sink benchmark tool)',
    async () => {
      const telemetrygen = await ensureOtelcolBinary('telemetrygen');
      const sink = await startFakeProcessor();
      let col: RunningOtelcol | undefined;
      try {
        col = await startOtelcol({
          processorUrl: sink.url,
          port: await freePort(),
          set: { 'processors.batch.timeout': '100ms' },
        });
        await run(telemetrygen, [
          'traces',
          '--otlp-http',
          '--otlp-insecure',
          `--otlp-endpoint=${new URL(col.url).host}`,
          '--traces=20',
          '--rate=0',
          '--otlp-header=x-pulsetrace-key="pt_tg_key"',
        ]);
        await until(
          () => sink.requests.some((r) => r.body.includes('pt_tg_key')),
          15_000,
          'telemetrygen spans forwarded',
        );
      } finally {
        await col?.stop();
        await sink.close();
      }
    },
    OTELCOL_BUILD_TIMEOUT_MS,
  );
});
