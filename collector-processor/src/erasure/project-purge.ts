/**
 * Deleted projects lose their data once their restore window has passed: every row with their
 * `project_id` in every table (except the audit and the project's tombstone row), their source
 * maps, and any WAL segment that still held their rows. One pass runs every
 * PULSETRACE_PROJECT_PURGE_INTERVAL_MS on the replica holding the `project-purge` lease; a project purged once (a 'done' audit
 * record) is skipped, and a failed purge is retried by the next pass.
 */
import type { ClickHouseClient } from '@clickhouse/client';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import type { Metrics } from '../observability/metrics';
import type { ProjectStore } from '../projects/project-store';
import { selectRows } from '../store/query';
import { escapeSegment } from '../symbolicate/names';
import type { Wal } from '../wal/wal';
import { saveErasure, type ErasureRecord } from './audit';
import { DEFAULT_WAL_WAIT_MS, waitForStored } from './erase';
import { dataTables, deleteRows, type ClusterTarget } from './tables';
import type { JobGate } from '../scale/job-lease';

export interface ProjectPurgeOptions {
  client: ClickHouseClient;
  projects: ProjectStore;
  wal: Wal;
  /** Source maps live under `<dataDir>/sourcemaps/<project>`. */
  dataDir: string;
  intervalMs: number;
  log: Logger;
  /** Timer passes run only on the replica holding the `project-purge` lease (scale/job-lease.ts). */
  gate?: JobGate;
  /** pulsetrace_project_purges_total and pulsetrace_project_purge_rows_deleted_total. */
  metrics: Metrics;
  /** Store.cluster: set in the cluster schema mode (mutations ON CLUSTER on the local tables). */
  cluster?: ClusterTarget;
}

export interface ProjectPurge {
  /** One pass; returns the ids of the projects it purged. */
  runOnce(now?: number): Promise<string[]>;
  stop(): Promise<void>;
}

/** The audit id of a project's purge: the same on every instance, so repeated passes collapse. */
export const purgeId = (projectId: string) => `purge_${projectId}`;

async function purgeProject(o: ProjectPurgeOptions, projectId: string, now: number): Promise<void> {
  const record: ErasureRecord = {
    id: purgeId(projectId),
    projectId,
    kind: 'project',
    subjectSha256: '',
    actor: 'restore-window',
    requestedAt: now,
    finishedAt: null,
    status: 'running',
    rowsDeleted: 0,
    tables: {},
    error: '',
  };
  await saveErasure(o.client, record);
  try {
    // Rows acknowledged before the deletion may still be on their way to ClickHouse.
    await waitForStored(o.wal, DEFAULT_WAL_WAIT_MS);
    for (const t of await dataTables(o.client, o.cluster)) {
      if (!t.columns.has('project_id')) continue;
      const rows = await deleteRows(
        o.client,
        t.name,
        'project_id = {project:String}',
        { project: projectId },
        o.cluster,
      );
      if (rows > 0) record.tables[t.name] = rows;
      record.rowsDeleted += rows;
      o.metrics.projectPurgeRowsDeleted.inc(rows);
    }
    await fs.rm(path.join(path.resolve(o.dataDir, 'sourcemaps'), escapeSegment(projectId)), {
      recursive: true,
      force: true,
    });
    await o.wal.releaseStored();
    record.status = 'done';
  } catch (err) {
    record.status = 'failed';
    record.error = (err as Error).message;
    o.log.error({ err, project: projectId }, 'purging a deleted project failed; the next pass retries');
  }
  o.metrics.projectPurges.inc({ status: record.status });
  record.finishedAt = Date.now();
  await saveErasure(o.client, record);
}

export function startProjectPurge(o: ProjectPurgeOptions): ProjectPurge {
  let running: Promise<string[]> | undefined;
  let stopped = false;

  async function pass(now: number): Promise<string[]> {
    const expired = o.projects
      .list({ includeDeleted: true })
      .filter((p) => p.deletedAt !== null && now - p.deletedAt > o.projects.restoreWindowMs)
      .map((p) => p.id);
    if (expired.length === 0) return [];
    const done = await selectRows<{ project_id: string }>(
      o.client,
      `SELECT project_id FROM data_erasures FINAL
       WHERE kind = 'project' AND status = 'done' AND project_id IN {ids:Array(String)}`,
      { ids: expired },
    );
    const purged = new Set(done.map((r) => r.project_id));
    const todo = expired.filter((id) => !purged.has(id));
    for (const id of todo) {
      if (stopped) break;
      o.log.info({ project: id }, 'restore window passed: removing the deleted project’s data');
      await purgeProject(o, id, now);
    }
    return todo;
  }

  const runOnce = (now = Date.now()) => (running ??= pass(now).finally(() => (running = undefined)));
  const timer = setInterval(() => {
    (o.gate ? o.gate.run(() => runOnce()) : runOnce()).catch((err) =>
      o.log.warn({ err }, 'project purge pass failed'),
    );
  }, o.intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}
