/** The real CLI as a child process, and a tiny app built with esbuild for it to work on. */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as esbuild from 'esbuild';

const BIN = path.resolve(__dirname, '../../bin/pulsetrace.mjs');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * `node cli/bin/pulsetrace.mjs …args`, asynchronously: the processor under test runs in the jest
 * process and must keep serving while the CLI waits on it. The caller's PULSETRACE_* variables
 * are dropped so only `env` configures the CLI.
 */
export function runCli(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  const base = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PULSETRACE_')));
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { env: { ...base, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

export const APP_SOURCE = {
  'src/cart.js': 'export function checkout(items) {\n  return items * 21;\n}\n',
  'src/app.js': [
    "import { checkout } from './cart';",
    '',
    'globalThis.appResult = checkout(2);',
    'globalThis.explode = function explode() {',
    "  throw new Error('boom from app');",
    '};',
    '',
  ].join('\n'),
};

/**
 * A minified IIFE bundle with an external map under dist/assets, plus what real build dirs also
 * hold: a script without a map, a CSS map (ignored) and HTML.
 */
export async function buildApp(): Promise<{ root: string; dist: string; bundle: string; map: string }> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-cli-app-'));
  for (const [rel, text] of Object.entries(APP_SOURCE)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  const dist = path.join(root, 'dist');
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ['src/app.js'],
    bundle: true,
    minify: true,
    format: 'iife',
    sourcemap: 'linked',
    outdir: path.join(dist, 'assets'),
    entryNames: '[name]-[hash]',
    metafile: true,
    logLevel: 'silent',
  });
  const bundle = Object.keys(result.metafile.outputs).find((f) => f.endsWith('.js'))!;
  fs.writeFileSync(path.join(dist, 'legacy.js'), 'window.legacy = 1;\n');
  fs.writeFileSync(path.join(dist, 'assets', 'style.css.map'), '{"version":3}');
  fs.writeFileSync(path.join(dist, 'index.html'), '<script src="/assets/app.js"></script>');
  return { root, dist, bundle: path.join(root, bundle), map: path.join(root, `${bundle}.map`) };
}
