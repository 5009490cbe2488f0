/**
 * The PulseTrace queries (POST /api/v1/query's model, as the datasource saves it) that reproduce a
 * hypothesis's number in one window, and that number read from their answer. A dimension the
 * query API can filter (route, browser, release…) becomes a filter; one it cannot (an attribution
 * key, an HTTP endpoint or server, a long task's script or its origin) is read from the rows of a
 * grouped view that match its value (`row`), as a person reads it in Explore. explain.ts runs
 * these queries through their handlers' schemas and SQL builders, so the card and "show me" agree.
 */
import { runSql, type QueryContext } from '../../query/handler';
import { buildErrorsSql, ErrorsQuery } from '../../query/handlers/errors/errors';
import { httpHandler } from '../../query/handlers/performance/http';
import { buildHttpSql } from '../../query/handlers/performance/http-sql';
import { longTasksHandler } from '../../query/handlers/performance/long-tasks';
import { buildLongTasksSql } from '../../query/handlers/performance/long-tasks-sql';
import { webVitalsHandler } from '../../query/handlers/web/web-vitals';
import { buildAttributionSql } from '../../query/handlers/web/web-vitals-breakdown-sql';
import { buildWebVitalsSql } from '../../query/handlers/web/web-vitals-sql';
import { intervalSeconds } from '../../query/sql';
import {
  ATTRIBUTION_PREFIX,
  ENDPOINT,
  metricSource,
  originOf,
  parseEndpoint,
  SCRIPT,
  SCRIPT_ORIGIN,
  scriptOf,
  SERVER,
  type Endpoint,
  type ExplainField,
  type ExplainMetric,
  type Window,
} from './dimensions';

/** A query as POST /api/v1/query takes it (one element of `queries`). */
export type PulseTraceQuery = Record<string, unknown> & {
  type: string;
  project: string;
  from: number;
  to: number;
};

/**
 * Which rows of the answer are the hypothesis's: each key is a field of the answer (`attribution`,
 * `method`, `server_address`, `url_template`) or `script` / `script_origin`, the `script_url`
 * field as those dimensions key it (scriptOf, originOf). No `row`: every row.
 */
export type RowMatch = Record<string, string>;

export interface Reproduction {
  query: PulseTraceQuery;
  row?: RowMatch;
}

/** Grouped views are read whole: rows come most traffic first, room for a rare one that got slow. */
const ALL_ROWS = 10_000;

const endpointRow = (e: Endpoint): RowMatch => ({ ...e });
const endpointFilter = (e: Endpoint) => ({ methods: [e.method], urlTemplates: [e.url_template] });

/** The query (and rows) reproducing one hypothesis's number in one window. */
export function reproduction(
  project: string,
  metric: ExplainMetric,
  window: Window,
  hypothesis: { dimension: string; segments: string[] },
): Reproduction {
  const { dimension, segments } = hypothesis;
  const head = { project, from: window.from, to: window.to };
  const windowFilters = window.filters ?? {};
  // Every dimension the query API can filter: window filters and the segments together.
  const filtered = { ...windowFilters, [dimension]: segments };
  if (metric.type === 'web_vital') {
    if (dimension.startsWith(ATTRIBUTION_PREFIX))
      return {
        query: {
          type: 'web_vitals',
          ...head,
          metric: metric.metric,
          percentiles: [75],
          view: 'attribution',
          attribution: dimension.slice(ATTRIBUTION_PREFIX.length),
          filters: windowFilters,
          limit: ALL_ROWS,
        },
        row: { attribution: segments[0]! },
      };
    return {
      query: {
        type: 'web_vitals',
        ...head,
        metric: metric.metric,
        percentiles: [75],
        view: 'table',
        filters: filtered,
      },
    };
  }
  if (metric.type === 'errors')
    return {
      query: {
        type: 'errors',
        ...head,
        view: 'table',
        filters: filtered,
        ...(metric.issueIds?.length ? { issueIds: metric.issueIds } : {}),
      },
    };
  if (metric.type === 'long_tasks') {
    if (dimension === SCRIPT || dimension === SCRIPT_ORIGIN)
      return {
        query: { type: 'long_tasks', ...head, view: 'by_script', filters: windowFilters, limit: ALL_ROWS },
        row: { [dimension]: segments[0]! },
      };
    return { query: { type: 'long_tasks', ...head, view: 'table', filters: filtered } };
  }
  const http = { type: 'http', ...head, view: 'endpoints', limit: ALL_ROWS };
  if (metric.endpoint) {
    const e = parseEndpoint(metric.endpoint);
    return { query: { ...http, filters: filtered, ...endpointFilter(e) }, row: endpointRow(e) };
  }
  if (dimension === ENDPOINT) {
    const e = parseEndpoint(segments[0]!);
    return { query: { ...http, filters: windowFilters, ...endpointFilter(e) }, row: endpointRow(e) };
  }
  if (dimension === SERVER)
    return { query: { ...http, filters: windowFilters }, row: { server_address: segments[0]! } };
  // An error rate over every endpoint of the filtered rows (explainDimensions offers no p95 here).
  return { query: { ...http, filters: filtered } };
}

