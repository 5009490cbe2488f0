/**
 * Regrouping stored errors (`pulsetrace issues regroup`, docs/grouping.md "Recomputing"): every
 * error of a project gets the fingerprint the current algorithm and grouping rules give it, then
 * the project's issue aggregates are rebuilt from its errors, and an issue that absorbs others
 * takes over the state of the one that brought it the most events (resolved, ignored, assignee).
 * A dry run only counts. Runs one at a time, in the background, with its progress kept in memory.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import { deleteRows } from '../erasure/tables';
import {
  computeFingerprint,
  FINGERPRINT_VERSION,
  type FingerprintInput,
  type GroupingSettings,
} from '../fingerprint';
import { quoteIdentifier } from '../store/clickhouse';
import { selectRows } from '../store/query';
import { saveChanges, statesOf } from './issue-store';
import {
  CREATE_CHANGES,
  ERRORS_PAGE,
  REBUILD_ISSUE_RELEASES,
  REBUILD_ISSUES,
  REWRITE_ERRORS,
} from './regroup-sql';
import { nextVersion, type IssueState } from './state';

/**
 * Why a regroup is refused in the cluster schema mode (docs/scaling.md "Cluster schema mode"): its
 * mutation of `errors` reads the new fingerprints with joinGet from a Join table, which lives on
 * the node that filled it, while the mutation runs on every node's `errors_local`.
 */
export const REGROUP_ON_CLUSTER =
  'regrouping stored errors is not supported on a ClickHouse cluster yet (CLICKHOUSE_CLUSTER is set: ' +
  '`errors` is a Distributed table, and the rewrite reads its changes from a table that only one node ' +
  'holds). Nothing was changed; a dry run (dryRun: true), which only counts, still works. New errors ' +
  'are already grouped by the current rules; to regroup ' +
  'stored errors, run the regroup on a single-node copy of the data, or wait for cluster support ' +
  '(docs/scaling.md, "What still assumes one node").';

export class RegroupUnsupportedError extends Error {}

/** REGROUP_ON_CLUSTER when this database has the cluster schema (`errors` is Distributed), else undefined. */
export async function regroupRefusal(client: ClickHouseClient): Promise<string | undefined> {
  const [errors] = await selectRows<{ engine: string }>(
    client,
    "SELECT engine FROM system.tables WHERE database = currentDatabase() AND name = 'errors'",
    {},
  );
  return errors?.engine === 'Distributed' ? REGROUP_ON_CLUSTER : undefined;
}

/** Rows per page: each page of changes is one mutation of the errors table. */
export const REGROUP_PAGE_ROWS = 20_000;
/** Merges listed in the result: the largest. */
const MAX_MERGES_SHOWN = 20;

export interface RegroupMerge {
  /** The fingerprint (issue) the errors move to. */
  to: string;
  /** The issues they came from, with how many errors each. */
  from: Record<string, number>;
}

export interface RegroupJob {
  id: string;
  projectId: string;
  dryRun: boolean;
  actor: string;
  status: 'running' | 'done' | 'failed';
  phase: string;
  /** Every phase so far, oldest first, so a client polling now and then misses none. */
  phases: string[];
  startedAt: number;
  finishedAt: number | null;
  version: number;
  /** Errors in the project when the job started, and read so far. */
  total: number;
  scanned: number;
  /** Errors whose fingerprint changes. */
  moved: number;
  /** Errors whose stored fingerprint, version or explanation changes (written unless a dry run). */
  rewritten: number;
  /** Stored fingerprint versions, and how many errors had each. */
  fromVersions: Record<string, number>;
  issuesBefore: number;
  issuesAfter: number;
  merges: RegroupMerge[];
  /** Issues that took over the state of an issue merged into them. */
  statesMoved: number;
  error: string;
}

type StoredError = FingerprintInput & {
  event_id: string;
  environment: string;
  ts: string;
  fingerprint: string;
  fingerprint_version: number;
  grouping: string;
};

interface Change {
  event_id: string;
  fingerprint: string;
  fingerprint_version: number;
  grouping: string;
}

