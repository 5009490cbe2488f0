/** `pulsetrace releases new|finalize|list|deploys`: the release API (editor or admin token). */
import { Argument, type Command } from 'commander';
import { call, CliError, releasePath, request } from '../api';
import { print, table } from '../output';
import { connectionOf, projectOf, withConnection, type ConnectionOpts } from './options';

interface Release {
  version: string;
  createdAt?: string;
  finalizedAt?: string | null;
  ref?: string | null;
  url?: string | null;
  deploys?: number;
}

interface Deploy {
  environment: string;
  name?: string | null;
  url?: string | null;
  startedAt?: string | null;
  finishedAt?: string | null;
}

/** With --json: prints `value` and returns true (the caller stops there). */
function json(o: { json?: boolean }, value: unknown): boolean {
  if (o.json) print(JSON.stringify(value, null, 2));
  return !!o.json;
}

/** ISO 8601 for the API; an unparseable time is a usage mistake, caught before any request. */
export function isoTime(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const t = /^\d+$/.test(value) ? Number(value) * 1000 : Date.parse(value);
  if (Number.isNaN(t))
    throw new CliError(`${flag} "${value}" is not a time: use ISO 8601 or unix seconds`, 2);
  return new Date(t).toISOString();
}

export function registerReleases(program: Command): void {
  const releases = program
    .command('releases')
    .description('create, finalize and list releases, record deploys (needs the editor or admin token)');

  withConnection(
    releases
      .command('new')
      .description('create a release (no error if it exists)')
      .argument('<version>', 'release version, as the SDK reports it (e.g. 1.4.2 or a git sha)')
      .option('--ref <ref>', 'VCS ref (commit sha, tag)')
      .option('--release-url <url>', 'link for the release (changelog, CI run)')
      .option('--json', 'print JSON'),
    { project: true },
  ).action(async (version: string, o: ConnectionOpts & { ref?: string; releaseUrl?: string }) => {
    const res = await call<Release>(connectionOf(o), 'POST', releasePath(projectOf(o)), {
      scope: 'write',
      json: { version, ref: o.ref, url: o.releaseUrl },
    });
    if (json(o, res.body)) return;
    print(`${res.status === 201 ? 'created' : 'release exists:'} ${res.body.version}`);
  });

  withConnection(
    releases
      .command('finalize')
      .description('mark a release as finalized (shipped)')
      .argument('<version>', 'release version')
      .option('--finalized-at <time>', 'when it shipped (ISO 8601 or unix seconds; default: now)')
      .option('--json', 'print JSON'),
    { project: true },
  ).action(async (version: string, o: ConnectionOpts & { finalizedAt?: string }) => {
    const path = releasePath(projectOf(o), version, 'finalize');
    const r = await request<Release>(connectionOf(o), 'POST', path, {
      scope: 'write',
      json: { finalizedAt: isoTime(o.finalizedAt, '--finalized-at') },
    });
    if (json(o, r)) return;
    print(`finalized ${r?.version ?? version}${r?.finalizedAt ? ` at ${r.finalizedAt}` : ''}`);
  });

  withConnection(releases.command('list').description('list releases').option('--json', 'print JSON'), {
    project: true,
  }).action(async (o: ConnectionOpts) => {
    const { releases: list } = await request<{ releases: Release[] }>(
      connectionOf(o),
      'GET',
      releasePath(projectOf(o)),
      {
        scope: 'write',
      },
    );
    if (json(o, list)) return;
    if (!list.length) return print('no releases yet: create one with `pulsetrace releases new <version>`');
    print(
      table(
        ['VERSION', 'CREATED', 'FINALIZED', 'REF', 'DEPLOYS'],
        list.map((r) => [r.version, r.createdAt, r.finalizedAt, r.ref, r.deploys]),
      ),
    );
  });

  withConnection(
    releases
      .command('deploys')
      .description('record a deploy of a release (`new`), or list its deploys (`list`)')
      .argument('<version>', 'release version')
      .addArgument(new Argument('<action>', 'what to do').choices(['new', 'list']))
      .option('--env <environment>', 'deployment environment, e.g. production (required for new)')
      .option('--name <name>', 'deploy name, e.g. the CI run')
      .option('--deploy-url <url>', 'link for the deploy')
      .option('--started <time>', 'when the deploy started (ISO 8601 or unix seconds)')
      .option('--finished <time>', 'when it finished (default: the processor’s now)')
      .option('--json', 'print JSON'),
    { project: true },
  ).action(
    async (
      version: string,
      action: 'new' | 'list',
      o: ConnectionOpts & {
        env?: string;
        name?: string;
        deployUrl?: string;
        started?: string;
        finished?: string;
      },
    ) => {
      const path = releasePath(projectOf(o), version, 'deploys');
      if (action === 'list') {
        const { deploys } = await request<{ deploys: Deploy[] }>(connectionOf(o), 'GET', path, {
          scope: 'write',
        });
        if (json(o, deploys)) return;
        return print(
          deploys.length
            ? table(
                ['ENVIRONMENT', 'NAME', 'STARTED', 'FINISHED', 'URL'],
                deploys.map((d) => [d.environment, d.name, d.startedAt, d.finishedAt, d.url]),
              )
            : `no deploys of ${version} yet`,
        );
      }
      if (!o.env)
        throw new CliError(
          'releases deploys <version> new needs --env <environment>, e.g. --env production',
          2,
        );
      const body = {
        environment: o.env,
        name: o.name,
        url: o.deployUrl,
        startedAt: isoTime(o.started, '--started'),
        finishedAt: isoTime(o.finished, '--finished'),
      };
      const d = await request<Deploy>(connectionOf(o), 'POST', path, { scope: 'write', json: body });
      if (json(o, d)) return;
      print(`recorded deploy of ${version} to ${d?.environment ?? o.env}${o.name ? ` (${o.name})` : ''}`);
    },
  );
}
