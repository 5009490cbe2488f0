/**
 * Every query type, and the request schema made from them. Add a type by adding its handler to
 * its area's `handlers/<area>/index.ts`; the schema, the route and the OpenAPI document follow.
 */
import { z } from 'zod';
import type { QueryHandler } from './handler';
import { handlers as errorHandlers } from './handlers/errors';
import { handlers as performanceHandlers } from './handlers/performance';
import { handlers as webHandlers } from './handlers/web';
import { checkRange } from './schema';

export const HANDLERS: QueryHandler[] = [...webHandlers, ...errorHandlers, ...performanceHandlers];

const byType = new Map(HANDLERS.map((h) => [h.type, h]));

export function handlerFor(type: string): QueryHandler | undefined {
  return byType.get(type);
}

/** One query: the union of every type's schema, keyed by `type`, with the shared range checks. */
export function querySchema() {
  if (HANDLERS.length === 0) return z.object({ type: z.never() });
  const schemas = HANDLERS.map((h) => h.schema) as unknown as [z.ZodObject, ...z.ZodObject[]];
  return z
    .discriminatedUnion('type', schemas, {
      error: (issue) =>
        issue.code === 'invalid_union'
          ? `type must be one of ${HANDLERS.map((h) => h.type).join(', ')}`
          : undefined,
    })
    .superRefine((q, ctx) => checkRange(q as { from: number; to: number }, ctx));
}

export const MAX_QUERIES_PER_REQUEST = 20;
