/**
 * POST /api/v1/query: one query, or `{queries: [...]}` (at most 20). Thin: validate, check the
 * token may read each query's project, run the handlers, answer Grafana data frames keyed by refId.
 */
import express from 'express';
import type { Logger } from 'pino';
import type { ClickHouseClient } from '@clickhouse/client';
import { z } from 'zod';
import { describeIssues as describeFieldIssues } from '../http/api-errors';
import { grantAllows, requireToken, type Tokens } from '../http/auth';
import { queryProjectIds } from '../http/project-refs';
import type { Metrics } from '../observability/metrics';
import type { ProjectStore } from '../projects/project-store';
import type { BoundQuery } from './handler';
import { MAX_QUERIES_PER_REQUEST, querySchema } from './registry';
import type { QueryResponse, QueryResult } from './types';

export interface QueryRouteDeps {
  projects: ProjectStore;
  client: ClickHouseClient;
  tokens: Tokens;
  log: Logger;
  /** pulsetrace_query_duration_seconds; tests that build the router alone may leave it out. */
  metrics?: Pick<Metrics, 'queryDuration'>;
}

/** A zod error as plain sentences, each naming the field: `queries.0.from: from must be before to`. */
export const describeIssues = describeFieldIssues;

/** What a failed ClickHouse query means for the person looking at the panel. */
export function explainQueryError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/TIMEOUT_EXCEEDED|Timeout exceeded/i.test(message))
    return 'the query took longer than 30 seconds: narrow the time range or add filters';
  if (/MEMORY_LIMIT_EXCEEDED|memory limit/i.test(message))
    return 'the query needed more memory than ClickHouse allows: narrow the time range, add filters or lower the limit';
  return 'the query failed in ClickHouse; the processor log has the details';
}

/** A batch body; its queries are checked one by one, so each error names its index. */
const Batch = z.object({ queries: z.array(z.unknown()) });

export function queryRoutes({ projects, client, tokens, log, metrics }: QueryRouteDeps) {
  const router = express.Router();
  const schema = querySchema();
  router.use('/query', express.json({ limit: '256kb' }));

  router.post('/query', requireToken(tokens, 'read'), queryProjectIds(projects), async (req, res) => {
    // `{queries: [...]}` is a batch; anything else is one query (and fails as one if it is not).
    const batch = Batch.safeParse(req.body);
    const raw: unknown[] = batch.success ? batch.data.queries : [req.body];
    if (raw.length === 0 || raw.length > MAX_QUERIES_PER_REQUEST)
      return res.status(400).json({ error: `send between 1 and ${MAX_QUERIES_PER_REQUEST} queries` });
    const queries: BoundQuery[] = [];
    const invalid: Array<{ path: string; message: string }> = [];
    raw.forEach((q, i) => {
      const r = schema.safeParse(q);
      if (r.success) queries.push(r.data);
      else invalid.push(...describeIssues(r.error, batch.success ? ['queries', i] : []));
    });
    if (invalid.length)
      return res.status(400).json({
        error: `invalid query: ${invalid.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
        issues: invalid,
      });
    const refIds = new Set(queries.map((q) => q.refId));
    if (refIds.size !== queries.length)
      return res.status(400).json({ error: 'each query needs its own refId' });
    for (const q of queries) {
      // Same answer for a project that does not exist and one the token may not read.
      if (!projects.get(q.project) || !grantAllows(res, q.project))
        return res.status(404).json({ error: `no project ${q.project} for this token` });
    }
    const now = Date.now();
    const results = await Promise.all(
      queries.map(async (q): Promise<[string, QueryResult]> => {
        const done = metrics?.queryDuration.startTimer({ type: q.type });
        try {
          const frames = await q.run({ client, now });
          done?.({ status: 'ok' });
          return [q.refId, { status: 200, frames }];
        } catch (err) {
          done?.({ status: 'error' });
          log.error({ err, type: q.type, project: q.project }, 'query failed');
          return [q.refId, { status: 500, frames: [], error: explainQueryError(err) }];
        }
      }),
    );
    const response: QueryResponse = { results: Object.fromEntries(results) };
    const ok = results.some(([, r]) => r.status === 200);
    res.status(ok ? 200 : 500).json(response);
  });
  return router;
}
