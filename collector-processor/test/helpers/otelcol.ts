import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

import { freePort } from './processor';

export { freePort, until } from './processor';

const REPO_ROOT = path.resolve(__dirname, '../../..');
export const OTELCOL_CONFIG = path.join(REPO_ROOT, 'collector-processor/otelcol/config.yaml');
const ENSURE_TOOLS = path.join(REPO_ROOT, 'scripts/ensure-tools.mjs');
/** Exit code of ensure-tools.mjs when Go is missing (see ToolchainMissingError there). */
const EXIT_GO_MISSING = 3;

/** Budget for a cold `ensureOtelcolBinary()` in beforeAll: a cold build takes minutes on 2 cores. */
export const OTELCOL_BUILD_TIMEOUT_MS = 20 * 60_000;

/**
 * Path of the otelcol-pulsetrace binary, built and cached by scripts/ensure-tools.mjs. Run as a child
 * process because jest (CommonJS here) cannot import the ESM script; its progress goes to stderr.
 * Concurrent callers are serialised by the script's lock file.
 */
export function ensureOtelcolBinary(tool: 'otelcol' | 'telemetrygen' = 'otelcol'): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ENSURE_TOOLS, tool], {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-8000);
      process.stderr.write(d); // progress of a cold build: minutes of silence would look like a hang
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const bin = stdout.trim().split('\n').pop();
      if (code === 0 && bin) return resolve(bin);
      const err = new Error(`ensure-tools ${tool} failed (exit ${code}):\n${stderr}`) as Error & {
        code?: string;
      };
      if (code === EXIT_GO_MISSING) err.code = 'PULSETRACE_GO_MISSING';
      reject(err);
    });
  });
}

/** Env that points config.yaml at loopback ports and a private queue dir (the "rendered" config). */
export function otelcolEnv(opts: {
  processorUrl: string;
  port: number;
  healthPort: number;
  metricsPort: number;
  queueDir: string;
}): Record<string, string> {
  return {
    PULSETRACE_PROCESSOR_ENDPOINT: opts.processorUrl.replace(/\/+$/, ''),
    PULSETRACE_OTELCOL_HTTP_ENDPOINT: `127.0.0.1:${opts.port}`,
    PULSETRACE_OTELCOL_HEALTH_ENDPOINT: `127.0.0.1:${opts.healthPort}`,
    PULSETRACE_OTELCOL_METRICS_HOST: '127.0.0.1',
    PULSETRACE_OTELCOL_METRICS_PORT: String(opts.metricsPort),
    PULSETRACE_OTELCOL_QUEUE_DIR: opts.queueDir,
    PULSETRACE_OTELCOL_LOG_LEVEL: 'info',
  };
}

export interface StartOtelcolOptions {
  /** Base URL of pulsetrace-processor; the exporter appends /v1/traces and /v1/logs. */
  processorUrl?: string;
  /**
   * Benchmark mode: both pipelines export to the `debug` exporter (counts, drops) instead of the
   * processor, so the collector alone is measured. processorUrl is then unused.
   */
  sink?: boolean;
  /** Loopback port of the OTLP/HTTP receiver; a free one when omitted. */
  port?: number;
  /** Extra or overriding env, e.g. PULSETRACE_ALLOWED_ORIGINS. */
  extraEnv?: Record<string, string>;
  /** `--set` overrides, e.g. { 'processors.batch.timeout': '100ms' }. */
  set?: Record<string, string>;
  /** Reuse a queue dir across restarts (durability tests); it is then not deleted by stop(). */
  queueDir?: string;
  readyTimeoutMs?: number;
}

export interface RunningOtelcol {
  /** OTLP/HTTP base URL for clients: POST `${url}/v1/traces`. */
  url: string;
  healthUrl: string;
  metricsUrl: string;
  queueDir: string;
  child: ChildProcess;
  pid: number;
  /** Everything the collector logged so far (stdout and stderr). */
  output(): string;
  /** SIGTERM (flushes batches, closes the queue), SIGKILL after `timeoutMs`; resolves with the exit code. */
  stop(timeoutMs?: number): Promise<number | null>;
}

