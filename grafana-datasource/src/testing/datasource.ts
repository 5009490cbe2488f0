/** A data source and panel requests for tests. */
import {
  DataFrameJSON,
  DataQueryRequest,
  DataSourceInstanceSettings,
  DataSourcePluginMeta,
  dateTime,
  FieldType,
} from '@grafana/data';
import { DataSource } from '../datasource';
import { PulseTraceOptions, PulseTraceQuery } from '../types';
import { PROXY } from './grafana';

export function makeDataSource(jsonData: PulseTraceOptions = { url: 'http://processor:4318', defaultProject: 'shop' }) {
  return new DataSource({
    uid: 'pt',
    type: 'pulsetrace-rum-datasource',
    name: 'PulseTrace',
    url: PROXY,
    access: 'proxy',
    readOnly: false,
    jsonData,
    meta: { id: 'pulsetrace-rum-datasource' } as DataSourcePluginMeta,
  } as DataSourceInstanceSettings<PulseTraceOptions>);
}

export const FROM = Date.UTC(2025, 10, 20, 0, 0, 0);
export const TO = Date.UTC(2025, 10, 21, 0, 0, 0);

export function makeRequest(
  targets: unknown[],
  extra: Partial<DataQueryRequest<PulseTraceQuery>> = {}
): DataQueryRequest<PulseTraceQuery> {
  return {
    requestId: 'Q1',
    interval: '1m',
    intervalMs: 60_000,
    maxDataPoints: 500,
    range: { from: dateTime(FROM), to: dateTime(TO), raw: { from: 'now-24h', to: 'now' } },
    scopedVars: {},
    targets: targets as PulseTraceQuery[],
    timezone: 'utc',
    app: 'dashboard',
    startTime: 0,
    ...extra,
  };
}

/** A processor frame as DataFrameJSON. */
export function frameJSON(
  fields: Array<{ name: string; type: `${FieldType}` }>,
  values: unknown[][],
  name?: string
): DataFrameJSON {
  return {
    schema: { ...(name ? { name } : {}), fields: fields as Array<{ name: string; type: FieldType }> },
    data: { values },
  };
}
