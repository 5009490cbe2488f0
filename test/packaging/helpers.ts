/**
 * Packages as a user gets them: `npm pack` of a workspace, installed from the tarball into a fresh
 * app in the OS temp dir (outside this repository, so nothing resolves from the monorepo's
 * node_modules), with its dependencies from the npm registry. Shared by test/packaging/ and
 * bundler-plugins/test/.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '../..');

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * The environment of a fresh shell: no npm_* variables from the `npm test` / `npx jest` that
 * started jest (they would point npm at this repository's config and workspaces), no PULSETRACE_*.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(npm_|PULSETRACE_)/i.test(k) && k !== 'INIT_CWD'),
  );
  return { ...env, ...extra };
}

/** Runs a command asynchronously (an in-process processor keeps serving meanwhile); never throws. */
export function runCommand(
  command: string,
  args: string[],
  o: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<CommandResult> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { cwd: o.cwd, env: cleanEnv(o.env), timeout: o.timeoutMs ?? 180_000, maxBuffer: 32 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** runCommand that throws with the command's output when it fails. */
export async function mustRun(
  command: string,
  args: string[],
  o: { cwd: string; env?: Record<string, string>; timeoutMs?: number },
): Promise<CommandResult> {
  const r = await runCommand(command, args, o);
  if (r.code !== 0)
    throw new Error(
      `\`${command} ${args.join(' ')}\` in ${o.cwd} exited ${r.code}\n--- stdout ---\n${r.stdout}\n--- stderr ---\n${r.stderr}`,
    );
  return r;
}

export interface PackedTarball {
  /** Absolute path of the .tgz. */
  file: string;
  /** Paths inside the package, as `npm pack` listed them. */
  files: string[];
}

/**
 * `npm pack` of a workspace (e.g. 'cli') into `dest`. Its `prepack` script runs unless
 * `ignoreScripts` (for a package whose build other tests read while they run, like sdk/dist:
 * `npm test` builds it first).
 */
export async function packWorkspace(
  workspace: string,
  dest: string,
  { ignoreScripts = false } = {},
): Promise<PackedTarball> {
  const args = ['pack', '--json', '--pack-destination', dest, ...(ignoreScripts ? ['--ignore-scripts'] : [])];
  const r = await mustRun('npm', args, { cwd: path.join(REPO_ROOT, workspace) });
  // prepack's own output (tsc, a build log) can come before the JSON on stdout.
  const [packed] = JSON.parse(r.stdout.slice(r.stdout.indexOf('[\n'))) as Array<{
    filename: string;
    files: Array<{ path: string }>;
  }>;
  return { file: path.join(dest, packed.filename), files: packed.files.map((f) => f.path) };
}

export interface TempApp {
  dir: string;
  /** `npm install` of more packages (tarball paths or registry specs) into the app. */
  install(specs: string[]): Promise<CommandResult>;
  /** A command in the app, e.g. run('npx', ['pulsetrace', '--help']). */
  run(command: string, args: string[], env?: Record<string, string>): Promise<CommandResult>;
  write(rel: string, text: string): void;
  remove(): void;
}

/** A fresh app with its own package.json in os.tmpdir(), outside the repository. */
export function createTempApp(prefix = 'pt-sample-app-'): TempApp {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (!path.relative(REPO_ROOT, dir).startsWith('..'))
    throw new Error(`the temp app ${dir} is inside the repository ${REPO_ROOT}: set TMPDIR elsewhere`);
  fs.writeFileSync(
    path.join(dir, 'package.json'),
    `${JSON.stringify({ name: 'sample-app', version: '1.0.0', private: true }, null, 2)}\n`,
  );
  const app: TempApp = {
    dir,
    install: (specs) =>
      mustRun('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', ...specs], {
        cwd: dir,
        timeoutMs: 300_000,
      }),
    run: (command, args, env) => runCommand(command, args, { cwd: dir, env }),
    write(rel, text) {
      fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
      fs.writeFileSync(path.join(dir, rel), text);
    },
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
  return app;
}