/** Back-compatible: the query alone. */
export function reproducingQuery(
  project: string,
  metric: ExplainMetric,
  window: Window,
  hypothesis: { dimension: string; segments: string[] },
): PulseTraceQuery {
  return reproduction(project, metric, window, hypothesis).query;
}

function matches(row: Record<string, unknown>, match: RowMatch | undefined): boolean {
  if (!match) return true;
  return Object.entries(match).every(([key, value]) => {
    if (key === SCRIPT) return scriptOf(String(row.script_url ?? '')) === value;
    if (key === SCRIPT_ORIGIN) return originOf(String(row.script_url ?? '')) === value;
    return String(row[key] ?? '') === value;
  });
}

/**
 * The hypothesis's number from a reproducing query's rows: a percentile is one row's (none or
 * several: NaN), counts and blocking time add up over the matching rows, an error rate is their
 * failures over their requests.
 */
export function readNumber(
  rows: ReadonlyArray<Record<string, unknown>>,
  field: ExplainField,
  match?: RowMatch,
): number {
  const hits = rows.filter((r) => matches(r, match));
  if (field === 'p75' || field === 'p95_ms') return hits.length === 1 ? Number(hits[0]![field]) : NaN;
  if (field === 'error_rate') {
    const requests = hits.reduce((a, r) => a + Number(r.requests), 0);
    const failures = hits.reduce((a, r) => a + Number(r.error_rate) * Number(r.requests), 0);
    return requests > 0 ? failures / requests : NaN;
  }
  return hits.reduce((a, r) => a + Number(r[field] ?? 0), 0);
}

/** Runs a reproducing query through its handler's schema and SQL builder: its rows. */
export async function runReproduction(
  ctx: QueryContext,
  query: PulseTraceQuery,
): Promise<Record<string, unknown>[]> {
  switch (query.type) {
    case 'errors':
      return runSql(ctx, buildErrorsSql(ErrorsQuery.parse(query)));
    case 'http': {
      const q = httpHandler.schema.parse(query);
      return runSql(ctx, buildHttpSql(q, intervalSeconds(q)));
    }
    case 'long_tasks': {
      const q = longTasksHandler.schema.parse(query);
      return runSql(ctx, buildLongTasksSql(q, intervalSeconds(q)));
    }
    default: {
      const q = webVitalsHandler.schema.parse(query);
      if (q.view === 'attribution')
        return runSql(ctx, buildAttributionSql({ ...q, attribution: q.attribution! }));
      return runSql(ctx, buildWebVitalsSql(q));
    }
  }
}

/** The number of one reproduction, as the card shows it and "show me" answers it. */
export async function reproduce(ctx: QueryContext, metric: ExplainMetric, r: Reproduction): Promise<number> {
  return readNumber(await runReproduction(ctx, r.query), metricSource(metric).field, r.row);
}
