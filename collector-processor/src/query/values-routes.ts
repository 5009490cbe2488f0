/**
 * GET /api/v1/projects/:id/values/:kind (contract in values.ts): `{values: [{value, count}]}`,
 * most frequent first. The token must reach the project (requireToken answers 404 otherwise).
 */
import type { ClickHouseClient } from '@clickhouse/client';
import express from 'express';
import type { Logger } from 'pino';
import { requireToken, type Tokens } from '../http/auth';
import type { ProjectStore } from '../projects/project-store';
import { runSql } from './handler';
import { describeIssues, explainQueryError } from './routes';
import { VALUE_KINDS, ValuesQuery, type ValueKind } from './values';
import { buildValuesSql, missingForKind, valuesRange } from './values-sql';

export interface ValuesRouteDeps {
  projects: ProjectStore;
  client: ClickHouseClient;
  tokens: Tokens;
  log: Logger;
}

const isKind = (kind: string): kind is ValueKind => (VALUE_KINDS as readonly string[]).includes(kind);

export function valuesRoutes({ projects, client, tokens, log }: ValuesRouteDeps) {
  const router = express.Router();
  router.get('/projects/:id/values/:kind', requireToken(tokens, 'read'), async (req, res) => {
    const { id, kind } = req.params as { id: string; kind: string };
    if (!projects.get(id)) return res.status(404).json({ error: `no project ${id}` });
    if (!isKind(kind))
      return res
        .status(400)
        .json({ error: `unknown kind ${kind.slice(0, 100)}: kinds are ${VALUE_KINDS.join(', ')}` });
    const parsed = ValuesQuery.safeParse(req.query);
    if (!parsed.success) {
      const issues = describeIssues(parsed.error);
      return res.status(400).json({
        error: `invalid query parameters: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`,
        issues,
      });
    }
    const range = valuesRange(parsed.data, Date.now());
    if ('error' in range) return res.status(400).json({ error: range.error });
    const missing = missingForKind(kind, parsed.data);
    if (missing) return res.status(400).json({ error: missing });
    try {
      const built = buildValuesSql(id, kind, { ...parsed.data, ...range });
      const rows = await runSql<{ value: string; count: number }>({ client, now: Date.now() }, built);
      res.json({ values: rows.map((r) => ({ value: String(r.value), count: Number(r.count) })) });
    } catch (err) {
      log.error({ err, kind, project: id }, 'values query failed');
      res.status(500).json({ error: explainQueryError(err) });
    }
  });
  return router;
}
