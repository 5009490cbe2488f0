/**
 * The alert-rule API tests' processor: a rule file (    [
      'apiVersion: 1',
      'rules:',
      '  - kind: event',
      '    id: new-issue',
      '    name: New issue',
      '    annotations: { summary: "New issue {{ $labels.title }}" }',
      '    event: issue.new',
      '  - kind: threshold',
      '    id: error-rate',
      '    name: Error rate',
      '    annotations: { summary: Error rate high }',
      '    query: { type: error_rate, per: session }',
      '    condition: { op: ">", threshold: 5 }',
      '  - kind: threshold',
      '    id: only-elsewhere',
      '    name: Another project’s',
      '    projects: [someone-else]',
      '    annotations: { summary: x }',
      '    query: { type: error_rate }',
      '    condition: { op: ">", threshold: 1 }',
      'overrides:',
      '  - { rule: new-issue, project: someone-else, enabled: false }',
      '',
    ].join('\n'),) with an event rule, a threshold rule and
 * a rule for another project, plus an override; two projects; the rule views and request helpers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { api } from '../../src/issues/testkit';
import type { RunningProcessor } from '../../src/processor';
import { createProject, startTestProcessor } from './processor';

export const READ = 'test-read-token';
export const WRITE = 'test-write-token';

export const threshold = (id: string, extra: Record<string, unknown> = {}) => ({
  kind: 'threshold',
  id,
  name: `Rule ${id}`,
  annotations: { summary: `${id} fired` },
  query: { type: 'error_rate' },
  condition: { op: '>', threshold: 5 },
  ...extra,
});
export const eventRule = (id: string, extra: Record<string, unknown> = {}) => ({
  kind: 'event',
  id,
  name: `Rule ${id}`,
  annotations: { summary: `${id} fired` },
  event: 'issue.new',
  ...extra,
});

export type View = {
  id: string;
  source: string;
  enabled: boolean;
  replacesFileRule: boolean;
  rule: Record<string, unknown> & { condition?: { threshold: number }; severity: string };
  definition: Record<string, unknown> & { condition?: { threshold: number } };
  override: Record<string, unknown> | null;
  result?: string;
  updatedBy: string | null;
};
export interface RulesFixture {
  p: RunningProcessor;
  project: string;
  other: string;
  dir: string;
}

/** Starts the processor with the rule file and makes two projects. */
export async function startRulesProcessor(): Promise<RulesFixture> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pt-rules-'));
  const file = path.join(dir, 'rules.yaml');
  // The other project's id is not known before start: its override names a fixed id.
  fs.writeFileSync(
    file,
    [
      'apiVersion: 1',
      'rules:',
      '  - kind: event',
      '    id: new-issue',
      '    name: New issue',
      '    annotations: { summary: "New issue {{ $labels.title }}" }',
      '    event: issue.new',
      '  - kind: threshold',
      '    id: error-rate',
      '    name: Error rate',
      '    annotations: { summary: Error rate high }',
      '    query: { type: error_rate, per: session }',
      '    condition: { op: ">", threshold: 5 }',
      '  - kind: threshold',
      '    id: only-elsewhere',
      '    name: Another project’s',
      '    projects: [someone-else]',
      '    annotations: { summary: x }',
      '    query: { type: error_rate }',
      '    condition: { op: ">", threshold: 1 }',
      'overrides:',
      '  - { rule: new-issue, project: someone-else, enabled: false }',
      '',
    ].join('\n'),
  );
  const p = await startTestProcessor({
    PULSETRACE_READ_TOKEN: READ,
    PULSETRACE_WRITE_TOKEN: WRITE,
    PULSETRACE_ALERT_RULES_FILE: file,
  });
  return { p, dir, project: (await createProject(p.url)).id, other: (await createProject(p.url)).id };
}

export async function stopRulesProcessor(f: RulesFixture | undefined): Promise<void> {
  await f?.p.stop();
  if (f) fs.rmSync(f.dir, { recursive: true, force: true });
}

export const rulesPath = (proj: string, rest = '') => `/projects/${proj}/alert-rules${rest}`;

/** `list` and `put` bound to the fixture (read late: it is set in beforeAll). */
export function rulesApi(f: () => RulesFixture) {
  return {
    list: async (proj = f().project, token = READ) =>
      (await api<{ project: string; rules: View[] }>(f().p.url, token, 'GET', rulesPath(proj))).body.rules,
    put: (id: string, body: unknown, proj = f().project) =>
      api<View & { error?: string; issues?: unknown[] }>(
        f().p.url,
        WRITE,
        'PUT',
        rulesPath(proj, `/${id}`),
        body,
      ),
  };
}
