/**
 * SQL for GET /api/v1/projects/:id/values/:kind: distinct values of one column (or of custom event
 * properties) with how often each occurs, for Grafana template variables and filter suggestions.
 * Each kind reads the smallest signal table that has it: page views carry every page dimension
 * once per page, custom_events the event names and properties.
 */
import { Params, type BuiltSql } from './params';
import { MAX_RANGE_MS, type QueryBase } from './schema';
import { whereClause } from './sql';
import type { ValueKind, ValuesQuery } from './values';

/** Default range when the caller sends none: the last 7 days. */
export const DEFAULT_VALUES_RANGE_MS = 7 * 86400_000;

const COLUMN_KINDS: Partial<Record<ValueKind, { table: string; column: string }>> = {
  releases: { table: 'page_views', column: 'release' },
  environments: { table: 'page_views', column: 'environment' },
  routes: { table: 'page_views', column: 'route' },
  browsers: { table: 'page_views', column: 'browser_name' },
  os: { table: 'page_views', column: 'os_name' },
  devices: { table: 'page_views', column: 'device_type' },
  countries: { table: 'page_views', column: 'country' },
  event_names: { table: 'custom_events', column: 'name' },
};

/** The range asked for, filled in from `now`; or what is wrong with it. */
export function valuesRange(
  q: Pick<ValuesQuery, 'from' | 'to'>,
  now: number,
): { from: number; to: number } | { error: string } {
  const to = q.to ?? now;
  const from = q.from ?? to - DEFAULT_VALUES_RANGE_MS;
  if (from >= to) return { error: 'from must be before to' };
  if (to - from > MAX_RANGE_MS) return { error: 'the time range is at most 400 days' };
  return { from, to };
}

/** What a kind needs besides the range, as a sentence; undefined when the request is complete. */
export function missingForKind(kind: ValueKind, q: Pick<ValuesQuery, 'key'>): string | undefined {
  return kind === 'property_values' && q.key === undefined
    ? 'property_values needs key (the custom event property whose values to list)'
    : undefined;
}

export function buildValuesSql(
  project: string,
  kind: ValueKind,
  q: Omit<ValuesQuery, 'from' | 'to'> & { from: number; to: number },
): BuiltSql {
  const p = new Params();
  const base: QueryBase = {
    refId: 'values',
    project,
    from: q.from,
    to: q.to,
    maxDataPoints: 1,
    filters: {},
    exclude: {},
    groupBy: [],
    includeBots: false,
    limit: q.limit,
  };
  const conditions = [whereClause(base, p)];
  let table = 'custom_events';
  let value: string;
  const known = COLUMN_KINDS[kind];
  if (known) {
    table = known.table;
    value = known.column;
  } else if (kind === 'property_keys') {
    value = 'arrayJoin(mapKeys(properties))';
  } else {
    const key = p.add('String', q.key ?? '');
    value = `properties[${key}]`;
    conditions.push(`mapContains(properties, ${key})`);
  }
  if (q.event !== undefined && (kind === 'property_keys' || kind === 'property_values'))
    conditions.push(`name = ${p.add('String', q.event)}`);
  // On the grouped value, so property keys are unrolled once; ClickHouse moves conditions on the
  // grouping key below the aggregation anyway.
  const having = ["value != ''"];
  if (q.search) having.push(`positionCaseInsensitiveUTF8(value, ${p.add('String', q.search)}) > 0`);
  const sql =
    `SELECT ${value} AS value, count() AS count FROM ${table} WHERE ${conditions.join(' AND ')}` +
    ` GROUP BY value HAVING ${having.join(' AND ')} ORDER BY count DESC, value LIMIT ${p.add('UInt32', q.limit)}`;
  return { sql, params: p.values };
}