function setPhase(job: RegroupJob, phase: string): void {
  job.phase = phase;
  job.phases.push(phase);
}

async function currentDatabase(client: ClickHouseClient): Promise<string> {
  const [row] = await selectRows<{ db: string }>(client, 'SELECT currentDatabase() AS db', {});
  return row.db;
}

/** old fingerprint -> new fingerprint -> errors. */
type Moves = Map<string, Map<string, number>>;

function merges(moves: Moves): RegroupMerge[] {
  const into = new Map<string, Record<string, number>>();
  for (const [from, targets] of moves)
    for (const [to, n] of targets) into.set(to, { ...into.get(to), [from]: n });
  return [...into.entries()]
    .filter(([to, from]) => Object.keys(from).some((f) => f !== to))
    .map(([to, from]) => ({ to, from }))
    .sort((a, b) => Object.keys(b.from).length - Object.keys(a.from).length)
    .slice(0, MAX_MERGES_SHOWN);
}

/**
 * The state each new issue takes: that of the old issue that brought it the most errors, among
 * those with a stored state, unless the new issue has a state of its own already.
 */
async function moveStates(client: ClickHouseClient, job: RegroupJob, moves: Moves): Promise<number> {
  const olds = [...moves.keys()];
  const stored = new Map<string, IssueState>();
  for (let i = 0; i < olds.length; i += 1000)
    for (const s of await statesOf(client, job.projectId, olds.slice(i, i + 1000)))
      stored.set(s.fingerprint, s);
  const best = new Map<string, { state: IssueState; errors: number }>();
  for (const [from, targets] of moves) {
    const state = stored.get(from);
    if (!state) continue;
    for (const [to, errors] of targets) {
      if (to === from) continue;
      const current = best.get(to);
      if (!current || errors > current.errors) best.set(to, { state, errors });
    }
  }
  const targets = [...best.keys()];
  const own = new Set<string>();
  for (let i = 0; i < targets.length; i += 1000)
    for (const s of await statesOf(client, job.projectId, targets.slice(i, i + 1000))) own.add(s.fingerprint);
  const now = Date.now();
  const states = [...best.entries()]
    .filter(([to]) => !own.has(to))
    .map(([to, { state }]): IssueState => ({
      ...state,
      fingerprint: to,
      updatedAt: now,
      updatedBy: job.actor,
      version: nextVersion(now),
    }));
  await saveChanges(client, states, []);
  return states.length;
}

