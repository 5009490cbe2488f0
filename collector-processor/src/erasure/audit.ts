/** The erasure audit (migration 0009): who erased what, when, and how many rows per table. */
import type { ClickHouseClient } from '@clickhouse/client';
import crypto from 'node:crypto';
import { selectRows } from '../store/query';
import { fromDateTime64, toDateTime64 } from '../store/time';

export type ErasureKind = 'user' | 'visitor' | 'project';
export type ErasureStatus = 'running' | 'done' | 'failed';

export interface ErasureRecord {
  id: string;
  projectId: string;
  kind: ErasureKind;
  /** SHA-256 (hex) of `<kind>:<id>`; empty for a project purge. The id itself is not kept. */
  subjectSha256: string;
  actor: string;
  requestedAt: number;
  finishedAt: number | null;
  status: ErasureStatus;
  rowsDeleted: number;
  /** Rows deleted per table (tables with none are left out). */
  tables: Record<string, number>;
  error: string;
}

export function subjectHash(kind: ErasureKind, subject: string): string {
  return crypto.createHash('sha256').update(`${kind}:${subject}`).digest('hex');
}

let lastVersion = 0;

/** Writes the record's current state; the newest write of an id wins (ReplacingMergeTree). */
export async function saveErasure(client: ClickHouseClient, r: ErasureRecord): Promise<void> {
  lastVersion = Math.max(lastVersion + 1, Date.now() * 1000);
  await client.insert({
    table: 'data_erasures',
    format: 'JSONEachRow',
    values: [
      {
        id: r.id,
        project_id: r.projectId,
        kind: r.kind,
        subject_sha256: r.subjectSha256,
        actor: r.actor,
        requested_at: toDateTime64(r.requestedAt),
        finished_at: r.finishedAt === null ? null : toDateTime64(r.finishedAt),
        status: r.status,
        rows_deleted: r.rowsDeleted,
        tables: r.tables,
        error: r.error,
        version: lastVersion,
      },
    ],
  });
}

interface ErasureRow {
  id: string;
  project_id: string;
  kind: ErasureKind;
  subject_sha256: string;
  actor: string;
  requested_at: string;
  finished_at: string | null;
  status: ErasureStatus;
  rows_deleted: string | number;
  tables: Record<string, string | number>;
  error: string;
}

/** A project's erasure records, newest first; `id` narrows to one, `kind` to one kind. */
export async function listErasures(
  client: ClickHouseClient,
  projectId: string,
  filter: { id?: string; kind?: ErasureKind } = {},
): Promise<ErasureRecord[]> {
  const rows = await selectRows<ErasureRow>(
    client,
    `SELECT * FROM data_erasures FINAL
     WHERE project_id = {project:String}
       AND ({id:String} = '' OR id = {id:String}) AND ({kind:String} = '' OR kind = {kind:String})
     ORDER BY requested_at DESC
     LIMIT 1000`,
    { project: projectId, id: filter.id ?? '', kind: filter.kind ?? '' },
  );
  return rows.map((r) => ({
    id: r.id,
    projectId: r.project_id,
    kind: r.kind,
    subjectSha256: r.subject_sha256,
    actor: r.actor,
    requestedAt: fromDateTime64(r.requested_at),
    finishedAt: r.finished_at === null ? null : fromDateTime64(r.finished_at),
    status: r.status,
    rowsDeleted: Number(r.rows_deleted),
    tables: Object.fromEntries(Object.entries(r.tables).map(([t, n]) => [t, Number(n)])),
    error: r.error,
  }));
}
