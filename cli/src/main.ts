/** `pulsetrace`: the command tree, and exit codes (0 ok, 1 failure, 2 usage). */
import fs from 'node:fs';
import path from 'node:path';
import { Command, CommanderError } from 'commander';
import { CliError } from './api';
import { registerAlerts } from './commands/alerts';
import { registerDemo } from './commands/demo';
import { registerErase } from './commands/erase';
import { registerIssues } from './commands/issues';
import { registerLoadtest } from './commands/loadtest';
import { registerProjects } from './commands/projects';
import { registerReleases } from './commands/releases';
import { registerSourcemaps } from './commands/sourcemaps';

/** The package's own version: src/ (run by tsx in the repository) and dist/ both sit beside package.json. */
export const VERSION: string = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf8'),
).version;

export function buildProgram(): Command {
  const program = new Command('pulsetrace')
    .description(
      'PulseTrace CLI: projects, releases, deploys, source maps, Debug IDs, data erasure, regrouping issues, alert rules, demo data and load tests',
    )
    .version(VERSION)
    .showHelpAfterError('(run with --help for usage)')
    // Set before the subcommands are added, so each of them inherits it.
    .exitOverride();
  registerProjects(program);
  registerReleases(program);
  registerSourcemaps(program);
  registerErase(program);
  registerIssues(program);
  registerAlerts(program);
  registerDemo(program);
  registerLoadtest(program);
  return program;
}

/** Runs the CLI on `argv` (process.argv shape) and returns the exit code; never throws. */
export async function run(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv);
    return 0;
  } catch (err) {
    // Commander already printed its message (and help) on stderr.
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof CliError) {
      process.stderr.write(`pulsetrace: ${err.message}\n`);
      return err.exitCode;
    }
    process.stderr.write(
      `pulsetrace: unexpected error: ${(err as Error)?.stack ?? String(err)}\n` +
        '(a bug in the CLI: please report it with the command you ran)\n',
    );
    return 1;
  }
}
