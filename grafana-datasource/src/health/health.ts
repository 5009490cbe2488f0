/**
 * "Save & test": asks the processor who each configured token is (GET /api/v1/whoami through the
 * read, write and admin routes) and says in sentences what that means for Grafana's roles.
 */
import { TestDataSourceResponse } from '@grafana/data';
import { getBackendSrv } from '@grafana/runtime';
import { ProcessorClient, WhoamiJSON } from '../api/client';
import { classify, describeFailure, detailOf, HttpFailure, sentence, toFailure } from '../api/failure';
import { isRecord } from '../query/coerce';
import { RouteRole } from '../types';

export type Probe = { ok: true; whoami: WhoamiJSON } | { ok: false; failure: HttpFailure };

export interface HealthInput {
  url: string;
  /** A project id or unique name, as the processor takes either. */
  defaultProject?: string;
  /** Names of the projects the read token reaches (GET /projects), fetched when the default is no id. */
  projectNames?: string[];
  read: Probe;
  /** Only when a write / admin token is configured. */
  write?: Probe;
  admin?: Probe;
}

type Status = 'success' | 'warning' | 'error';
const RANK: Record<Status, number> = { success: 0, warning: 1, error: 2 };
const ROLE_USERS: Record<RouteRole, string> = { read: 'Viewer', write: 'Editor', admin: 'Admin' };

class Report {
  status: Status = 'success';
  readonly sentences: string[] = [];
  add(status: Status, text: string) {
    if (RANK[status] > RANK[this.status]) {
      this.status = status;
    }
    this.sentences.push(text);
  }
  result(): TestDataSourceResponse {
    return { status: this.status, message: this.sentences.join(' ') };
  }
}

function listOf(ids: string[]): string {
  const shown = ids.slice(0, 10).join(', ');
  return ids.length > 10 ? `${shown} and ${ids.length - 10} more` : shown;
}

function projectsSentence(who: WhoamiJSON): string {
  const visible = who.visibleProjects ?? [];
  if (who.projects === '*') {
    return `every project (${visible.length} now${visible.length ? `: ${listOf(visible)}` : ''})`;
  }
  return `${visible.length} project${visible.length === 1 ? '' : 's'}${visible.length ? `: ${listOf(visible)}` : ''}`;
}

function readFailure(report: Report, url: string, failure: HttpFailure) {
  switch (classify(failure)) {
    case 'unreachable':
      return report.add(
        'error',
        `Grafana could not reach the PulseTrace processor at ${url}. Check the URL and that the processor runs; the address must work from Grafana's server, not only from your browser.`
      );
    case 'token':
      return report.add(
        'error',
        'The processor rejected the read token (401): it is wrong, revoked or expired. Paste a valid read token and save again.'
      );
    case 'scope':
      return report.add(
        'error',
        sentence(`The processor refused the read token (403): ${detailOf(failure) ?? 'no reason given'}`)
      );
    case 'not_found':
      return report.add(
        'error',
        `The server at ${url} answered 404 for /api/v1/whoami: it is not a PulseTrace processor, or one too old for this plugin.`
      );
    default:
      return report.add('error', describeFailure(failure));
  }
}

/** Checks a write or admin token: it must have exactly its role's scope. */
function checkRoleToken(report: Report, role: 'write' | 'admin', probe: Probe) {
  const users = `Grafana ${ROLE_USERS[role]}s`;
  if (!probe.ok) {
    const kind = classify(probe.failure);
    if (kind === 'token') {
      report.add('error', `The processor rejected the ${role} token (401): it is wrong, revoked or expired.`);
    } else if (kind === 'role') {
      report.add(
        'success',
        `The ${role} token was not checked: your Grafana role may not use the ${role} route (only ${users} may).`
      );
    } else {
      report.add('error', `The ${role} token could not be checked. ${describeFailure(probe.failure, role)}`);
    }
    return;
  }
  const { scope } = probe.whoami;
  if (scope === role) {
    report.add('success', `The ${role} token has ${role} scope, for ${users}.`);
  } else if (scope === 'admin') {
    report.add(
      'warning',
      `The write token has admin scope: ${users} would get admin access through this data source. Use a write-scoped token.`
    );
  } else {
    report.add(
      'error',
      `The ${role} token only has ${scope} scope, so ${users} could not do what needs ${role} access. Use a ${role}-scoped token.`
    );
  }
}

