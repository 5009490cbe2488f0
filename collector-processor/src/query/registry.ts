/**
 * Every query type, and the request schema made from them. Add a type by adding its handler to
 * its area's `handlers/<area>/index.ts`; the schema, the route and the OpenAPI document follow.
 */
import { z } from 'zod';
import type { RegisteredHandler } from './handler';
import { handlers as alertHandlers } from './handlers/alerts';
import { handlers as errorHandlers } from './handlers/errors';
import { handlers as insightHandlers } from './handlers/insights';
import { handlers as performanceHandlers } from './handlers/performance';
import { handlers as webHandlers } from './handlers/web';
import { checkRange } from './schema';

export const HANDLERS: RegisteredHandler[] = [
  ...webHandlers,
  ...errorHandlers,
  ...performanceHandlers,
  ...insightHandlers,
  ...alertHandlers,
];

export const MAX_QUERIES_PER_REQUEST = 20;

/** zod's discriminated union takes a non-empty tuple; the registry is never empty. */
function atLeastOne<T>(items: T[]): [T, ...T[]] {
  const [first, ...rest] = items;
  if (first === undefined) throw new Error('no query types registered');
  return [first, ...rest];
}

/**
 * One query: the union of the types' schemas, keyed by `type`, with the shared range checks. Its
 * output is the query bound to the handler whose schema accepted it (`BoundQuery.run`), so the
 * route never looks a handler up by name nor casts the query to the handler's type.
 */
export function querySchemaOf(handlers: RegisteredHandler[]) {
  return z
    .discriminatedUnion('type', atLeastOne(handlers.map((h) => h.parser)), {
      error: (issue) =>
        issue.code === 'invalid_union'
          ? `type must be one of ${handlers.map((h) => h.type).join(', ')}`
          : undefined,
    })
    .superRefine((q, ctx) => checkRange(q, ctx));
}

/** The request schema of POST /api/v1/query (and of the OpenAPI document's `Query`). */
export function querySchema() {
  return querySchemaOf(HANDLERS);
}
