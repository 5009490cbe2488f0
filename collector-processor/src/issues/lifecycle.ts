/**
 * The lifecycle evaluator: regressions of resolved issues and wake-ups of ignored ones. Its timer
 * passes run on the replica holding the `issue-lifecycle` lease (scale/job-lease.ts); should two
 * ever overlap (a lease handover mid-pass) they still agree, because each automatic transition is
 * a function of the state version it starts from (state.ts `evaluate`): identical rows.
 *
 * One pass: the actionable states (bounded), then per project a handful of grouped queries over
 * only those issues — aggregates from `issues`, newer-release candidates from `issue_releases`,
 * and, for issues seen after they were resolved, the first event per release from `errors`.
 */
import { selectRows as rows } from '../store/query';
import type { ClickHouseClient } from '@clickhouse/client';
import type { Logger } from 'pino';
import type { ProjectStore } from '../projects/project-store';
import { actionableStates, saveChanges } from './issue-store';
import { projectReleases } from './release-store';
import { automaticActivityId, type Activity, type IssueState } from './state';
import { evaluate, type Observation } from './transitions';
import type { ReleaseOrder } from './release-order';
import type { JobGate } from '../scale/job-lease';

export interface IssueLifecycleOptions {
  client: ClickHouseClient;
  projects: ProjectStore;
  intervalMs: number;
  log: Logger;
  /** Called with each project's automatic transitions once they are saved (the alert ruler's events). */
  onTransitions?: TransitionListener;
  /** Timer passes run only on the replica holding this job's lease (scale/job-lease.ts). */
  gate?: JobGate;
}

export type TransitionListener = (
  project: string,
  changes: ReadonlyArray<{ state: IssueState; activity: Activity[] }>,
) => void;

export interface IssueLifecycle {
  /** One pass: regressions of resolved issues, wake-ups of ignored ones. */
  runOnce(now?: number): Promise<void>;
  stop(): Promise<void>;
}

/** Resolved/ignored issues evaluated per batch of queries; a pass reads as many pages as there are. */
export const STATES_PER_PAGE = 2_000;
const MAX_ROWS = 100_000;

/** Last seen (received), events and users of the given issues. */
async function observe(client: ClickHouseClient, project: string, fps: string[]) {
  const found = await rows(
    client,
    `SELECT fingerprint, toUnixTimestamp64Milli(max(last_seen)) AS lastSeen, sum(events) AS events,
       uniqMerge(users) AS users
     FROM issues WHERE project_id = {project:String} AND fingerprint IN {fps:Array(String)}
     GROUP BY fingerprint`,
    { project, fps },
  );
  return new Map(
    found.map((r) => [
      String(r.fingerprint),
      { lastSeen: Number(r.lastSeen), counts: { events: Number(r.events), users: Number(r.users) } },
    ]),
  );
}

/** Releases each issue was seen in after the given time (per issue), from the small per-release table. */
async function releasesSeenAfter(client: ClickHouseClient, project: string, since: Map<string, number>) {
  const fps = [...since.keys()];
  const found = await rows(
    client,
    `SELECT fingerprint, release FROM issue_releases
     WHERE project_id = {project:String} AND fingerprint IN {fps:Array(String)}
     GROUP BY fingerprint, release
     HAVING toUnixTimestamp64Milli(max(last_seen)) > arrayElement({since:Array(Int64)}, indexOf({fps:Array(String)}, fingerprint))
     LIMIT {limit:UInt32}`,
    { project, fps, since: fps.map((f) => since.get(f)!), limit: MAX_ROWS },
  );
  return found.map((r) => ({ fingerprint: String(r.fingerprint), release: String(r.release) }));
}

/**
 * Per issue and release, the first event received after the issue's own threshold. Reads the
 * errors table, but only for issues known (from the aggregates) to have such events.
 */
async function firstEventsAfter(client: ClickHouseClient, project: string, since: Map<string, number>) {
  const fps = [...since.keys()];
  const found = await rows(
    client,
    `SELECT fingerprint, toString(release) AS rel, toUnixTimestamp64Milli(min(received_at)) AS at
     FROM errors
     WHERE project_id = {project:String} AND fingerprint IN {fps:Array(String)}
       AND toUnixTimestamp64Milli(received_at) > arrayElement({since:Array(Int64)}, indexOf({fps:Array(String)}, fingerprint))
     GROUP BY fingerprint, rel
     LIMIT {limit:UInt32}`,
    { project, fps, since: fps.map((f) => since.get(f)!), limit: MAX_ROWS },
  );
  const byIssue = new Map<string, { release: string; at: number }[]>();
  for (const r of found) {
    const list = byIssue.get(String(r.fingerprint)) ?? [];
    list.push({ release: String(r.rel), at: Number(r.at) });
    byIssue.set(String(r.fingerprint), list);
  }
  return byIssue;
}

