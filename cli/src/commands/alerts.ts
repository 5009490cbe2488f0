/**
 * `pulsetrace alerts validate | apply | list | test`: alert rules as code, through the processor's
 * rule API (/api/v1/projects/:id/alert-rules), so the schema that checks a file is the server's.
 * Rule files are YAML or JSON (a RuleFile: apiVersion, rules, overrides). docs/alerting.md.
 */
import fs from 'node:fs';
import type { Command } from 'commander';
import YAML from 'yaml';
import { CliError, request, type Connection } from '../api';
import { note, print, table } from '../output';
import {
  applyOrder,
  countActions,
  planApply,
  type FileOverride,
  type FileRule,
  type ListedRule,
  type PlanItem,
} from './alerts-plan';
import { connectionOf, projectOf, withConnection, type ConnectionOpts } from './options';

interface Problem {
  path: string;
  message: string;
}
interface Validation {
  valid: boolean;
  kind: 'file' | 'rule';
  problems: Problem[];
  rules?: FileRule[];
  overrides?: FileOverride[];
}
interface Listed extends ListedRule {
  name: string;
  kind: string;
  enabled: boolean;
  rule: { severity?: string };
  fileOverride: Record<string, unknown> | null;
}

const rulesPath = (project: string, ...rest: string[]) =>
  `/${['api', 'v1', 'projects', project, 'alert-rules', ...rest].map(encodeURIComponent).join('/')}`;

/** A rule file's content: YAML for .yaml/.yml, JSON for .json, else whichever parses. */
export function readRuleFile(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new CliError(
      `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}): check the path`,
      2,
    );
  }
  const yaml = !/\.json$/i.test(file);
  try {
    return yaml ? YAML.parse(text) : JSON.parse(text);
  } catch (err) {
    const first = (err as Error).message.split('\n')[0];
    throw new CliError(`${file} is not valid ${yaml ? 'YAML' : 'JSON'}: ${first}`);
  }
}

async function validate(conn: Connection, project: string, body: unknown): Promise<Validation> {
  return request<Validation>(conn, 'POST', rulesPath(project, 'validate'), {
    scope: 'read',
    json: body ?? null,
  });
}

const problemLines = (file: string, v: Validation) =>
  v.problems.map((p) => `${file}: ${p.path || '(file)'}: ${p.message}`);

async function listRules(conn: Connection, project: string) {
  return request<{ project: string; rules: Listed[] }>(conn, 'GET', rulesPath(project), { scope: 'read' });
}

const PAST: Record<PlanItem['action'], string> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  delete: 'deleted',
};

function planText(plan: PlanItem[], dryRun: boolean): string {
  const c = countActions(plan);
  const lines = plan.length
    ? [
        table(
          ['ACTION', 'KIND', 'ID'],
          plan.map((i) => [
            dryRun && i.action !== 'unchanged' ? `would ${i.action}` : PAST[i.action],
            i.kind,
            i.id,
          ]),
        ),
      ]
    : ['nothing in the file applies to this project'];
  lines.push(
    `${dryRun ? 'dry run: ' : ''}${c.create} created, ${c.update} updated, ${c.unchanged} unchanged, ${c.delete} deleted` +
      (dryRun ? ' (nothing changed; run again without --dry-run to apply)' : ''),
  );
  return lines.join('\n');
}

type Opts = ConnectionOpts & { prune?: boolean; dryRun?: boolean };

