import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { startProcessor, type RunningProcessor } from '../../src/processor';
import { migratedDataDir } from './migrated-store';

export const ADMIN_TOKEN = 'test-admin-token';
const REPO_ROOT = path.resolve(__dirname, '../../..');

export function tempDataDir(prefix = 'pt-data-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A processor in this process on a random loopback port, on its own embedded ClickHouse: a copy of
 * a migrated store (migrated-store.ts), unless the test names its own PULSETRACE_DATA_DIR.
 */
export async function startTestProcessor(env: Record<string, string> = {}): Promise<RunningProcessor> {
  const config = loadConfig({
    PULSETRACE_PORT: '0',
    PULSETRACE_HOST: '127.0.0.1',
    PULSETRACE_DATA_DIR: env.PULSETRACE_DATA_DIR ?? (env.CLICKHOUSE_URL ? tempDataDir() : migratedDataDir()),
    PULSETRACE_ADMIN_TOKEN: ADMIN_TOKEN,
    PULSETRACE_BATCH_MAX_WAIT_MS: '100',
    // The insight engine runs only when a test calls p.insights.runOnce (no timer writing cards).
    PULSETRACE_INSIGHTS_INTERVAL_MS: '0',
    // Likewise the alert ruler: tests call p.ruler.runOnce(now).
    PULSETRACE_ALERTS_INTERVAL_MS: '0',
    ...env,
  });
  return startProcessor(config, pino({ level: process.env.PULSETRACE_TEST_LOG ?? 'silent' }));
}

export interface SpawnedProcessor {
  url: string;
  child: ChildProcess;
  output(): string;
  /** Resolves when the process has exited: its exit code, or the signal that ended it. */
  exited: Promise<number | NodeJS.Signals | null>;
}

/** Node flags the processor runs with (package.json start, Dockerfile): see docs/benchmarks.md. */
export const PROCESSOR_NODE_FLAGS = [
  '--max-semi-space-size=8',
  ...(process.env.PULSETRACE_TEST_NODE_FLAGS?.split(' ') ?? []),
];

/**
 * The real `pulsetrace-processor` entry point as a child process (for kill -9 tests and the
 * benchmarks). `built` runs the compiled collector-processor/dist (run `npm run build -w
 * collector-processor` first) as production does; otherwise the TypeScript sources through tsx.
 */
export async function spawnProcessor(
  dataDir: string,
  port: number,
  env: Record<string, string> = {},
  { built = false } = {},
): Promise<SpawnedProcessor> {
  const entry = built
    ? ['collector-processor/dist/main.js']
    : ['--import', 'tsx', 'collector-processor/src/main.ts'];
  const child = spawn(process.execPath, [...PROCESSOR_NODE_FLAGS, ...entry], {
    cwd: REPO_ROOT,
    env: {
      ...process.env,
      PULSETRACE_PORT: String(port),
      PULSETRACE_HOST: '127.0.0.1',
      PULSETRACE_DATA_DIR: dataDir,
      PULSETRACE_ADMIN_TOKEN: ADMIN_TOKEN,
      PULSETRACE_LOG_LEVEL: 'warn',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | NodeJS.Signals | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? signal)),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`processor exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${url}/readyz`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`processor not ready after 60 s:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, child, output: () => output, exited };
}

let defaultNames = 0;

/** A project through the API; without a body, one with a name of its own (live names are unique). */
export async function createProject(
  url: string,
  body: Record<string, unknown> = {
    name: `test-app-${++defaultNames}`,
    allowedOrigins: ['http://localhost:3000'],
    rateLimitPerSecond: 1_000_000,
  },
): Promise<{ id: string; ingestKey: string }> {
  const res = await fetch(`${url}/api/v1/projects`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (res.status !== 201) throw new Error(`create project: ${res.status} ${await res.text()}`);
  return (await res.json()) as { id: string; ingestKey: string };
}

/** A free loopback port (bound and released; fine for tests on one machine). */
export async function freePort(): Promise<number> {
  const net = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000, what = 'condition') {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
