import type { ClickHouseClient } from '@clickhouse/client';
import { SIGNAL_TABLES, type SignalTable } from '../store/rows';
import { fromDateTime64, UNIX_TIME_OUTPUT } from '../store/time';

/** Names used in the stats response, one per signal table. */
const SIGNAL_NAMES: Record<SignalTable, string> = {
  page_views: 'pageViews',
  web_vitals: 'webVitals',
  errors: 'errors',
  custom_events: 'events',
  http_requests: 'http',
  long_tasks: 'longTasks',
  resources: 'resources',
};

export function statsQuery(): string {
  return SIGNAL_TABLES.map(
    (t) =>
      `SELECT '${t}' AS signal, count() AS rows, max(received_at) AS last FROM ${t} WHERE project_id = {project:String}`,
  ).join('\nUNION ALL\n');
}

/** Row counts per signal and the last time anything arrived; what onboarding polls. */
export async function projectStats(client: ClickHouseClient, projectId: string) {
  const result = await client.query({
    query: statsQuery(),
    query_params: { project: projectId },
    format: 'JSONEachRow',
    clickhouse_settings: UNIX_TIME_OUTPUT,
  });
  const rows = await result.json<{ signal: SignalTable; rows: string | number; last: string }>();
  const counts: Record<string, number> = {};
  let last = 0;
  for (const r of rows) {
    counts[SIGNAL_NAMES[r.signal]] = Number(r.rows);
    if (Number(r.rows) > 0) last = Math.max(last, fromDateTime64(r.last));
  }
  return { projectId, counts, lastReceivedAt: last > 0 ? new Date(last).toISOString() : null };
}
