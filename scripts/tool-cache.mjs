// The machinery scripts/ensure-tools.mjs builds and caches its tools with: the cache folder, Go
// (checked, with what to install when missing), `go install` into a per-release GOBIN, commands run
// with their output streamed as progress lines, and a cross-process lock so parallel jest workers
// or CI steps build once. No npm dependencies: it runs before `npm ci`.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

// A cold otelcol build takes a few minutes on 2 cores; a lock older than this is from a dead run.
const LOCK_STALE_MS = 30 * 60_000;
const LOCK_WAIT_MS = 30 * 60_000;

/** Thrown when Go is not installed, so callers (tests) can tell "cannot build here" from "build broke". */
export class ToolchainMissingError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ToolchainMissingError';
    this.code = 'PULSETRACE_GO_MISSING';
  }
}

export const log = (msg) => process.stderr.write(`[ensure-tools] ${msg}\n`);

export function cacheRoot() {
  if (process.env.PULSETRACE_TOOLS_DIR) return path.resolve(process.env.PULSETRACE_TOOLS_DIR);
  const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(xdg, 'pulsetrace');
}

export function goEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  // The cache may sit inside a git checkout; VCS stamping would then need git and a clean tree.
  if (!/-buildvcs/.test(env.GOFLAGS ?? '')) env.GOFLAGS = `${env.GOFLAGS ?? ''} -buildvcs=false`.trim();
  return env;
}

export function requireGo() {
  const r = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) {
    const hint =
      // 1.26: the go.mod of collector v0.162.0 and telemetrygen v0.161.0 say `go 1.26.0`.
      'Go >= 1.26 is required to build otelcol-pulsetrace and telemetrygen: install it from https://go.dev/dl/ ' +
      '(distribution packages are usually older) and put `go` on PATH, ' +
      'or set PULSETRACE_OTELCOL_BIN / PULSETRACE_TELEMETRYGEN_BIN to prebuilt binaries.';
    throw new ToolchainMissingError(process.env.CI === 'true' ? `CI: ${hint}` : hint);
  }
  return r.stdout.trim();
}

/** Runs a command, streaming its output as progress lines; rejects with the output tail on failure. */
export function run(cmd, args, { cwd, env, label }) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const onData = (chunk) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-8000);
      for (const line of text.split('\n')) if (line.trim()) log(`${label}: ${line}`);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`}):\n${tail}`));
    });
  });
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/**
 * Cross-process lock (mkdir is atomic) so parallel jest workers or CI steps build once and the
 * others wait, then find the finished binary. Locks of dead or ancient owners are broken.
 */
export async function withLock(lockDir, fn) {
  const deadline = Date.now() + LOCK_WAIT_MS;
  let announced = false;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      fs.writeFileSync(
        path.join(lockDir, 'owner.json'),
        JSON.stringify({ pid: process.pid, host: os.hostname(), at: Date.now() }),
      );
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      let owner = null;
      try {
        owner = JSON.parse(fs.readFileSync(path.join(lockDir, 'owner.json'), 'utf8'));
      } catch {
        // Owner file not written yet (or lost): judge by the directory's age instead.
      }
      const since = owner?.at ?? fs.statSync(lockDir, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      const dead = owner && owner.host === os.hostname() && !pidAlive(owner.pid);
      if (dead || Date.now() - since > LOCK_STALE_MS) {
        log(`breaking stale lock ${lockDir}`);
        fs.rmSync(lockDir, { recursive: true, force: true });
        continue;
      }
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${lockDir} (held by ${JSON.stringify(owner)})`, {
          cause: err,
        });
      if (!announced) log(`waiting for another build (${lockDir})`);
      announced = true;
      await sleep(1000);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

export const isExecutable = (p) => {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
};

export function fromEnv(name) {
  const p = process.env[name];
  if (!p) return null;
  if (!isExecutable(p)) throw new Error(`${name}=${p} is not an executable file`);
  return path.resolve(p);
}

/** `go install module@version` into the per-release GOBIN, unless the binary is already there. */
export async function goInstall(module, version, binName) {
  const gobin = path.join(cacheRoot(), `bin-${version}`);
  const bin = path.join(gobin, binName);
  if (isExecutable(bin)) return bin;
  const goVersion = requireGo();
  fs.mkdirSync(gobin, { recursive: true });
  return withLock(path.join(gobin, `.${binName}.lock`), async () => {
    if (isExecutable(bin)) return bin; // another process finished it while we waited
    log(`installing ${module}@${version} with ${goVersion}`);
    const started = Date.now();
    // cwd outside any module so `go install x@v` ignores the repo's (absent) go.mod.
    await run('go', ['install', `${module}@${version}`], {
      cwd: os.tmpdir(),
      env: goEnv({ GOBIN: gobin }),
      label: binName,
    });
    log(`${binName} ${version} installed in ${((Date.now() - started) / 1000).toFixed(1)}s -> ${bin}`);
    return bin;
  });
}
