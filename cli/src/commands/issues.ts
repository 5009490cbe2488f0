/**
 * `pulsetrace issues regroup --project <id> [--dry-run]`: recompute the fingerprint of every
 * stored error of a project with the processor's current grouping (a new fingerprint version, or
 * changed grouping rules), rebuild its issues, and carry issue states over to merged issues
 * (admin token; docs/grouping.md "Recomputing"). The processor runs it in the background; this
 * follows it, printing progress on stderr, and prints what moved when it is done.
 */
import type { Command } from 'commander';
import { CliError, request } from '../api';
import { note, print, table } from '../output';
import { connectionOf, projectOf, withConnection, type ConnectionOpts } from './options';

interface Regroup {
  id: string;
  status: 'running' | 'done' | 'failed';
  phase: string;
  /** Every phase so far (older processors send only `phase`). */
  phases?: string[];
  dryRun: boolean;
  version: number;
  total: number;
  scanned: number;
  moved: number;
  rewritten: number;
  fromVersions: Record<string, number>;
  issuesBefore: number;
  issuesAfter: number;
  merges: Array<{ to: string; from: Record<string, number> }>;
  statesMoved: number;
  error: string | null;
  statusUrl?: string;
}

type RegroupOpts = ConnectionOpts & { dryRun?: boolean; pollMs: string };

function summary(r: Regroup, project: string): string {
  const versions = Object.entries(r.fromVersions)
    .map(([v, n]) => `v${v}: ${n}`)
    .join(', ');
  const lines = [
    `${r.dryRun ? 'dry run: would regroup' : 'regrouped'} ${r.scanned} error(s) of project ${project} with fingerprint v${r.version}` +
      (versions ? ` (stored: ${versions})` : ''),
    `  ${r.moved} error(s) ${r.dryRun ? 'would move' : 'moved'} to another issue; ${r.rewritten} ${r.dryRun ? 'would be' : 'were'} rewritten`,
    `  issues: ${r.issuesBefore} before, ${r.issuesAfter} after`,
  ];
  if (!r.dryRun) lines.push(`  ${r.statesMoved} merged issue(s) took over a status or assignee`);
  if (r.merges.length)
    lines.push(
      table(
        ['ISSUE', 'MERGED FROM (ERRORS)'],
        r.merges.map((m) => [
          m.to,
          Object.entries(m.from)
            .map(([f, n]) => `${f} (${n})`)
            .join(', '),
        ]),
      ),
    );
  if (r.dryRun && r.rewritten > 0) lines.push('run again without --dry-run to apply');
  return lines.join('\n');
}

export function registerIssues(program: Command): void {
  const issues = program.command('issues').description('issues: regroup stored errors');
  withConnection(
    issues
      .command('regroup')
      .description(
        "recompute every stored error's fingerprint with the processor's current grouping and rules, and rebuild the issues (admin token)",
      )
      .option('--dry-run', 'count what would move, change nothing')
      .option('--poll-ms <ms>', 'how often to check progress', '500')
      .option('--json', 'print JSON'),
    { project: true },
  ).action(async (o: RegroupOpts) => {
    const project = projectOf(o);
    const conn = connectionOf(o);
    const base = `/api/v1/projects/${encodeURIComponent(project)}`;
    let current = await request<Regroup>(conn, 'POST', `${base}/regroup`, {
      scope: 'admin',
      json: { dryRun: o.dryRun === true },
    });
    note(`${o.dryRun ? 'dry run' : 'regroup'} ${current.id} started`);
    let said = 0;
    for (;;) {
      const phases = current.phases ?? [current.phase];
      for (; said < phases.length; said++) note(`  ${phases[said]}`);
      if (current.status !== 'running') break;
      await new Promise((r) => setTimeout(r, Number(o.pollMs) || 500));
      current = await request<Regroup>(conn, 'GET', `${base}/regroups/${current.id}`, { scope: 'admin' });
    }
    if (current.status === 'failed')
      throw new CliError(
        `regroup ${current.id} failed: ${current.error}\n` +
          '  (errors already rewritten keep their new fingerprint; run the same command again to finish,\n' +
          '   or check the processor log and /readyz if ClickHouse is unavailable)',
      );
    print(o.json ? JSON.stringify(current, null, 2) : summary(current, project));
  });
}
