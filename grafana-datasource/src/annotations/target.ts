import { migrateQuery } from '../query/migrate';
import { PulseTraceQuery } from '../types';

/** A saved annotation target (possibly old or malformed) as an annotation query: releases unless it says otherwise. */
export function migrateAnnotationTarget(raw: unknown): PulseTraceQuery {
  const query = migrateQuery(raw);
  return { ...query, annotation: query.annotation ?? 'releases' };
}