export function registerAlerts(program: Command): void {
  const alerts = program
    .command('alerts')
    .description(
      'alert rules as code: validate and apply rule files, list and test rules (docs/alerting.md)',
    );

  withConnection(
    alerts
      .command('validate')
      .description(
        "check YAML or JSON rule files (or single rules) with the processor's schema; stores nothing",
      )
      .argument('<file...>', 'rule files')
      .option('--json', 'print JSON'),
    { project: true },
  ).action(async (files: string[], o: Opts) => {
    const project = projectOf(o);
    const conn = connectionOf(o);
    const results = [];
    for (const file of files) results.push({ file, ...(await validate(conn, project, readRuleFile(file))) });
    if (o.json)
      print(
        JSON.stringify(
          results.map(({ file, valid, kind, problems }) => ({ file, valid, kind, problems })),
          null,
          2,
        ),
      );
    else
      for (const r of results)
        if (r.valid)
          print(
            `${r.file}: valid (${r.rules?.length ?? 0} rule(s), ${r.overrides?.length ?? 0} override(s))`,
          );
        else print(problemLines(r.file, r).join('\n'));
    const bad = results.filter((r) => !r.valid).length;
    if (bad)
      throw new CliError(
        `${bad} of ${files.length} file(s) invalid: fix the fields above and run validate again`,
      );
  });

  withConnection(
    alerts
      .command('apply')
      .description("create or update the project's API rules and overrides from a rule file (write token)")
      .argument('<file>', 'rule file (YAML or JSON)')
      .option(
        '--prune',
        "delete the project's API rules (and overrides of the file's rules) the file does not have",
      )
      .option('--dry-run', 'print the plan, change nothing')
      .option('--json', 'print JSON'),
    { project: true },
  ).action(async (file: string, o: Opts) => {
    const project = projectOf(o);
    const conn = connectionOf(o);
    const content = readRuleFile(file);
    const v = await validate(conn, project, content);
    if (!v.valid)
      throw new CliError(
        `${file} is not a valid rule file; nothing was applied:\n${problemLines(file, v)
          .map((l) => `  ${l}`)
          .join('\n')}`,
      );
    const listed = await listRules(conn, project);
    const plan = planApply({
      projectNames: [...new Set([listed.project, project])],
      rules: v.rules ?? [],
      overrides: v.overrides ?? [],
      current: listed.rules,
      prune: o.prune === true,
    });
    if (!o.dryRun)
      for (const item of applyOrder(plan)) {
        const path =
          item.kind === 'rule'
            ? rulesPath(listed.project, item.id)
            : rulesPath(listed.project, item.id, 'override');
        const method = item.action === 'delete' ? 'DELETE' : 'PUT';
        await request(conn, method, path, { scope: 'write', json: item.body });
        note(`${PAST[item.action]} ${item.kind} ${item.id}`);
      }
    if (o.json)
      print(
        JSON.stringify(
          { project: listed.project, dryRun: o.dryRun === true, plan: plan.map(({ body: _b, ...i }) => i) },
          null,
          2,
        ),
      );
    else print(planText(plan, o.dryRun === true));
  });

  withConnection(
    alerts
      .command('list')
      .description("the project's rules in force: the processor's rule file's and the API's, with overrides")
      .option('--json', 'print JSON'),
    { project: true },
  ).action(async (o: Opts) => {
    const listed = await listRules(connectionOf(o), projectOf(o));
    if (o.json) return print(JSON.stringify(listed, null, 2));
    if (!listed.rules.length) return print(`no alert rules in project ${listed.project}`);
    const overridden = (r: Listed) =>
      [r.fileOverride && 'file', r.override && 'api'].filter(Boolean).join('+') || '';
    print(
      table(
        ['ID', 'KIND', 'SOURCE', 'ENABLED', 'SEVERITY', 'OVERRIDE', 'NAME'],
        listed.rules.map((r) => [
          r.id,
          r.kind,
          r.source,
          r.enabled ? 'yes' : 'no',
          r.rule.severity,
          overridden(r),
          r.name,
        ]),
      ),
    );
  });

  withConnection(
    alerts
      .command('test')
      .description('evaluate one rule now, as in force for the project, notifying no one (write token)')
      .argument('<ruleId>', 'rule id (`pulsetrace alerts list` shows them)')
      .option('--json', 'print JSON'),
    { project: true },
  ).action(async (ruleId: string, o: Opts) => {
    const project = projectOf(o);
    const answer = await request<{ ruleId: string; project: string; at: string; result: unknown }>(
      connectionOf(o),
      'POST',
      rulesPath(project, ruleId, 'test'),
      { scope: 'write' },
    );
    if (o.json) return print(JSON.stringify(answer, null, 2));
    print(`rule ${answer.ruleId} in project ${answer.project} at ${answer.at}:`);
    print(JSON.stringify(answer.result, null, 2));
  });
}