/**
 * Runs otelcol-pulsetrace with the real collector-processor/otelcol/config.yaml, configured only
 * through its env vars, and waits until health_check answers 200 and the receiver port accepts
 * connections. Any failure (exit, timeout) is thrown with the collector's output in the message.
 */
export async function startOtelcol(opts: StartOtelcolOptions): Promise<RunningOtelcol> {
  if (!opts.processorUrl && !opts.sink) throw new Error('startOtelcol: pass processorUrl, or sink: true');
  const bin = await ensureOtelcolBinary();
  const [port, healthPort, metricsPort] = [
    opts.port ?? (await freePort()),
    await freePort(),
    await freePort(),
  ];
  const ownQueueDir = opts.queueDir === undefined;
  const queueDir = opts.queueDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pt-otelcol-queue-'));
  const set = {
    ...(opts.sink
      ? { 'service.pipelines.traces.exporters': '[debug]', 'service.pipelines.logs.exporters': '[debug]' }
      : {}),
    ...opts.set,
  };
  const args = ['--config', OTELCOL_CONFIG, ...Object.entries(set).map(([k, v]) => `--set=${k}=${v}`)];
  // Sink mode: a dead-end URL keeps the exporter config valid while no pipeline uses it.
  const processorUrl = opts.processorUrl ?? 'http://127.0.0.1:9';
  const child = spawn(bin, args, {
    cwd: queueDir,
    env: {
      ...process.env,
      ...otelcolEnv({ processorUrl, port, healthPort, metricsPort, queueDir }),
      ...opts.extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const append = (d: Buffer) => {
    output += d;
    if (output.length > 2_000_000) output = output.slice(-1_000_000); // long soak runs
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));

  const stop = async (timeoutMs = 15_000): Promise<number | null> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
      await exited.finally(() => clearTimeout(timer));
    }
    if (ownQueueDir) fs.rmSync(queueDir, { recursive: true, force: true });
    return child.exitCode;
  };

  const url = `http://127.0.0.1:${port}`;
  const healthUrl = `http://127.0.0.1:${healthPort}/`;
  const timeoutMs = opts.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const failure = spawnError
      ? `could not start ${bin}: ${spawnError.message}`
      : child.exitCode !== null || child.signalCode !== null
        ? `otelcol exited (${child.signalCode ?? child.exitCode}) before becoming ready`
        : Date.now() > deadline
          ? `otelcol not ready after ${timeoutMs} ms`
          : null;
    if (failure) {
      await stop(2_000);
      throw new Error(
        `${failure}\nargs: ${args.join(' ')}\n--- otelcol output ---\n${output.slice(-20_000)}`,
      );
    }
    if ((await httpOk(healthUrl)) && (await portOpen(port))) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    healthUrl,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    queueDir,
    child,
    pid: child.pid!,
    output: () => output,
    stop,
  };
}

/**
 * Stand-in for pulsetrace-processor when only the collector is under test: records the OTLP
 * requests it accepts (gunzipped) and answers `status()` (e.g. 503 to exercise retries).
 */
export async function startFakeProcessor(status: () => number = () => 200) {
  const requests: { path: string; body: Buffer }[] = [];
  let attempts = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      attempts++;
      const code = status();
      if (code === 200) {
        const raw = Buffer.concat(chunks);
        requests.push({
          path: req.url ?? '',
          body: req.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(raw) : raw,
        });
      }
      res.writeHead(code, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    attempts: () => attempts,
    close: () => new Promise<void>((r) => (server.close(() => r()), server.closeAllConnections())),
  };
}

async function httpOk(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1_000) })).ok;
  } catch {
    return false;
  }
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.setTimeout(1_000, () => (socket.destroy(), resolve(false)));
    socket.on('error', () => resolve(false));
  });
}