/** The automatic transitions of one project's actionable issues. */
async function evaluateProject(client: ClickHouseClient, project: string, states: IssueState[], now: number) {
  const observed = await observe(
    client,
    project,
    states.map((s) => s.fingerprint),
  );
  const seenAfterResolve = states.filter(
    (s) =>
      s.status !== 'ignored' &&
      s.resolvedAt !== null &&
      (observed.get(s.fingerprint)?.lastSeen ?? 0) > s.resolvedAt,
  );
  const nextRelease = seenAfterResolve.filter((s) => s.status === 'resolved_in_next_release');
  let order: ReleaseOrder | undefined;
  const candidates = new Set(
    seenAfterResolve.filter((s) => s.status === 'resolved').map((s) => s.fingerprint),
  );
  if (nextRelease.length) {
    // Only issues seen after resolving in a release newer than the one they were resolved in.
    order = (await projectReleases(client, project)).order;
    const byFp = new Map(nextRelease.map((s) => [s.fingerprint, s]));
    const seen = await releasesSeenAfter(
      client,
      project,
      new Map(nextRelease.map((s) => [s.fingerprint, s.resolvedAt!])),
    );
    for (const { fingerprint, release } of seen)
      if (order.isNewer(release, byFp.get(fingerprint)!.resolvedInRelease)) candidates.add(fingerprint);
  }
  const resolvedAt = new Map(
    seenAfterResolve.filter((s) => candidates.has(s.fingerprint)).map((s) => [s.fingerprint, s.resolvedAt!]),
  );
  const firstAfter = resolvedAt.size ? await firstEventsAfter(client, project, resolvedAt) : new Map();
  const isNewer = (a: string, b: string) => (order ? order.isNewer(a, b) : false);

  const changes: { state: IssueState; activity: Activity[] }[] = [];
  for (const s of states) {
    const seen = observed.get(s.fingerprint);
    if (!seen) continue; // no aggregates (expired): nothing can wake or regress it
    const obs: Observation = { ...seen, firstAfterResolve: firstAfter.get(s.fingerprint) };
    const change = evaluate(s, obs, now, isNewer);
    if (!change) continue;
    const activity = change.activity.map((a) => ({ ...a, id: automaticActivityId(s, a.action) }));
    changes.push({ state: change.next, activity });
  }
  return changes;
}

/**
 * One pass over every project; returns how many issues changed. States are read in pages of
 * `pageSize` (in key order), so every query stays bounded however many issues are resolved.
 */
export async function lifecyclePass(
  client: ClickHouseClient,
  projects: ProjectStore,
  now: number,
  log: Logger,
  pageSize = STATES_PER_PAGE,
  onTransitions?: TransitionListener,
) {
  let changed = 0;
  let after: IssueState | undefined;
  for (;;) {
    const states = await actionableStates(client, pageSize, after);
    const byProject = new Map<string, IssueState[]>();
    for (const s of states) {
      if (!projects.get(s.projectId)) continue; // deleted project: leave its issues alone
      const list = byProject.get(s.projectId);
      if (list) list.push(s);
      else byProject.set(s.projectId, [s]);
    }
    for (const [project, list] of byProject) {
      const changes = await evaluateProject(client, project, list, now);
      if (!changes.length) continue;
      await saveChanges(
        client,
        changes.map((c) => c.state),
        changes.flatMap((c) => c.activity),
      );
      changed += changes.length;
      onTransitions?.(project, changes);
      log.info({ project, changed: changes.length }, 'issue lifecycle: automatic transitions');
    }
    if (states.length < pageSize) return changed;
    after = states[states.length - 1];
  }
}

export function startIssueLifecycle({
  client,
  projects,
  intervalMs,
  log,
  onTransitions,
  gate,
}: IssueLifecycleOptions): IssueLifecycle {
  // Passes run one at a time: a call waits for the pass in progress, then runs its own.
  let chain: Promise<unknown> = Promise.resolve();
  let timerPassPending = false;
  let stopped = false;
  const runOnce = (now?: number): Promise<void> => {
    const run = chain.then(async () => {
      await lifecyclePass(client, projects, now ?? Date.now(), log, STATES_PER_PAGE, onTransitions);
    });
    chain = run.catch(() => undefined);
    return run;
  };
  const timer = setInterval(() => {
    if (timerPassPending || stopped) return; // a slow pass is not queued up behind itself
    timerPassPending = true;
    (gate ? gate.run(() => runOnce()) : runOnce())
      .catch((err: unknown) => log.warn({ err }, 'issue lifecycle pass failed; retrying next interval'))
      .finally(() => (timerPassPending = false));
  }, intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await chain;
    },
  };
}
