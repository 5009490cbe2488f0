import { migrateQuery } from '../query/migrate';
import { isRecord } from '../query/coerce';
import { PulseTraceQuery } from '../types';

/** A saved annotation target (possibly old or malformed) as an annotation query: releases unless it says otherwise. */
export function migrateAnnotationTarget(raw: unknown): PulseTraceQuery {
  const query = migrateQuery(raw);
  const annotation = query.annotation ?? 'releases';
  // Alert annotations keep their filters (states, severities, rules) as the alerts type's options,
  // which migrateQuery keeps only on a query of that type.
  if (annotation === 'alerts' && query.type !== 'alerts' && isRecord(raw)) {
    return { ...migrateQuery({ ...raw, type: 'alerts' }), annotation };
  }
  return { ...query, annotation };
}
