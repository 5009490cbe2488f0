/**
 * What can be explained and along which dimensions: the metrics (a web vital's p75, errors, an
 * HTTP error rate or p95, long-task time), their raw table and row conditions, and per dimension
 * the SQL expression whose value is a segment. Column names only ever come from the fixed maps
 * here; values only through Params (query/sql.ts rules). A dimension is offered only where a
 * PulseTrace query can reproduce a hypothesis's number on it (reproduce.ts).
 */
import type { Params } from '../../query/params';
import type { Dimension } from '../../query/schema';
import { DIMENSION_COLUMNS, FILTER_COLUMNS } from '../../query/sql';
import type { Vital } from '../../query/handlers/web/web-vitals-sql';

/** The dimensions every signal table stores (`url` left out: routes already group URLs). */
export const EXPLAIN_DIMENSIONS = [
  'route',
  'browser',
  'os',
  'device',
  'country',
  'release',
  'environment',
] as const satisfies readonly Dimension[];
export type ExplainDimension = (typeof EXPLAIN_DIMENSIONS)[number];

/**
 * web-vitals attribution keys that name a cause (the LCP element and its resource, the INP target,
 * the largest layout shift's target), as dimensions `attribution.<key>` of that vital. Numeric
 * sub-parts (phases) are not segments.
 */
export const ATTRIBUTION_KEYS: Record<Vital, readonly string[]> = {
  LCP: ['target', 'url'],
  INP: ['interactionTarget', 'interactionType'],
  CLS: ['largestShiftTarget'],
  FCP: [],
  TTFB: [],
};
export const ATTRIBUTION_PREFIX = 'attribution.';

/** Per-window filters: the query API's filter keys (release, route, browser…), exact values. */
export type WindowFilters = Partial<Record<string, string[]>>;

/** A half-open time range [from, to) in epoch ms, optionally restricted (release = previous vs new). */
export interface Window {
  from: number;
  to: number;
  filters?: WindowFilters;
}

export type HttpMeasure = 'error_rate' | 'p95';

/**
 * What changed: a Core Web Vital's p75, the number of errors (optionally of some issues), an HTTP
 * error rate or p95 (optionally of one endpoint, `endpointKey()`), or the long-task time (total
 * blocking time). Percentiles are ranked through the count of samples above the baseline's
 * percentile (contribution.ts).
 */
export type ExplainMetric =
  | { type: 'web_vital'; metric: Vital }
  | { type: 'errors'; issueIds?: string[] }
  | { type: 'http'; measure: HttpMeasure; endpoint?: string }
  | { type: 'long_tasks' };

/** The field of a reproducing query's answer that is the hypothesis's number. */
export type ExplainField = 'p75' | 'errors' | 'p95_ms' | 'error_rate' | 'total_blocking_ms';

/** HTTP dimensions: the endpoint (as the `http` query's rows key it) and the server it calls. */
export const ENDPOINT = 'endpoint';
export const SERVER = 'server';
/** Long-task dimensions: the attributed script without query string or fragment, and its origin. */
export const SCRIPT = 'script';
export const SCRIPT_ORIGIN = 'script_origin';

/** An endpoint as one string: `GET api.shop.example/api/cart/{id}` (method, host, URL template). */
export interface Endpoint {
  method: string;
  server_address: string;
  url_template: string;
}
export const endpointKey = (e: Endpoint) => `${e.method} ${e.server_address}${e.url_template}`;
export function parseEndpoint(key: string): Endpoint {
  const space = key.indexOf(' ');
  const rest = space < 0 ? '' : key.slice(space + 1);
  const slash = rest.indexOf('/');
  return {
    method: space < 0 ? key : key.slice(0, space),
    server_address: slash < 0 ? rest : rest.slice(0, slash),
    url_template: slash < 0 ? '' : rest.slice(slash),
  };
}

/** A script URL as the `script` dimension keys it: no query string (tokens, cache busters) or fragment. */
export const scriptOf = (url: string) => url.split('#')[0]!.split('?')[0]!;
const ORIGIN = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/;
/** scheme://host[:port] of a script URL ('' when relative): the same pattern as the SQL's extract(). */
export const originOf = (url: string) => ORIGIN.exec(url)?.[0] ?? '';

/** The dimensions explained for a metric: only those a query can reproduce (reproduce.ts). */
export function explainDimensions(metric: ExplainMetric): string[] {
  switch (metric.type) {
    case 'web_vital':
      return [...EXPLAIN_DIMENSIONS, ...ATTRIBUTION_KEYS[metric.metric].map((k) => ATTRIBUTION_PREFIX + k)];
    case 'errors':
      return [...EXPLAIN_DIMENSIONS];
    case 'long_tasks':
      return [...EXPLAIN_DIMENSIONS, SCRIPT, SCRIPT_ORIGIN];
    case 'http':
      // One endpoint: every stored dimension (its row of the endpoints view, filtered). All
      // endpoints: a p95 is one endpoint row; an error rate also sums over rows (any filter, a server).
      if (metric.endpoint) return [...EXPLAIN_DIMENSIONS];
      return metric.measure === 'p95' ? [ENDPOINT] : [...EXPLAIN_DIMENSIONS, ENDPOINT, SERVER];
  }
}

/**
 * Dimensions no query filter reaches: their number is read from the rows of a grouped view that
 * match one value (reproduce.ts), so their hypotheses name one segment.
 */
