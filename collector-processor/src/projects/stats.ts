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
      `SELECT '${t}' AS signal, count() AS rows, countIf(is_bot = 1) AS bots, max(received_at) AS last FROM ${t} WHERE project_id = {project:String}`,
  ).join('\nUNION ALL\n');
}

/**
 * Row counts per signal and the last time anything arrived; what onboarding polls. `counts` is
 * every stored row, bots included (a headless test browser is a bot, and onboarding must see it
 * arrive); `countsExcludingBots` is what the query API counts by default (includeBots: false) and
 * the pre-aggregates hold; `botCounts` the difference.
 */
export async function projectStats(client: ClickHouseClient, projectId: string) {
  const result = await client.query({
    query: statsQuery(),
    query_params: { project: projectId },
    format: 'JSONEachRow',
    clickhouse_settings: UNIX_TIME_OUTPUT,
  });
  const rows = await result.json<{
    signal: SignalTable;
    rows: string | number;
    bots: string | number;
    last: string;
  }>();
  const counts: Record<string, number> = {};
  const botCounts: Record<string, number> = {};
  const countsExcludingBots: Record<string, number> = {};
  let last = 0;
  for (const r of rows) {
    const name = SIGNAL_NAMES[r.signal];
    counts[name] = Number(r.rows);
    botCounts[name] = Number(r.bots);
    countsExcludingBots[name] = Number(r.rows) - Number(r.bots);
    if (Number(r.rows) > 0) last = Math.max(last, fromDateTime64(r.last));
  }
  return {
    projectId,
    counts,
    countsExcludingBots,
    botCounts,
    lastReceivedAt: last > 0 ? new Date(last).toISOString() : null,
  };
}
