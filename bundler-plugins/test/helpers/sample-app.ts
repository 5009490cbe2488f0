/**
 * A fresh app outside the repository that installs the packed @pulsetrace/bundler-plugins and
 * the four bundlers from npm, with one build per bundler written as its docs show
 * (bundler-plugins/README.md): Vite and Rollup config files run by their own CLIs, webpack's
 * Node API from a CommonJS script (`require`), esbuild's build API from an ES module.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PACKAGE_DIR = path.resolve(__dirname, '../..');

/** Majors pinned so a new bundler major shows up as a deliberate change, not a red CI run. */
export const BUNDLER_PACKAGES = ['vite@8', 'rollup@4', 'webpack@5', 'esbuild@0.28'];
export const BUNDLERS = ['vite', 'rollup', 'webpack', 'esbuild'] as const;
export type Bundler = (typeof BUNDLERS)[number];

/** The throw is on line 2 of src/checkout.js: what a symbolicated frame must point back to. */
export const THROW_SITE = { file: 'src/checkout.js', line: 2 };

const SOURCES: Record<string, string> = {
  'src/checkout.js': [
    'export function checkout(items) {',
    "  if (items < 1) throw new Error('cart is empty');",
    '  return items * 21;',
    '}',
    '',
  ].join('\n'),
  'src/main.js': [
    "import { checkout } from './checkout.js';",
    '',
    'globalThis.appResult = checkout(2);',
    'globalThis.explode = function explode() {',
    '  return checkout(0);',
    '};',
    '',
  ].join('\n'),
  // The options not given here (url, token, project) come from PULSETRACE_* in the environment.
  'vite.config.mjs': [
    "import { defineConfig } from 'vite';",
    "import { pulsetraceSourcemaps } from '@pulsetrace/bundler-plugins/vite';",
    '',
    'export default defineConfig({',
    "  logLevel: 'warn',",
    '  build: {',
    "    outDir: 'out/vite',",
    '    sourcemap: true,',
    "    lib: { entry: 'src/main.js', formats: ['iife'], name: 'shop', fileName: 'app' },",
    '  },',
    '  plugins: [pulsetraceSourcemaps({ release: process.env.APP_RELEASE })],',
    '});',
    '',
  ].join('\n'),
  'rollup.config.mjs': [
    "import { pulsetraceSourcemaps } from '@pulsetrace/bundler-plugins/rollup';",
    '',
    'export default {',
    "  input: 'src/main.js',",
    "  output: { dir: 'out/rollup', format: 'iife', sourcemap: true },",
    '  plugins: [pulsetraceSourcemaps({ release: process.env.APP_RELEASE })],',
    '};',
    '',
  ].join('\n'),
  'build-webpack.cjs': [
    "const path = require('node:path');",
    "const webpack = require('webpack');",
    "const { pulsetraceSourcemaps } = require('@pulsetrace/bundler-plugins/webpack');",
    '',
    'const config = {',
    "  mode: 'production',",
    '  context: __dirname,',
    "  entry: './src/main.js',",
    "  devtool: 'source-map',",
    "  output: { path: path.join(__dirname, 'out/webpack'), filename: 'app.js' },",
    '  plugins: [pulsetraceSourcemaps({ release: process.env.APP_RELEASE })],',
    '};',
    'webpack(config, (err, stats) => {',
    '  if (err || stats.hasErrors()) {',
    "    console.error(err ? err.message : stats.toString('errors-only'));",
    '    process.exitCode = 1;',
    '  }',
    '});',
    '',
  ].join('\n'),
  // Run from another folder (as from a monorepo's root): paths are read from absWorkingDir.
  'build-esbuild.mjs': [
    "import * as esbuild from 'esbuild';",
    "import { pulsetraceSourcemaps } from '@pulsetrace/bundler-plugins/esbuild';",
    '',
    'await esbuild.build({',
    '  absWorkingDir: import.meta.dirname,',
    "  entryPoints: ['src/main.js'],",
    '  bundle: true,',
    '  minify: true,',
    "  format: 'iife',",
    '  sourcemap: true,',
    "  outdir: 'out/esbuild',",
    "  logLevel: 'warning',",
    '  plugins: [pulsetraceSourcemaps({ release: process.env.APP_RELEASE })],',
    '});',
    '',
  ].join('\n'),
  // A mistake to report: with write: false esbuild keeps the output in memory, nothing to inject.
  'build-esbuild-in-memory.mjs': [
    "import * as esbuild from 'esbuild';",
    "import { pulsetraceSourcemaps } from '@pulsetrace/bundler-plugins/esbuild';",
    '',
    'await esbuild.build({',
    "  entryPoints: ['src/main.js'],",
    '  bundle: true,',
    '  sourcemap: true,',
    "  outdir: 'out/in-memory',",
    '  write: false,',
    "  logLevel: 'warning',",
    '  plugins: [pulsetraceSourcemaps({ release: process.env.APP_RELEASE })],',
    '});',
    '',
  ].join('\n'),
};

