/**
 * Every signal table as one kind of event, for the session timeline and the live tail: what an
 * event of each kind is called (`name`), what else to show (`detail`) and how long it took where
 * that applies. Expressions over the table's own columns only; every branch yields the same types
 * so the tables can be joined with UNION ALL. Branches name their columns `event_*`, never a column
 * name: ClickHouse lets WHERE and the other expressions see SELECT aliases, so `… AS received_at`
 * would turn the branch's `received_at > …` into a comparison with the alias, and `'long_task' AS
 * kind` would replace long_tasks' own `kind` column.
 */
import type { SignalTable } from '../../../store/rows';

export interface EventKind {
  table: SignalTable;
  kind: string;
  name: string;
  detail: string;
  /** Nullable(Float64) milliseconds. */
  durationMs: string;
}

const NO_DURATION = "CAST(NULL, 'Nullable(Float64)')";

export const EVENT_KINDS: readonly EventKind[] = [
  {
    table: 'page_views',
    kind: 'page_view',
    name: "if(route != '', route, url)",
    detail: 'title',
    // Page load time; soft navigations carry none.
    durationMs: 'if(duration_ms > 0, toFloat64(duration_ms), NULL)',
  },
  {
    table: 'web_vitals',
    kind: 'web_vital',
    name: 'toString(name)',
    detail: "concat(toString(round(value, 3)), if(rating != '', concat(' (', rating, ')'), ''))",
    durationMs: NO_DURATION,
  },
  {
    table: 'errors',
    kind: 'error',
    name: 'toString(exception_type)',
    detail: 'exception_message',
    durationMs: NO_DURATION,
  },
  {
    table: 'custom_events',
    kind: 'custom_event',
    name: 'toString(name)',
    detail: 'toJSONString(properties)',
    durationMs: NO_DURATION,
  },
  {
    table: 'http_requests',
    kind: 'http',
    name: "concat(method, ' ', if(url_template != '', url_template, http_url))",
    detail: "concat(toString(status_code), if(error_type != '', concat(' ', error_type), ''), ' ', http_url)",
    durationMs: 'toNullable(duration_ms)',
  },
  {
    table: 'long_tasks',
    kind: 'long_task',
    name: "if(invoker != '', invoker, toString(kind))",
    detail: 'script_url',
    durationMs: 'toNullable(duration_ms)',
  },
  {
    table: 'resources',
    kind: 'resource',
    name: 'toString(resource_type)',
    detail: 'resource_url',
    durationMs: 'toNullable(duration_ms)',
  },
];

/** The kinds in display order, for ordering events that share a millisecond (a page view first). */
export const KIND_ORDER = `[${EVENT_KINDS.map((k) => `'${k.kind}'`).join(', ')}]`;

/**
 * One branch's select list: `event_time`, `event_received` (epoch ms), `event_kind`, `event_name`,
 * `event_detail`, `event_duration_ms`, then the columns every table has, unrenamed.
 */
export function eventColumns(k: EventKind, passThrough: readonly string[]): string {
  return [
    'toUnixTimestamp64Milli(timestamp) AS event_time',
    'toUnixTimestamp64Milli(received_at) AS event_received',
    `'${k.kind}' AS event_kind`,
    `${k.name} AS event_name`,
    `${k.detail} AS event_detail`,
    `${k.durationMs} AS event_duration_ms`,
    ...passThrough,
  ].join(', ');
}
