/** `pulsetrace projects list|create`: list with any token (ingest keys with the admin token), create with the admin token. */
import type { Command } from 'commander';
import { request } from '../api';
import { print, table } from '../output';
import { connectionOf, withConnection, type ConnectionOpts } from './options';

interface Project {
  id: string;
  name: string;
  environment?: string | null;
  allowedOrigins?: string[];
  ingestKey?: string;
}

export function registerProjects(program: Command): void {
  const projects = program
    .command('projects')
    .description('list projects (any token; ingest keys need the admin token) and create them (admin token)');

  withConnection(projects.command('list').description('list projects').option('--json', 'print JSON')).action(
    async (o: ConnectionOpts) => {
      const { projects: list } = await request<{ projects: Project[] }>(
        connectionOf(o),
        'GET',
        '/api/v1/projects',
        { scope: 'read' },
      );
      if (o.json) return print(JSON.stringify(list, null, 2));
      if (!list.length) return print('no projects yet: create one with `pulsetrace projects create <name>`');
      print(
        table(
          ['ID', 'NAME', 'ENVIRONMENT', 'INGEST KEY'],
          list.map((p) => [p.id, p.name, p.environment, p.ingestKey ?? '-']),
        ),
      );
    },
  );

  withConnection(
    projects
      .command('create')
      .description('create a project and print its id and ingest key')
      .argument('<name>', 'project name')
      .option('--origin <origins...>', 'allowed browser origin(s), e.g. https://app.example.com (repeatable)')
      .option('--environment <env>', 'default deployment environment, e.g. production')
      .option('--json', 'print JSON'),
  ).action(async (name: string, o: ConnectionOpts & { origin?: string[]; environment?: string }) => {
    const body = { name, environment: o.environment, allowedOrigins: o.origin };
    const p = await request<Project>(connectionOf(o), 'POST', '/api/v1/projects', {
      scope: 'admin',
      json: body,
    });
    if (o.json) return print(JSON.stringify(p, null, 2));
    print(
      [
        `created project ${p.name}`,
        `  id:         ${p.id}`,
        `  ingest key: ${p.ingestKey ?? '-'}`,
        `  origins:    ${p.allowedOrigins?.join(', ') || '-'}`,
        `next: export PULSETRACE_PROJECT=${p.id}`,
      ].join('\n'),
    );
  });
}