/** The command line of each build, run in the app's folder (or `cwd` within it). */
const BUILD_COMMANDS: Record<Bundler, { args: string[]; cwd?: string }> = {
  vite: { args: ['node_modules/vite/bin/vite.js', 'build'] },
  rollup: { args: ['node_modules/rollup/dist/bin/rollup', '-c', 'rollup.config.mjs'] },
  webpack: { args: ['build-webpack.cjs'] },
  esbuild: { args: ['../build-esbuild.mjs'], cwd: 'src' },
};

export interface Run {
  code: number;
  stdout: string;
  /** stdout then stderr. */
  output: string;
}

/**
 * Async, never execFileSync: the processor under test serves from the jest process while the
 * child waits on it. npm's and PulseTrace's variables from the caller are dropped.
 */
export function run(
  command: string,
  args: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<Run> {
  const base = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(npm_|PULSETRACE_|APP_RELEASE$)/i.test(k)),
  );
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd, env: { ...base, ...env }, timeout: 280_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, output: `${stdout}${stderr}` });
      },
    );
  });
}

export interface Packed {
  tarball: string;
  files: string[];
}

/** `npm pack` of the package (its prepack builds dist/) into `dest`. */
export async function packPlugins(dest: string): Promise<Packed> {
  const r = await run('npm', ['pack', '--json', '--pack-destination', dest], PACKAGE_DIR);
  if (r.code !== 0) throw new Error(`npm pack failed:\n${r.output}`);
  // prepack's own output, if any, comes before npm's JSON.
  const info = JSON.parse(r.stdout.slice(r.stdout.indexOf('[\n'))) as Array<{
    filename: string;
    files: { path: string }[];
  }>;
  return { tarball: path.join(dest, info[0].filename), files: info[0].files.map((f) => f.path) };
}

/** A new empty folder for the app in os.tmpdir(), outside the repository. */
export function appFolder(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pt-bundler-app-'));
}

/** Writes the app into `root` and installs the tarball and the bundlers from npm. */
export async function installApp(root: string, tarball: string): Promise<void> {
  fs.writeFileSync(
    path.join(root, 'package.json'),
    JSON.stringify({ name: 'pt-bundler-app', version: '1.0.0', private: true }, null, 2),
  );
  for (const [rel, text] of Object.entries(SOURCES)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  const r = await run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball, ...BUNDLER_PACKAGES],
    root,
  );
  if (r.code !== 0) throw new Error(`npm install in ${root} failed:\n${r.output}`);
}

export function build(root: string, bundler: Bundler, env: Record<string, string>): Promise<Run> {
  const { args, cwd = '.' } = BUILD_COMMANDS[bundler];
  return run(process.execPath, args, path.join(root, cwd), env);
}

/** `node <script>` in the app: for the build scripts beyond the four above. */
export function runScript(root: string, script: string, env: Record<string, string>): Promise<Run> {
  return run(process.execPath, [script], root, env);
}

export function outDir(root: string, bundler: Bundler): string {
  return path.join(root, 'out', bundler);
}