export function singleSegment(dimension: string): boolean {
  return (
    dimension.startsWith(ATTRIBUTION_PREFIX) || [ENDPOINT, SERVER, SCRIPT, SCRIPT_ORIGIN].includes(dimension)
  );
}

/** The SQL expression of a dimension's segment; columns from the fixed map, keys bound. */
export function dimensionExpr(dimension: string, p: Params): string {
  if (dimension.startsWith(ATTRIBUTION_PREFIX))
    return `attribution[${p.add('String', dimension.slice(ATTRIBUTION_PREFIX.length))}]`;
  if (dimension === ENDPOINT) return "concat(method, ' ', server_address, url_template)";
  if (dimension === SERVER) return 'server_address';
  if (dimension === SCRIPT) return "splitByChar('?', splitByChar('#', script_url)[1])[1]";
  if (dimension === SCRIPT_ORIGIN) return `extract(script_url, ${p.add('String', ORIGIN.source)})`;
  const column = DIMENSION_COLUMNS[dimension as ExplainDimension];
  if (!column) throw new Error(`unknown explain dimension ${dimension}`);
  return `toString(${column})`;
}

/** How a metric reads: its raw table, row conditions, x per row and y, and how it is ranked. */
export interface MetricSource {
  table: 'web_vitals' | 'errors' | 'http_requests' | 'long_tasks';
  /** The value a percentile is taken of. */
  value?: string;
  /** The percentile level explained (0.75 for vitals, 0.95 for HTTP p95). */
  level?: number;
  /** t-digest index of that level among the query types' levels (0.5, 0.75, 0.9, 0.95, 0.99). */
  levelIndex?: number;
  kind: 'count' | 'rate';
  field: ExplainField;
  /** Stable metric name for cards and evidence (engine/types.ts: `web_vital.LCP.p75`, `http.p95`). */
  name: string;
}

export function metricSource(metric: ExplainMetric): MetricSource {
  switch (metric.type) {
    case 'web_vital':
      return {
        table: 'web_vitals',
        value: 'value',
        level: 0.75,
        levelIndex: 2,
        kind: 'rate',
        field: 'p75',
        name: `web_vital.${metric.metric}.p75`,
      };
    case 'errors':
      return { table: 'errors', kind: 'count', field: 'errors', name: 'errors' };
    case 'long_tasks':
      return {
        table: 'long_tasks',
        kind: 'count',
        field: 'total_blocking_ms',
        name: 'long_tasks.blocking_ms',
      };
    case 'http':
      return metric.measure === 'p95'
        ? {
            table: 'http_requests',
            value: 'duration_ms',
            level: 0.95,
            levelIndex: 4,
            kind: 'rate',
            field: 'p95_ms',
            name: 'http.p95',
          }
        : { table: 'http_requests', kind: 'rate', field: 'error_rate', name: 'http.error_rate' };
  }
}

/**
 * LCP, FCP and TTFB of soft navigations are timed from the route change: the web_vitals query
 * leaves them out unless asked (leavesOutSoftNavigations), so we do too, or our numbers would not
 * be the ones its reproducing query shows.
 */
const LOAD_METRICS: ReadonlySet<Vital> = new Set(['LCP', 'FCP', 'TTFB']);

/** Conditions selecting the metric's rows (name, issues, endpoint), besides project and time. */
export function metricConditions(metric: ExplainMetric, p: Params): string[] {
  if (metric.type === 'errors')
    return metric.issueIds?.length ? [`fingerprint IN ${p.add('Array(String)', metric.issueIds)}`] : [];
  if (metric.type === 'web_vital') {
    const where = [`name = ${p.add('String', metric.metric)}`];
    if (LOAD_METRICS.has(metric.metric)) where.push("navigation_type != 'soft-navigation'");
    return where;
  }
  if (metric.type === 'http' && metric.endpoint) return endpointConditions(parseEndpoint(metric.endpoint), p);
  return [];
}

export function endpointConditions(e: Endpoint, p: Params): string[] {
  return [
    `method = ${p.add('String', e.method)}`,
    `server_address = ${p.add('String', e.server_address)}`,
    `url_template = ${p.add('String', e.url_template)}`,
  ];
}

/**
 * x of one row: an error counts itself, a long task its blocking time, an HTTP request its failure
 * (status 0 or ≥ 500, as the http query counts them); for percentiles, whether the value is above
 * `threshold` (the baseline window's percentile).
 */
export function xExpr(metric: ExplainMetric, p: Params, threshold?: number): string {
  const source = metricSource(metric);
  if (source.value)
    return `toFloat64(${source.value} > ${p.add('Float64', threshold ?? Number.POSITIVE_INFINITY)})`;
  if (metric.type === 'long_tasks') return 'blocking_duration_ms';
  if (metric.type === 'http') return 'toFloat64(status_code = 0 OR status_code >= 500)';
  return '1';
}

/** A window's own filters as conditions (the reproducing queries carry the same `filters`). */
export function filterConditions(filters: WindowFilters | undefined, p: Params): string[] {
  return Object.entries(filters ?? {}).flatMap(([key, values]) => {
    if (!values) return [];
    const column = (FILTER_COLUMNS as Record<string, string>)[key];
    if (!column) throw new Error(`a window cannot be filtered by ${key}`);
    return [`${column} IN ${p.add('Array(String)', values)}`];
  });
}
