/**
 * A PulseTrace panel query as a foundation-SDK builder: the data source's saved query model
 * (grafana-datasource/src/types.ts, schemaVersion 1) bound to the dashboard's project,
 * environment and release variables unless a query says otherwise.
 */
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { FilterMap, PulseTraceQuery, QueryType } from '../../grafana-datasource/src/types';
import { PULSETRACE } from './datasources';

/** A saved PulseTrace query, as it lands in the dashboard JSON. */
export type SavedQuery = Omit<PulseTraceQuery, 'refId'> & { refId: string };

/** The variables a panel filters by, as the data source reads them (`$var`: replaced at query time). */
export const DASHBOARD_FILTERS: FilterMap = { environment: ['$environment'], release: ['$release'] };

export type QueryOptions = Partial<Omit<PulseTraceQuery, 'type' | 'refId' | 'schemaVersion'>>;

export class PulseTraceQueryBuilder implements cog.Builder<cog.Dataquery> {
  private readonly query: SavedQuery;

  constructor(type: QueryType, options: QueryOptions = {}, refId = 'A') {
    this.query = {
      refId,
      datasource: PULSETRACE,
      schemaVersion: 1,
      type,
      project: '$project',
      filters: DASHBOARD_FILTERS,
      exclude: {},
      groupBy: [],
      includeBots: false,
      ...options,
    };
  }

  build(): cog.Dataquery {
    // The SDK's Dataquery is a marker interface; Grafana reads the plain object.
    return { ...this.query } as unknown as cog.Dataquery;
  }
}

/** Shorthand for panel factories: `pt('web_vitals', { metric: 'LCP' })`. */
export const pt = (type: QueryType, options: QueryOptions = {}, refId = 'A') =>
  new PulseTraceQueryBuilder(type, options, refId);
