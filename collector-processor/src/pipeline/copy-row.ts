import type { SignalTable } from '../store/rows';

/**
 * A shallow copy of one row, for a stage that changes every row (copy, never mutate: stages.ts).
 * One spread per table on purpose: V8 copies fast an object whose shape it has seen at that
 * spread, and a single spread shared by the seven tables' shapes goes megamorphic and is about 5×
 * slower (1.3 against 0.25 µs per row, bench/ingest/stages.ts in docs/benchmarks.md).
 */
export function copyRow<R extends object>(table: SignalTable, row: R): R {
  switch (table) {
    case 'page_views':
      return { ...row };
    case 'web_vitals':
      return { ...row };
    case 'errors':
      return { ...row };
    case 'custom_events':
      return { ...row };
    case 'http_requests':
      return { ...row };
    case 'long_tasks':
      return { ...row };
    case 'resources':
      return { ...row };
  }
}
