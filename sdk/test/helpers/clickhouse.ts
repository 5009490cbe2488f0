/**
 * Reads what landed in ClickHouse through the running processor's own @clickhouse/client (the
 * embedded chDB is private to the processor's process, which is this jest worker).
 */
import type { RunningProcessor } from '../../../collector-processor/src/processor';
import type {
  CustomEventRow,
  ErrorRow,
  HttpRequestRow,
  PageViewRow,
  SignalTable,
  WebVitalRow,
} from '../../../collector-processor/src/store/rows';

export type { CustomEventRow, ErrorRow, HttpRequestRow, PageViewRow, WebVitalRow };

export async function queryRows<T>(
  processor: RunningProcessor,
  query: string,
  params: Record<string, unknown> = {},
): Promise<T[]> {
  const result = await processor.store.client.query({ query, query_params: params, format: 'JSONEachRow' });
  return result.json<T>();
}

export interface RowQuery {
  table: SignalTable;
  projectId: string;
  /** Extra SQL condition, e.g. `name = {name:String}`; parameters in `params`. */
  where?: string;
  params?: Record<string, unknown>;
}

/** The project's rows of one table, oldest first. */
export function projectRows<T>(processor: RunningProcessor, q: RowQuery): Promise<T[]> {
  return queryRows<T>(
    processor,
    `SELECT * FROM ${q.table} WHERE project_id = {project:String} AND (${q.where ?? '1'})
     ORDER BY timestamp, received_at, event_id`,
    { ...q.params, project: q.projectId },
  );
}

/**
 * Polls until at least `count` rows match, then waits for the processor to drain what it has
 * accepted and reads once more (so late duplicates are counted too). On timeout the error carries
 * what did land and `diagnostics()` (what the browser sent, console output).
 */
export async function waitForRows<T>(
  processor: RunningProcessor,
  q: RowQuery & { count: number; timeoutMs?: number; diagnostics?: () => string },
): Promise<T[]> {
  const timeoutMs = q.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const rows = await projectRows<T>(processor, q);
    if (rows.length >= q.count) break;
    if (Date.now() > deadline) {
      throw new Error(
        `expected ${q.count} ${q.table} rows${q.where ? ` where ${q.where} ${JSON.stringify(q.params ?? {})}` : ''}` +
          ` within ${timeoutMs} ms, found ${rows.length}:\n${JSON.stringify(rows.map(summarizeRow), null, 1)}` +
          `\n--- diagnostics ---\n${q.diagnostics?.() ?? ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await processor.drained();
  return projectRows<T>(processor, q);
}

/** The columns worth printing in a failure message. */
export function summarizeRow(row: unknown): Record<string, unknown> {
  const r = row as Record<string, unknown>;
  const keep = [
    'name',
    'url',
    'http_url',
    'status_code',
    'exception_type',
    'exception_message',
    'is_soft_navigation',
    'session_id',
    'page_view_id',
    'user_id',
    'value',
    'properties',
  ];
  return Object.fromEntries(keep.filter((k) => k in r).map((k) => [k, r[k]]));
}
