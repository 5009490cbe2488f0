/**
 * Data-subject erasure: every row of one user id or visitor id in a project, in every table that
 * has the column, and the per-session pre-aggregates (`sessions`) of the sessions those rows were
 * in. Rows still in the write-ahead log are stored first, so an erasure covers everything
 * acknowledged before it was asked for, and the WAL segments that held them are deleted after.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import crypto from 'node:crypto';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics';
import { comparePositions } from '../wal/segments';
import type { Wal } from '../wal/wal';
import { saveErasure, listErasures, subjectHash, type ErasureRecord } from './audit';
import { dataTables, deleteRows, type ClusterTarget } from './tables';

export type SubjectKind = 'user' | 'visitor';
export const SUBJECT_COLUMN: Record<SubjectKind, string> = { user: 'user_id', visitor: 'visitor_id' };

/** How long an erasure waits for the WAL to be stored before giving up (ClickHouse behind). */
export const DEFAULT_WAL_WAIT_MS = 60_000;

/** An erasure as the API shows it: the audit record, and while it runs, what it is doing. */
export type ErasureView = ErasureRecord & { phase: string };

/** Waits until every row the WAL held when called is stored; throws after `timeoutMs`. */
export async function waitForStored(wal: Wal, timeoutMs: number): Promise<void> {
  const target = wal.durableEnd();
  const deadline = Date.now() + timeoutMs;
  while (comparePositions(wal.checkpointPosition(), target) < 0) {
    if (Date.now() > deadline)
      throw new Error(
        `rows received before the request were still in the write-ahead log after ${timeoutMs} ms ` +
          '(ClickHouse is not keeping up; see /readyz and /metrics); nothing was deleted, retry later',
      );
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * Deletes one subject's rows. Event tables lose the rows carrying the id; aggregate tables with a
 * `session_id` (sessions) also lose every session the subject's events were in, because a merged
 * session row mixes all of its events (entry and exit URL, any of its user ids).
 */
export async function eraseSubjectRows(
  client: ClickHouseClient,
  projectId: string,
  kind: SubjectKind,
  subject: string,
  /** Called before each table (rows undefined) and after it, with the rows it lost. */
  onTable: (table: string, rows: number | undefined, step: string) => void,
  /** Store.cluster: in the cluster schema mode, deletes from every node's local tables. */
  cluster?: ClusterTarget,
): Promise<void> {
  const column = SUBJECT_COLUMN[kind];
  const all = await dataTables(client, cluster);
  const tables = all.filter((t) => t.columns.has('project_id') && t.columns.has(column));
  // Tables keeping whole rows as JSON text (dead_letters): the id is a field inside the text.
  const rawTables = all.filter(
    (t) => t.columns.has('project_id') && t.columns.has('raw_row') && !t.columns.has(column),
  );
  const isAggregate = (engine: string) => engine.includes('Aggregating');
  const base = `project_id = {project:String} AND ${column} = {subject:String}`;
  const params = { project: projectId, subject };
  const sessions = new Set<string>();
  for (const t of tables.filter((t) => !isAggregate(t.engine) && t.columns.has('session_id'))) {
    const found = await client.query({
      query: `SELECT DISTINCT session_id FROM ${t.name} WHERE ${base} AND session_id != ''`,
      query_params: params,
      format: 'JSONCompactEachRow',
    });
    for (const [id] of await found.json<[string]>()) sessions.add(id);
  }
  for (const [i, t] of tables.entries()) {
    const step = `${i + 1} of ${tables.length} tables`;
    onTable(t.name, undefined, step);
    const bySession = isAggregate(t.engine) && t.columns.has('session_id') && sessions.size > 0;
    const where = bySession
      ? `project_id = {project:String} AND (${column} = {subject:String} OR session_id IN {sessions:Array(String)})`
      : base;
    onTable(
      t.name,
      await deleteRows(client, t.name, where, { ...params, sessions: [...sessions] }, cluster),
      step,
    );
  }
  for (const t of rawTables) {
    onTable(t.name, undefined, 'rows kept as text');
    const where = `project_id = {project:String} AND (JSONExtractString(raw_row, {column:String}) = {subject:String}
      OR position(raw_row, {needle:String}) > 0)`;
    const needle = `"${column}":${JSON.stringify(subject)}`;
    onTable(
      t.name,
      await deleteRows(client, t.name, where, { ...params, column, needle }, cluster),
      'rows kept as text',
    );
  }
}

export interface ErasureDeps {
  client: ClickHouseClient;
  wal: Wal;
  log: Logger;
  /** pulsetrace_erasures_total and pulsetrace_erasure_rows_deleted_total. */
  metrics: Metrics;
  walWaitMs?: number;
  /** Store.cluster: set in the cluster schema mode (mutations ON CLUSTER on the local tables). */
  cluster?: ClusterTarget;
}

/**
 * Runs erasures one at a time (each is a set of mutations over whole tables) and keeps their
 * progress in memory while they run; the audit table holds every erasure's outcome.
 */
export class ErasureService {
  private readonly active = new Map<string, ErasureView>();
  private queue: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ErasureDeps) {}

  start(projectId: string, kind: SubjectKind, subject: string, actor: string): ErasureView {
    const record: ErasureView = {
      id: `er_${crypto.randomBytes(8).toString('hex')}`,
      projectId,
      kind,
      subjectSha256: subjectHash(kind, subject),
      actor,
      requestedAt: Date.now(),
      finishedAt: null,
      status: 'running',
      rowsDeleted: 0,
      tables: {},
      error: '',
      phase: 'queued',
    };
    this.active.set(record.id, record);
    this.queue = this.queue.then(() => this.run(record, subject));
    return record;
  }

  private async run(record: ErasureView, subject: string): Promise<void> {
    const { client, wal, log, metrics } = this.deps;
    try {
      await saveErasure(client, record);
      record.phase = 'waiting for rows in the write-ahead log to be stored';
      await waitForStored(wal, this.deps.walWaitMs ?? DEFAULT_WAL_WAIT_MS);
      await eraseSubjectRows(
        client,
        record.projectId,
        record.kind as SubjectKind,
        subject,
        (table, rows, step) => {
          if (rows === undefined) return void (record.phase = `erasing ${table} (${step})`);
          if (rows > 0) {
            record.tables[table] = rows;
            metrics.erasureRowsDeleted.inc({ table }, rows);
          }
          record.rowsDeleted += rows;
        },
        this.deps.cluster,
      );
      // The erased rows are stored, so their WAL segments can go now rather than within the max age.
      await wal.releaseStored();
      record.status = 'done';
    } catch (err) {
      record.status = 'failed';
      record.error = (err as Error).message;
      log.error({ err, erasure: record.id, project: record.projectId }, 'data erasure failed');
    }
    metrics.erasures.inc({ kind: record.kind, status: record.status });
    record.finishedAt = Date.now();
    record.phase = record.status;
    try {
      await saveErasure(client, record);
      this.active.delete(record.id);
    } catch (err) {
      // Kept in memory so the API still reports the outcome; the log has it too.
      log.error({ err, erasure: record }, 'could not record the outcome of a data erasure');
    }
  }

  async get(projectId: string, id: string): Promise<ErasureView | undefined> {
    const running = this.active.get(id);
    if (running) return running.projectId === projectId ? running : undefined;
    const [stored] = await listErasures(this.deps.client, projectId, { id });
    return stored && { ...stored, phase: stored.status };
  }

  async list(projectId: string): Promise<ErasureView[]> {
    const stored = await listErasures(this.deps.client, projectId);
    const queued = [...this.active.values()].filter(
      (a) => a.projectId === projectId && !stored.some((r) => r.id === a.id),
    );
    return [...queued, ...stored.map((r) => this.active.get(r.id) ?? { ...r, phase: r.status })];
  }

  /** Resolves when every queued erasure has finished. */
  idle(): Promise<void> {
    return this.queue;
  }
}
