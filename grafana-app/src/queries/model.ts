/**
 * The app's panels as saved queries of the PulseTrace data source's own model
 * (grafana-datasource/src/types.ts), so every panel opens in Explore or copies to a dashboard
 * unchanged. Pure: each page's `queries.ts` builds its queries here, its scene runs them, and
 * grafana-app/test/ runs the same queries through the data source's request builder against a
 * real processor.
 */
import type { PulseTraceQuery, QueryType } from '../../../grafana-datasource/src/types';
import { DATASOURCE_TYPE } from '../constants';

export type { PulseTraceQuery, QueryType };

/** The page's data source variable: every query reads through the instance it names. */
export const DS_VARIABLE = 'ds';
export const DS_REF = { type: DATASOURCE_TYPE, uid: `\${${DS_VARIABLE}}` };

/** The data source's saved-query schema version these queries are written in (checked in test/). */
export const QUERY_SCHEMA_VERSION = 1;

/** Page variables every query is scoped to (scenes/variables.ts defines them). */
export const PAGE_FILTERS = { environment: ['$environment'], release: ['$release'] };

export type QueryOptions = Partial<Omit<PulseTraceQuery, 'refId' | 'type' | 'datasource' | 'schemaVersion'>>;

/**
 * One query of `type` in the page's project, environment and release; `options.filters` adds to
 * (or, with a key of its own, replaces) the page filters.
 */
export function ptQuery(refId: string, type: QueryType, options: QueryOptions = {}): PulseTraceQuery {
  const { filters, ...rest } = options;
  return {
    refId,
    datasource: DS_REF,
    schemaVersion: QUERY_SCHEMA_VERSION,
    type,
    project: '$project',
    filters: { ...PAGE_FILTERS, ...filters },
    exclude: {},
    groupBy: [],
    includeBots: false,
    ...rest,
  };
}