export async function runRegroup(
  client: ClickHouseClient,
  job: RegroupJob,
  settings: GroupingSettings,
  pageRows = REGROUP_PAGE_ROWS,
): Promise<void> {
  // Before anything is written (a dry run only reads, which works through Distributed tables).
  const refusal = job.dryRun ? undefined : await regroupRefusal(client);
  if (refusal) throw new RegroupUnsupportedError(refusal);
  const project = job.projectId;
  const [{ n }] = await selectRows<{ n: string }>(
    client,
    'SELECT count() AS n FROM errors WHERE project_id = {project:String}',
    { project },
  );
  job.total = Number(n);
  const table = `regroup_${crypto.randomBytes(6).toString('hex')}`;
  const joined = `${await currentDatabase(client)}.${table}`;
  if (!job.dryRun) await client.command({ query: CREATE_CHANGES(quoteIdentifier(table)) });
  const moves: Moves = new Map();
  const after = new Set<string>();
  try {
    let cursor = { env: '', ts: '-9223372036854775808', id: '' };
    for (;;) {
      setPhase(job, `reading errors (${job.scanned} of ${job.total})`);
      const page = await selectRows<StoredError>(client, ERRORS_PAGE, {
        project,
        ...cursor,
        limit: pageRows,
      });
      if (page.length === 0) break;
      const changes: Change[] = [];
      for (const row of page) {
        const { fingerprint, fingerprint_version, grouping } = computeFingerprint(row, settings);
        const json = JSON.stringify(grouping);
        const version = String(row.fingerprint_version);
        job.fromVersions[version] = (job.fromVersions[version] ?? 0) + 1;
        const targets = moves.get(row.fingerprint) ?? new Map<string, number>();
        targets.set(fingerprint, (targets.get(fingerprint) ?? 0) + 1);
        moves.set(row.fingerprint, targets);
        after.add(fingerprint);
        if (fingerprint !== row.fingerprint) job.moved++;
        if (
          fingerprint !== row.fingerprint ||
          fingerprint_version !== row.fingerprint_version ||
          json !== row.grouping
        )
          changes.push({ event_id: row.event_id, fingerprint, fingerprint_version, grouping: json });
      }
      job.scanned += page.length;
      job.rewritten += changes.length;
      const last = page[page.length - 1];
      cursor = { env: last.environment, ts: String(last.ts), id: last.event_id };
      if (job.dryRun || changes.length === 0) continue;
      setPhase(job, `rewriting fingerprints (${job.scanned} of ${job.total} errors read)`);
      await client.insert({ table, values: changes, format: 'JSONEachRow' });
      await client.command({
        query: REWRITE_ERRORS(joined),
        query_params: { project },
        clickhouse_settings: { mutations_sync: '2', allow_nondeterministic_mutations: 1 },
      });
      await client.command({ query: `TRUNCATE TABLE ${quoteIdentifier(table)}` });
    }
    job.issuesBefore = moves.size;
    job.issuesAfter = after.size;
    job.merges = merges(moves);
    if (job.dryRun || job.rewritten === 0) return;
    setPhase(job, 'rebuilding issue totals');
    const where = 'project_id = {project:String}';
    await deleteRows(client, 'issues', where, { project });
    await client.command({ query: REBUILD_ISSUES, query_params: { project } });
    await deleteRows(client, 'issue_releases', where, { project });
    await client.command({ query: REBUILD_ISSUE_RELEASES, query_params: { project } });
    setPhase(job, 'moving issue states');
    job.statesMoved = await moveStates(client, job, moves);
  } finally {
    if (!job.dryRun) await client.command({ query: `DROP TABLE IF EXISTS ${quoteIdentifier(table)}` });
  }
}

/** Regroup jobs, one at a time (each rewrites a project's errors), kept in memory. */
export class RegroupService {
  private readonly jobs = new Map<string, RegroupJob>();
  private queue: Promise<void> = Promise.resolve();
  private refusal: Promise<string | undefined> | undefined;

  constructor(
    private readonly client: ClickHouseClient,
    private readonly log?: Logger,
  ) {}

  /**
   * Why no regroup can run on this store (the cluster schema mode), or undefined; asked before
   * start so the API can answer at once. The schema mode does not change while the processor runs.
   */
  unsupported(): Promise<string | undefined> {
    this.refusal ??= regroupRefusal(this.client).catch((err: unknown) => {
      this.refusal = undefined;
      throw err;
    });
    return this.refusal;
  }

  start(projectId: string, settings: GroupingSettings, dryRun: boolean, actor: string): RegroupJob {
    const job: RegroupJob = {
      id: `rg_${crypto.randomBytes(8).toString('hex')}`,
      projectId,
      dryRun,
      actor,
      status: 'running',
      phase: 'queued',
      phases: ['queued'],
      startedAt: Date.now(),
      finishedAt: null,
      version: FINGERPRINT_VERSION,
      total: 0,
      scanned: 0,
      moved: 0,
      rewritten: 0,
      fromVersions: {},
      issuesBefore: 0,
      issuesAfter: 0,
      merges: [],
      statesMoved: 0,
      error: '',
    };
    this.jobs.set(job.id, job);
    this.queue = this.queue.then(async () => {
      try {
        await runRegroup(this.client, job, settings);
        job.status = 'done';
        setPhase(job, 'done');
      } catch (err) {
        job.status = 'failed';
        job.error = (err as Error).message;
        this.log?.error({ err, regroup: job.id }, 'regroup failed');
      } finally {
        job.finishedAt = Date.now();
      }
    });
    return job;
  }

  get(projectId: string, id: string): RegroupJob | undefined {
    const job = this.jobs.get(id);
    return job?.projectId === projectId ? job : undefined;
  }
}
