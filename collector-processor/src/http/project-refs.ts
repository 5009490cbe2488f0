/**
 * Project references in request bodies: a query's `project` may be a project's id or its unique
 * live name, as `:id` in paths may (requireToken, auth.ts). Both go through resolveForToken.
 */
import type { NextFunction, Request, Response } from 'express';
import { ambiguousName, resolveForToken, type ProjectResolver } from './auth';

/**
 * POST /api/v1/query middleware (after requireToken): each query's `project`, given by name, is
 * replaced by the id it names before validation, so handlers and their SQL only see ids. Unknown
 * references are left for the route's 404; a name several reachable projects share answers 400.
 */
export function queryProjectIds(projects: ProjectResolver) {
  return (req: Request, res: Response, next: NextFunction) => {
    const body: unknown = req.body;
    const batch = isObject(body) && Array.isArray(body.queries) ? body.queries : undefined;
    const queries: unknown[] = batch ?? [body];
    for (const q of queries) {
      if (!isObject(q) || typeof q.project !== 'string') continue;
      const found = resolveForToken(projects, res, q.project);
      if ('ambiguous' in found)
        return res.status(400).json({ error: ambiguousName(q.project, found.ambiguous) });
      if ('project' in found) q.project = found.project.id;
    }
    next();
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