export function describeHealth(input: HealthInput): TestDataSourceResponse {
  const report = new Report();
  const { read } = input;
  if (!read.ok) {
    readFailure(report, input.url, read.failure);
    return report.result();
  }
  const who = read.whoami;
  const visible = who.visibleProjects ?? [];
  report.add('success', `Connected to PulseTrace at ${input.url}.`);
  if (who.scope === 'read') {
    report.add('success', `The read token has read scope and reaches ${projectsSentence(who)}.`);
  } else {
    report.add(
      'warning',
      `The read token has ${who.scope} scope and reaches ${projectsSentence(who)}, so Grafana Viewers would get more than read access: use a read-scoped token as the read token.`
    );
  }
  if (visible.length === 0) {
    report.add('warning', 'The read token reaches no project yet: create a project, or grant this token one.');
  } else if (input.defaultProject && !visible.includes(input.defaultProject)) {
    const named = (input.projectNames ?? []).filter((n) => n === input.defaultProject).length;
    if (named === 0) {
      report.add('warning', `The default project "${input.defaultProject}" is not one the read token reaches.`);
    } else if (named > 1) {
      report.add(
        'warning',
        `The default project "${input.defaultProject}" is the name of ${named} projects: set one's id instead.`
      );
    }
  }
  if (input.write) {
    checkRoleToken(report, 'write', input.write);
  }
  if (input.admin) {
    checkRoleToken(report, 'admin', input.admin);
  }
  return report.result();
}

async function probe(client: ProcessorClient, role: RouteRole): Promise<Probe> {
  try {
    return { ok: true, whoami: await client.whoami(role) };
  } catch (err) {
    return { ok: false, failure: toFailure(err) };
  }
}

/** Which secrets are set, from Grafana's data source API (values are never returned, only flags). */
async function configuredTokens(uid: string): Promise<Record<string, boolean> | undefined> {
  try {
    const settings: unknown = await getBackendSrv().get(
      `/api/datasources/uid/${encodeURIComponent(uid)}`,
      undefined,
      undefined,
      {
        showErrorAlert: false,
      }
    );
    return isRecord(settings) && isRecord(settings.secureJsonFields)
      ? (settings.secureJsonFields as Record<string, boolean>)
      : undefined;
  } catch {
    return undefined;
  }
}

export async function checkHealth(
  client: ProcessorClient,
  settings: { uid: string; url?: string; defaultProject?: string }
): Promise<TestDataSourceResponse> {
  const url = settings.url?.trim();
  if (!url) {
    return {
      status: 'error',
      message: 'Set the URL of the PulseTrace processor, for example http://pulsetrace-processor:4318.',
    };
  }
  const configured = await configuredTokens(settings.uid);
  if (configured && !configured.readToken) {
    return { status: 'error', message: 'Add a read token: every query uses it.' };
  }
  const read = await probe(client, 'read');
  const write = read.ok && configured?.writeToken ? await probe(client, 'write') : undefined;
  const admin = read.ok && configured?.adminToken ? await probe(client, 'admin') : undefined;
  const defaultProject = settings.defaultProject?.trim() || undefined;
  // The default project may be a name (the processor resolves unique names): look names up then.
  const byName = read.ok && defaultProject && !read.whoami.visibleProjects?.includes(defaultProject);
  const projectNames = byName ? await namesOf(client) : undefined;
  return describeHealth({ url, defaultProject, projectNames, read, write, admin });
}

async function namesOf(client: ProcessorClient): Promise<string[]> {
  try {
    return (await client.projects()).flatMap((p) => (p.name ? [p.name] : []));
  } catch {
    return [];
  }
}
