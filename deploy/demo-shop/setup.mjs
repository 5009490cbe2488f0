#!/usr/bin/env node
/* global fetch, setTimeout */
// One-shot setup of the compose stack (service demo-setup), safe to rerun: with the `pulsetrace`
// CLI it makes sure the demo project exists, hands its ingest key to the shop (a file on a shared
// volume), registers the shop's release and uploads its source maps, then seeds days of demo
// traffic (`pulsetrace demo seed`) so every dashboard has data at once.
//   PULSETRACE_URL          processor (compose: http://pulsetrace-processor:4318)
//   PULSETRACE_ADMIN_TOKEN  creates the project, reads its key, seeds
//   PULSETRACE_WRITE_TOKEN  release + source map upload
//   DEMO_PROJECT            project name (default demo-shop); DEMO_SHOP_ORIGIN its browser origin
//   PULSETRACE_KEY_FILE     where the shop's server reads the ingest key
//   PULSETRACE_RELEASE      the shop build's release; DEMO_SHOP_ASSETS the built assets folder
//   DEMO_SEED_SCALE / DEMO_SEED_DAYS   passed to `pulsetrace demo seed` (defaults 1 / 7)
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.resolve(here, '../../cli/bin/pulsetrace.mjs');
const env = process.env;
const url = env.PULSETRACE_URL ?? 'http://pulsetrace-processor:4318';
const need = (name) => {
  if (!env[name]) throw new Error(`${name} is not set: docker-compose.yml passes it to demo-setup`);
  return env[name];
};

function cli(args, token) {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [CLI, ...args],
      { env: { ...env, PULSETRACE_URL: url, PULSETRACE_TOKEN: token }, maxBuffer: 64 << 20 },
      (err, stdout, stderr) => {
        process.stderr.write(stderr);
        if (err)
          reject(new Error(`pulsetrace ${args[0]} ${args[1] ?? ''} failed:\n${stderr || err.message}`));
        else resolve(stdout);
      },
    );
  });
}

async function waitReady(timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`${url}/readyz not ready after ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 2_000));
  }
}

async function main() {
  const admin = need('PULSETRACE_ADMIN_TOKEN');
  const write = need('PULSETRACE_WRITE_TOKEN');
  const name = env.DEMO_PROJECT || 'demo-shop';
  const release = env.PULSETRACE_RELEASE || 'demo-shop@live';
  const assets = env.DEMO_SHOP_ASSETS || path.join(here, 'dist/assets');
  await waitReady();

  const projects = JSON.parse(await cli(['projects', 'list', '--json'], admin));
  let project = projects.find((p) => p.id === name || p.name === name);
  if (!project) {
    const origin = env.DEMO_SHOP_ORIGIN ? ['--origin', env.DEMO_SHOP_ORIGIN] : [];
    const args = ['projects', 'create', name, '--environment', 'production', ...origin, '--json'];
    project = JSON.parse(await cli(args, admin));
    console.log(`created project ${project.name} (${project.id})`);
  }
  if (!project.ingestKey) throw new Error(`project ${project.id} has no ingest key in the admin listing`);
  if (env.PULSETRACE_KEY_FILE) {
    // Written whole then renamed: the shop reads it on every page load.
    fs.writeFileSync(`${env.PULSETRACE_KEY_FILE}.tmp`, project.ingestKey);
    fs.renameSync(`${env.PULSETRACE_KEY_FILE}.tmp`, env.PULSETRACE_KEY_FILE);
  }
  const scoped = ['--project', project.id];
  await cli(['releases', 'new', release, ...scoped], write);
  await cli(
    ['sourcemaps', 'upload', assets, '--release', release, '--url-prefix', '~/assets/', ...scoped],
    write,
  );
  console.log(`shop release ${release}: source maps uploaded from ${assets}`);

  const seed = ['demo', 'seed', '--url', url, '--admin-token', admin, '--project', project.id];
  if (env.DEMO_SEED_SCALE) seed.push('--scale', env.DEMO_SEED_SCALE);
  if (env.DEMO_SEED_DAYS) seed.push('--days', env.DEMO_SEED_DAYS);
  process.stdout.write(await cli(seed, admin));
  console.log(
    `demo data ready: open Grafana (http://localhost:3000) and the shop (${env.DEMO_SHOP_ORIGIN ?? ''})`,
  );
}

main().catch((err) => {
  console.error(`demo setup failed: ${err.message}`);
  process.exit(1);
});
