/**
 * The PulseTrace data source (frontend only). Everything goes through Grafana's data proxy to
 * the processor (api/client.ts); this class wires Grafana's hooks to the pure parts in query/,
 * live/, annotations/, variables/ and health/.
 */
import {
  CoreApp,
  DataQueryRequest,
  DataQueryResponse,
  DataSourceApi,
  DataSourceGetTagKeysOptions,
  DataSourceGetTagValuesOptions,
  DataSourceInstanceSettings,
  MetricFindValue,
  QueryFixAction,
  ScopedVars,
  TestDataSourceResponse,
  TimeRange,
} from '@grafana/data';
import { Observable } from 'rxjs';
import { FILTER_VALUE_KINDS, ProcessorClient, ValueCount, ValueKind, ValuesParams } from './api/client';
import { annotationSupport } from './annotations/support';
import { checkHealth } from './health/health';
import { queryDisplayText, withFilter } from './query/display';
import { templateInterpolator } from './query/interpolate';
import { migrateQuery } from './query/migrate';
import { runRequest } from './query/run';
import { FILTER_KEYS, FilterKey, PulseTraceOptions, PulseTraceQuery } from './types';
import { PulseTraceVariableSupport } from './variables/support';
import { migrateVariableQuery, PulseTraceVariableQuery, variableValues } from './variables/variableQuery';

export class DataSource extends DataSourceApi<PulseTraceQuery, PulseTraceOptions> {
  readonly client: ProcessorClient;
  readonly defaultProject: string;
  readonly processorUrl: string;

  constructor(instanceSettings: DataSourceInstanceSettings<PulseTraceOptions>) {
    super(instanceSettings);
    this.client = new ProcessorClient(instanceSettings.url ?? '');
    this.defaultProject = instanceSettings.jsonData?.defaultProject?.trim() ?? '';
    this.processorUrl = instanceSettings.jsonData?.url?.trim() ?? '';
    this.annotations = annotationSupport;
    this.variables = new PulseTraceVariableSupport(this);
  }

  getDefaultQuery(_app: CoreApp): Partial<PulseTraceQuery> {
    // Without refId: Grafana gives each new query its own.
    const { refId, ...query } = migrateQuery({ type: 'web_vitals' });
    return query;
  }

  filterQuery(query: PulseTraceQuery): boolean {
    return !query.hide;
  }

  query(request: DataQueryRequest<PulseTraceQuery>): Observable<DataQueryResponse> {
    return runRequest(this.client, request, { defaultProject: this.defaultProject });
  }

  testDatasource(): Promise<TestDataSourceResponse> {
    return checkHealth(this.client, { uid: this.uid, url: this.processorUrl, defaultProject: this.defaultProject });
  }

  getQueryDisplayText(query: PulseTraceQuery): string {
    return queryDisplayText(migrateQuery(query));
  }

  modifyQuery(query: PulseTraceQuery, action: QueryFixAction): PulseTraceQuery {
    const current = migrateQuery(query);
    const key = action.options?.key;
    const value = action.options?.value;
    if ((action.type === 'ADD_FILTER' || action.type === 'ADD_FILTER_OUT') && key && value !== undefined) {
      return withFilter(current, key, String(value), action.type === 'ADD_FILTER_OUT');
    }
    return current;
  }

  /** Queries with their variables replaced, for Explore, the inspector and mixed data sources. */
  interpolateVariablesInQueries(queries: PulseTraceQuery[], scopedVars: ScopedVars): PulseTraceQuery[] {
    const interpolate = templateInterpolator(scopedVars);
    return queries.map((raw) => {
      const q = migrateQuery(raw);
      const lists = (map: PulseTraceQuery['filters']) =>
        Object.fromEntries(Object.entries(map).map(([k, v]) => [k, (v ?? []).flatMap((s) => interpolate.many(s))]));
      return {
        ...q,
        refId: raw.refId,
        project: interpolate.one(q.project),
        filters: lists(q.filters),
        exclude: lists(q.exclude),
      };
    });
  }

  /** Variable query runner (also the legacy metricFindQuery path, which passes a string or object). */
  metricFindQuery(
    query: unknown,
    options?: { range?: TimeRange; scopedVars?: ScopedVars }
  ): Promise<MetricFindValue[]> {
    return this.variableValues(migrateVariableQuery(query), options?.range, options?.scopedVars);
  }

  variableValues(
    query: PulseTraceVariableQuery,
    range?: TimeRange,
    scopedVars?: ScopedVars
  ): Promise<MetricFindValue[]> {
    return variableValues(this.client, query, {
      from: range?.from.valueOf(),
      to: range?.to.valueOf(),
      defaultProject: this.defaultProject,
      interpolate: templateInterpolator(scopedVars),
    });
  }

  /** Ad-hoc filter keys: the processor's filter keys. */
  async getTagKeys(_options?: DataSourceGetTagKeysOptions<PulseTraceQuery>): Promise<MetricFindValue[]> {
    return FILTER_KEYS.map((key) => ({ text: key, value: key }));
  }

  /** Ad-hoc filter values, for the project of the dashboard's first PulseTrace query. */
  async getTagValues(options: DataSourceGetTagValuesOptions<PulseTraceQuery>): Promise<MetricFindValue[]> {
    const kind = FILTER_VALUE_KINDS[options.key as FilterKey];
    const first = options.queries?.find((q) => q.datasource?.uid === undefined || q.datasource?.uid === this.uid);
    const project = this.resolveProject(first ? migrateQuery(first).project : '');
    if (!kind || !project) {
      return [];
    }
    const values = await this.values(project, kind, {
      from: options.timeRange?.from.valueOf(),
      to: options.timeRange?.to.valueOf(),
    });
    return values.map((v) => ({ text: v.value, value: v.value }));
  }

  /** The project a query reads: its own (variables replaced) or the default one. */
  resolveProject(project: string, scopedVars?: ScopedVars): string {
    return templateInterpolator(scopedVars).one(project) || this.defaultProject;
  }

  values(project: string, kind: ValueKind, params: ValuesParams = {}): Promise<ValueCount[]> {
    return this.client.values(project, kind, {
      ...params,
      from: params.from !== undefined ? Math.round(params.from) : undefined,
      to: params.to !== undefined ? Math.round(params.to) : undefined,
    });
  }
}
