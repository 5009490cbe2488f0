/** The connection options every command takes, and the checks on them. */
import { Option, type Command } from 'commander';
import { CliError, type Connection } from '../api';

export const DEFAULT_URL = 'http://localhost:4318';

export interface ConnectionOpts {
  url: string;
  token?: string;
  project?: string;
  json?: boolean;
}

/** --url, --token and (for project-scoped commands) --project, each with its env var. */
export function withConnection(cmd: Command, { project = false } = {}): Command {
  cmd.addOption(new Option('--url <url>', 'processor URL').env('PULSETRACE_URL').default(DEFAULT_URL));
  cmd.addOption(
    new Option('--token <token>', 'API token (admin, or editor for releases and maps)').env(
      'PULSETRACE_TOKEN',
    ),
  );
  if (project)
    cmd.addOption(
      new Option('--project <id-or-name>', 'project id, or its unique name').env('PULSETRACE_PROJECT'),
    );
  return cmd;
}

export function connectionOf(o: ConnectionOpts): Connection {
  return { url: o.url, token: o.token || undefined };
}

export function projectOf(o: ConnectionOpts): string {
  if (!o.project)
    throw new CliError(
      'no project: pass --project <id or name> or set PULSETRACE_PROJECT (`pulsetrace projects list` shows them)',
      2,
    );
  return o.project;
}
