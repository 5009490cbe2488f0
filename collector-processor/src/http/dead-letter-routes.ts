/**
 * Dead letters (admin only): rows ClickHouse rejected for their data, which the batch writer set
 * aside in `dead_letters` so the rest of their batch could be stored (migrations/0008). An admin
 * sees what was rejected and why, fixes the cause, and can re-insert `row` into `table`.
 */
import express from 'express';
import type { ClickHouseClient } from '@clickhouse/client';
import { selectRows } from '../store/query';
import { fromDateTime64 } from '../store/time';
import { badRequest } from './admin-routes';
import { grantAllows, grantedProjects, requireToken, type Tokens } from './auth';
import { DeadLetterQuery } from './schemas';

interface DeadLetterRow {
  project_id: string;
  table_name: string;
  failed_at: string;
  received_at: string;
  error_code: number;
  error: string;
  raw_row: string;
  wal_batch: string;
}

export function deadLetterRoutes(deps: { client: ClickHouseClient; tokens: Tokens }) {
  const router = express.Router();

  /** Newest first. A token limited to some projects sees only theirs (never rows without one). */
  router.get('/dead-letters', requireToken(deps.tokens, 'admin'), async (req, res) => {
    const parsed = DeadLetterQuery.safeParse(req.query);
    if (!parsed.success) return badRequest(res, parsed.error);
    const { project, table, limit } = parsed.data;
    if (project !== undefined && !grantAllows(res, project))
      return res.status(404).json({ error: `no project ${project} for this token` });
    const granted = grantedProjects(res);
    const rows = await selectRows<DeadLetterRow>(
      deps.client,
      `SELECT project_id, table_name, failed_at, received_at, error_code, error, raw_row, wal_batch
       FROM dead_letters
       WHERE ({project:String} = '' OR project_id = {project:String})
         AND ({table:String} = '' OR table_name = {table:String})
         AND ({all:UInt8} = 1 OR has({granted:Array(String)}, project_id))
       ORDER BY failed_at DESC
       LIMIT {limit:UInt32}`,
      {
        project: project ?? '',
        table: table ?? '',
        all: granted === 'all' ? 1 : 0,
        granted: granted === 'all' ? [] : granted,
        limit,
      },
    );
    res.json({
      deadLetters: rows.map((r) => ({
        projectId: r.project_id,
        table: r.table_name,
        failedAt: new Date(fromDateTime64(r.failed_at)).toISOString(),
        receivedAt: Number(r.received_at) > 0 ? new Date(fromDateTime64(r.received_at)).toISOString() : null,
        errorCode: Number(r.error_code),
        error: r.error,
        row: r.raw_row,
        walBatch: r.wal_batch,
      })),
    });
  });
  return router;
}
