/**
 * SQL for the `http` query type: browser HTTP client requests per endpoint template. Reads the
 * http_requests_1m pre-aggregate when the query fits its columns, the raw table otherwise; both
 * paths compute the same columns (inner aggregates, outer ratios and percentile picks) so their
 * answers can be compared.
 */
import { Params, type BuiltSql } from '../../params';
import type { Dimension, FilterKey, QueryBase } from '../../schema';
import { bucketExpr, fitsPreaggregate, whereClause } from '../../sql';
import { dimensionSelect, list } from './shared';

export const HTTP_VIEWS = ['endpoints', 'status_codes', 'timeseries'] as const;
export type HttpView = (typeof HTTP_VIEWS)[number];

export type HttpQuery = QueryBase & { view: HttpView; methods?: string[]; urlTemplates?: string[] };
export type HttpSource = 'http_requests_1m' | 'http_requests';

/** Columns of http_requests_1m besides the endpoint (migration 0001). */
const PREAGGREGATE_DIMENSIONS: readonly Dimension[] = [
  'release',
  'environment',
  'browser',
  'device',
  'country',
];
const PREAGGREGATE_FILTERS: readonly FilterKey[] = ['release', 'environment', 'browser', 'device', 'country'];

/** An endpoint is its method, host and URL template. */
export const ENDPOINT_KEYS = ['method', 'server_address', 'url_template'] as const;

/** Per source: request count, failures (status 0 or ≥ 500, as the pre-aggregate's view counts them), latency digest. */
const AGGREGATES: Record<HttpSource, string> = {
  http_requests_1m:
    'sum(requests) AS requests, sum(failures) AS failures, quantilesTDigestMerge(0.5, 0.75, 0.9, 0.95, 0.99)(duration_quantiles) AS q',
  http_requests:
    'count() AS requests, countIf(status_code = 0 OR status_code >= 500) AS failures, quantilesTDigest(0.5, 0.75, 0.9, 0.95, 0.99)(duration_ms) AS q',
};

/** Ratios and picks from the inner aggregates (one level up: an alias may not shadow a column it aggregates). */
const MEASURES = 'requests, failures / requests AS error_rate, q[1] AS p50_ms, q[4] AS p95_ms';

/** Which table answers: status codes are only in the raw table; the rest when the query fits the pre-aggregate. */
export function httpSource(q: HttpQuery, intervalSec: number): HttpSource {
  if (q.view === 'status_codes') return 'http_requests';
  const fits = fitsPreaggregate(
    q,
    PREAGGREGATE_DIMENSIONS,
    PREAGGREGATE_FILTERS,
    q.view === 'timeseries' ? intervalSec : undefined,
  );
  return fits ? 'http_requests_1m' : 'http_requests';
}

function httpWhere(q: HttpQuery, p: Params, source: HttpSource): string {
  const options = source === 'http_requests_1m' ? { timeColumn: 'minute', botColumn: false } : {};
  const conditions = [whereClause(q, p, options)];
  if (q.methods) conditions.push(`method IN ${p.add('Array(String)', q.methods)}`);
  if (q.urlTemplates) conditions.push(`url_template IN ${p.add('Array(String)', q.urlTemplates)}`);
  return conditions.join(' AND ');
}

export function buildHttpSql(q: HttpQuery, intervalSec: number): BuiltSql & { source: HttpSource } {
  const p = new Params();
  const source = httpSource(q, intervalSec);
  const dims = dimensionSelect(q.groupBy);
  const keys = [...q.groupBy, ...ENDPOINT_KEYS];
  let sql: string;
  if (q.view === 'timeseries') {
    const time = bucketExpr(source === 'http_requests_1m' ? 'minute' : 'timestamp', intervalSec, p);
    const inner =
      `SELECT ${list(`${time} AS time`, dims, AGGREGATES[source])} FROM ${source}` +
      ` WHERE ${httpWhere(q, p, source)} GROUP BY ${list('time', q.groupBy)}`;
    sql = `SELECT ${list('time', q.groupBy, MEASURES)} FROM (${inner}) ORDER BY ${list('time', q.groupBy)}`;
  } else if (q.view === 'endpoints') {
    const inner =
      `SELECT ${list(dims, ENDPOINT_KEYS, AGGREGATES[source])} FROM ${source}` +
      ` WHERE ${httpWhere(q, p, source)} GROUP BY ${list(keys)}`;
    sql =
      `SELECT ${list(keys, MEASURES)} FROM (${inner})` +
      ` ORDER BY ${list('requests DESC', keys)} LIMIT ${p.add('UInt32', q.limit)}`;
  } else {
    // Share of the endpoint's requests: a window over the per-status counts of the same endpoint.
    sql =
      `SELECT ${list(dims, ENDPOINT_KEYS, 'status_code')}, count() AS count,` +
      ` count() / sum(count()) OVER (PARTITION BY ${list(keys)}) AS share` +
      ` FROM http_requests WHERE ${httpWhere(q, p, source)} GROUP BY ${list(keys, 'status_code')}` +
      ` ORDER BY ${list('count DESC', keys, 'status_code')} LIMIT ${p.add('UInt32', q.limit)}`;
  }
  return { sql, params: p.values, source };
}
