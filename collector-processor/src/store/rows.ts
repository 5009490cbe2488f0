/**
 * Row shapes for the WAL tables, as inserted with JSONEachRow: produced from the schema table in
 * columns.ts (types and scrub policies of every column, with their doc comments), so a column is
 * declared once. Times are strings of epoch seconds with milliseconds ("1763780000.123").
 */
import type { RowOf } from './column-spec';
import type {
  COMMON,
  CUSTOM_EVENTS,
  ERRORS,
  HTTP_REQUESTS,
  INGEST_BATCHES,
  LONG_TASKS,
  PAGE_VIEWS,
  RESOURCES,
  WEB_VITALS,
} from './columns';

export type CommonRow = RowOf<typeof COMMON>;
export type PageViewRow = RowOf<typeof PAGE_VIEWS>;
export type WebVitalRow = RowOf<typeof WEB_VITALS>;
export type ErrorRow = RowOf<typeof ERRORS>;
export type CustomEventRow = RowOf<typeof CUSTOM_EVENTS>;
export type HttpRequestRow = RowOf<typeof HTTP_REQUESTS>;
export type LongTaskRow = RowOf<typeof LONG_TASKS>;
export type ResourceRow = RowOf<typeof RESOURCES>;
/** One row per (project, batch id) stored: what makes a resent browser batch a duplicate. */
export type IngestBatchRow = RowOf<typeof INGEST_BATCHES>;

/** One stack frame as the mappers parse it, before it is spread over the `frames.*` columns. */
export interface StackFrame {
  filename: string;
  function: string;
  lineno: number;
  colno: number;
  in_app: number;
}

export interface RumRows {
  page_views: PageViewRow[];
  web_vitals: WebVitalRow[];
  errors: ErrorRow[];
  custom_events: CustomEventRow[];
  http_requests: HttpRequestRow[];
  long_tasks: LongTaskRow[];
  resources: ResourceRow[];
}

export type SignalTable = keyof RumRows;

export const SIGNAL_TABLES: readonly SignalTable[] = [
  'page_views',
  'web_vitals',
  'errors',
  'custom_events',
  'http_requests',
  'long_tasks',
  'resources',
];

/** Every table the WAL carries rows for: the signal tables plus the batch-id log (migration 0003). */
export type WalTable = SignalTable | 'ingest_batches';

/**
 * A WAL payload names each chunk's table by its index in this list, so it only ever grows at the
 * end: records written before a table was added keep decoding to the same tables.
 */
export const WAL_TABLES: readonly WalTable[] = [...SIGNAL_TABLES, 'ingest_batches'];

export function emptyRumRows(): RumRows {
  return {
    page_views: [],
    web_vitals: [],
    errors: [],
    custom_events: [],
    http_requests: [],
    long_tasks: [],
    resources: [],
  };
}

export function countRows(rows: RumRows): number {
  let n = 0;
  for (const table of SIGNAL_TABLES) n += rows[table].length;
  return n;
}
