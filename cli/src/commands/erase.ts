/**
 * `pulsetrace erase --project <id> --user <id> | --visitor <id>`: a data-subject erasure (admin
 * token). The processor runs it in the background; this follows it, printing each step on stderr,
 * and prints the rows deleted per table when it is done.
 */
import type { Command } from 'commander';
import { CliError, request } from '../api';
import { note, print, table } from '../output';
import { connectionOf, projectOf, withConnection, type ConnectionOpts } from './options';

interface Erasure {
  id: string;
  status: 'running' | 'done' | 'failed';
  phase: string;
  rowsDeleted: number;
  tables: Record<string, number>;
  error: string | null;
  statusUrl?: string;
}

type EraseOpts = ConnectionOpts & { user?: string; visitor?: string; wait: boolean; pollMs: string };

export function registerErase(program: Command): void {
  withConnection(
    program
      .command('erase')
      .description(
        'delete every stored row of one user id or visitor id in a project (admin token); cannot be undone',
      )
      .option('--user <id>', 'the user id (user.id / enduser.id) to erase')
      .option('--visitor <id>', 'the visitor id (enduser.pseudo.id) to erase')
      .option('--no-wait', 'start the erasure and print its id without waiting for it')
      .option('--poll-ms <ms>', 'how often to check progress', '500')
      .option('--json', 'print JSON'),
    { project: true },
  ).action(async (o: EraseOpts) => {
    const project = projectOf(o);
    if (!o.user === !o.visitor)
      throw new CliError(
        'pass exactly one of --user <id> or --visitor <id> (run each erasure separately)',
        2,
      );
    const conn = connectionOf(o);
    const base = `/api/v1/projects/${encodeURIComponent(project)}`;
    const started = await request<Erasure>(conn, 'POST', `${base}/erasure`, {
      scope: 'admin',
      json: o.user ? { userId: o.user } : { visitorId: o.visitor },
    });
    if (!o.wait) {
      if (o.json) return print(JSON.stringify(started, null, 2));
      return print(`started erasure ${started.id}\nfollow it: GET ${started.statusUrl}`);
    }
    note(`erasure ${started.id} started`);
    let current = started;
    let said = '';
    for (;;) {
      if (current.phase !== said) note(`  ${(said = current.phase)}`);
      if (current.status !== 'running') break;
      await new Promise((r) => setTimeout(r, Number(o.pollMs) || 500));
      current = await request<Erasure>(conn, 'GET', `${base}/erasures/${current.id}`, { scope: 'admin' });
    }
    if (current.status === 'failed')
      throw new CliError(
        `erasure ${current.id} failed: ${current.error}\n` +
          '  (rows already deleted stay deleted; run the same command again to finish)',
      );
    if (o.json) return print(JSON.stringify(current, null, 2));
    const rows = Object.entries(current.tables).sort(([a], [b]) => a.localeCompare(b));
    print(
      [
        `erased ${current.rowsDeleted} row(s) of ${o.user ? `user ${o.user}` : `visitor ${o.visitor}`} in project ${project}` +
          ` (erasure ${current.id}, recorded in the audit)`,
        ...(rows.length
          ? [table(['TABLE', 'ROWS'], rows)]
          : ['no rows matched: nothing was stored for this id']),
      ].join('\n'),
    );
  });
}
