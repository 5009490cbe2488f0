/**
 * The compose stack's browser-facing pieces, run as compose runs them: deploy/demo-shop built by
 * its own build.mjs and served by its own server.mjs, and the environment docker-compose.yml gives
 * the otel-collector service (defaults applied, as with an empty .env).
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import YAML from 'yaml';

const ROOT = path.resolve(__dirname, '../../..');
const SHOP = path.join(ROOT, 'deploy/demo-shop');

/** `${VAR:-default}` / `${VAR}` as `docker compose` interpolates them with nothing set. */
export const composeDefault = (s: string) =>
  s.replace(/\$\{(\w+)(?::?-([^}]*))?\}/g, (_, _name, dflt) => dflt ?? '');

/** A compose service's environment with the defaults applied. */
export function composeEnv(service: string): Record<string, string> {
  const compose = YAML.parse(fs.readFileSync(path.join(ROOT, 'docker-compose.yml'), 'utf8'));
  const env: Record<string, string> = compose.services[service]?.environment ?? {};
  return Object.fromEntries(Object.entries(env).map(([k, v]) => [k, composeDefault(String(v))]));
}

export interface DemoShop {
  /** e.g. http://localhost:41234: the origin browsers see, as in compose (not 127.0.0.1). */
  url: string;
  dir: string;
  output(): string;
  close(): Promise<void>;
}

/** Builds the shop into a temp dir (esbuild, sdk/dist) and serves it on a free loopback port. */
export async function startDemoShop(env: Record<string, string>): Promise<DemoShop> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-demo-shop-'));
  await promisify(execFile)(process.execPath, [path.join(SHOP, 'build.mjs'), dir], { cwd: ROOT });
  const child: ChildProcess = spawn(process.execPath, [path.join(SHOP, 'server.mjs')], {
    env: { ...process.env, ...env, DEMO_SHOP_DIR: dir, HOST: '127.0.0.1', PORT: '0' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const port = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`demo shop did not start:\n${output}`)), 10_000);
    child.stdout!.on('data', () => {
      const m = /demo shop on http:\/\/[\d.]+:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`demo shop exited (${code}):\n${output}`)));
  });
  return {
    url: `http://localhost:${port}`,
    dir,
    output: () => output,
    close: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const run = promisify(execFile);

/** What the shop image's build does after build.mjs: Debug IDs into the bundle and its map. */
export async function injectDebugIds(dir: string): Promise<void> {
  await run(process.execPath, [path.join(ROOT, 'cli/bin/pulsetrace.mjs'), 'sourcemaps', 'inject', dir]);
}

/**
 * deploy/demo-shop/setup.mjs (compose's demo-setup service) against a processor, with compose's
 * demo-setup environment overridden by `env`; resolves with its output, rejects with it on failure.
 */
export async function runDemoSetup(env: Record<string, string>): Promise<string> {
  const { stdout, stderr } = await run(process.execPath, [path.join(SHOP, 'setup.mjs')], {
    env: { ...process.env, ...composeEnv('demo-setup'), ...env },
    maxBuffer: 64 << 20,
  }).catch((err) => {
    throw new Error(`demo setup failed: ${err.message}\n${err.stdout}\n${err.stderr}`);
  });
  return stdout + stderr;
}
