#!/usr/bin/env node
// Builds the data source's Go backend (pkg/) for every platform Grafana runs plugins on, into
// dist/gpx_pulsetrace_<os>_<arch>[.exe] (plugin.json `executable`; Grafana picks the file for its
// own GOOS/GOARCH). Static (CGO_ENABLED=0), stripped, -trimpath, and with the SDK's build info set
// (plugin id and version), as create-plugin's mage build does.
//
// Cached by a hash of the inputs (go.mod, go.sum, the .go files under pkg/ but tests, the Go
// version and these flags): the binaries are kept in node_modules/.cache/pulsetrace-gpx/<hash>/
// and copied to dist/ again, so a rerun with unchanged sources compiles nothing, even after
// webpack's build. Writes dist/go_plugin_build_manifest (sha256:path per Go source, mage's
// format), which webpack keeps with the binaries. Missing Go fails the build: the archive must
// not ship without its backend.
// Usage: node scripts/build-backend.mjs [--force]
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const pluginDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(pluginDir, 'dist');
const EXECUTABLE = 'gpx_pulsetrace';
export const TARGETS = [
  ['linux', 'amd64'],
  ['linux', 'arm64'],
  ['darwin', 'amd64'],
  ['darwin', 'arm64'],
  ['windows', 'amd64'],
];
export const binaryName = (os, arch) => `${EXECUTABLE}_${os}_${arch}${os === 'windows' ? '.exe' : ''}`;

function goSources() {
  const out = ['go.mod', 'go.sum'];
  const walk = (dir) => {
    for (const entry of fs.readdirSync(path.join(pluginDir, dir), { withFileTypes: true })) {
      const rel = path.posix.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(rel);
      } else if (entry.name.endsWith('.go') && !entry.name.endsWith('_test.go')) {
        out.push(rel);
      }
    }
  };
  walk('pkg');
  return out.sort();
}

function run(command, args, env = {}) {
  const result = spawnSync(command, args, { cwd: pluginDir, encoding: 'utf8', env: { ...process.env, ...env } });
  if (result.error) {
    throw new Error(`${command} could not run (${result.error.message}): install Go 1.26+ and put it on PATH`);
  }
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stderr}`);
  }
  return result.stdout.trim();
}

export function buildBackend({ force = false } = {}) {
  const { version } = JSON.parse(fs.readFileSync(path.join(pluginDir, 'package.json'), 'utf8'));
  const { id } = JSON.parse(fs.readFileSync(path.join(pluginDir, 'src', 'plugin.json'), 'utf8'));
  const goVersion = run('go', ['env', 'GOVERSION']);
  const buildInfo = JSON.stringify({ pluginID: id, version });
  const ldflags = `-w -s -X 'github.com/grafana/grafana-plugin-sdk-go/build/buildinfo.buildInfoJSON=${buildInfo}'`;
  const flags = ['-trimpath', '-tags', 'arrow_json_stdlib', '-ldflags', ldflags];
  const manifest = goSources()
    .map(
      (rel) =>
        `${crypto
          .createHash('sha256')
          .update(fs.readFileSync(path.join(pluginDir, rel)))
          .digest('hex')}:${rel}`
    )
    .join('\n');
  const key = crypto
    .createHash('sha256')
    .update(JSON.stringify({ manifest, goVersion, flags, TARGETS }))
    .digest('hex')
    .slice(0, 16);
  const cacheRoot = path.join(pluginDir, 'node_modules', '.cache', 'pulsetrace-gpx');
  const cache = path.join(cacheRoot, key);
  const built = [];
  for (const [os, arch] of TARGETS) {
    const name = binaryName(os, arch);
    const cached = path.join(cache, name);
    if (force || !fs.existsSync(cached)) {
      const started = Date.now();
      fs.mkdirSync(cache, { recursive: true });
      run('go', ['build', ...flags, '-o', `${cached}.tmp`, './pkg'], { CGO_ENABLED: '0', GOOS: os, GOARCH: arch });
      fs.renameSync(`${cached}.tmp`, cached);
      built.push(`${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
    }
  }
  // Older builds' binaries: only the current one is kept.
  for (const old of fs.existsSync(cacheRoot) ? fs.readdirSync(cacheRoot) : []) {
    if (old !== key) {
      fs.rmSync(path.join(cacheRoot, old), { recursive: true, force: true });
    }
  }
  fs.mkdirSync(dist, { recursive: true });
  const files = [];
  for (const [os, arch] of TARGETS) {
    const name = binaryName(os, arch);
    fs.copyFileSync(path.join(cache, name), path.join(dist, name));
    // The validator wants exactly 0755 on the non-Windows binaries (plugincheck2 binarypermissions).
    fs.chmodSync(path.join(dist, name), 0o755);
    files.push(name);
  }
  fs.writeFileSync(path.join(dist, 'go_plugin_build_manifest'), `${manifest}\n`);
  return { key, built, files };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    const { key, built, files } = buildBackend({ force: process.argv.includes('--force') });
    console.log(
      built.length > 0
        ? `backend ${key}: built ${built.join(', ')}`
        : `backend ${key}: unchanged sources, ${files.length} cached binaries copied to dist/`
    );
  } catch (err) {
    console.error(`build-backend: ${err.message}`);
    process.exit(1);
  }
}
