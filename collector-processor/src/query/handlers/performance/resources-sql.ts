/** SQL for the `resources` query type: Resource Timing entries (scripts, styles, images, fetches…). */
import { Params, type BuiltSql } from '../../params';
import type { QueryBase } from '../../schema';
import { whereClause } from '../../sql';
import { dimensionSelect, list } from './shared';

export const RESOURCE_VIEWS = ['by_type', 'top_urls'] as const;
export type ResourceView = (typeof RESOURCE_VIEWS)[number];
export type ResourcesQuery = QueryBase & { view: ResourceView; resourceTypes?: string[] };

/**
 * Per group: count, duration, bytes over the network, and the share served from the browser
 * cache: nothing transferred but a body decoded. (Cross-origin entries without Timing-Allow-Origin
 * report zeros for both sizes, so they count as neither.)
 */
const MEASURES =
  'count() AS count, avg(duration_ms) AS avg_duration_ms, quantileTDigest(0.95)(duration_ms) AS p95_duration_ms,' +
  ' avg(transfer_size) AS avg_transfer_size, sum(transfer_size) AS total_transfer_size,' +
  ' countIf(transfer_size = 0 AND decoded_body_size > 0) / count() AS cache_hit_share';

export function buildResourcesSql(q: ResourcesQuery): BuiltSql {
  const p = new Params();
  const keys = [...q.groupBy, 'resource_type', ...(q.view === 'top_urls' ? ['resource_url'] : [])];
  const selected = [
    ...dimensionSelect(q.groupBy),
    'resource_type',
    ...(q.view === 'top_urls' ? ['resource_url'] : []),
  ];
  const conditions = [whereClause(q, p)];
  if (q.resourceTypes) conditions.push(`resource_type IN ${p.add('Array(String)', q.resourceTypes)}`);
  const sql =
    `SELECT ${list(selected, MEASURES)} FROM resources WHERE ${conditions.join(' AND ')}` +
    ` GROUP BY ${list(keys)} ORDER BY ${list('count DESC', keys)} LIMIT ${p.add('UInt32', q.limit)}`;
  return { sql, params: p.values };
}
