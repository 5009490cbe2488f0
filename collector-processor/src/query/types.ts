/**
 * Grafana data frames as JSON (DataFrameJSON in @grafana/data): the query API answers with these
 * so the datasource hands them to panels unchanged (`dataFrameFromJSON`).
 */
export type FieldType = 'time' | 'number' | 'string' | 'boolean' | 'other';

export interface FieldConfig {
  /** A Grafana unit id: ms, s, bytes, percentunit, short, none… */
  unit?: string;
  displayName?: string;
  decimals?: number;
}

export interface FieldSchema {
  name: string;
  type: FieldType;
  config?: FieldConfig;
  labels?: Record<string, string>;
}

export interface FrameMeta {
  /** Grafana's data type hint: timeseries-multi, timeseries-long, table… */
  type?: string;
  typeVersion?: [number, number];
  preferredVisualisationType?: 'graph' | 'table' | 'logs' | 'trace' | 'nodeGraph' | 'flamegraph';
  /** Shown in the panel inspector: which table answered, the interval used. */
  notices?: Array<{ severity: 'info' | 'warning' | 'error'; text: string }>;
  custom?: Record<string, unknown>;
  executedQueryString?: string;
}

export interface DataFrameJSON {
  schema: { name?: string; refId?: string; meta?: FrameMeta; fields: FieldSchema[] };
  data: { values: unknown[][] };
}

/** One query's answer: frames, or a plain-sentence error (other queries in the request still run). */
export interface QueryResult {
  status: number;
  frames: DataFrameJSON[];
  error?: string;
}

export interface QueryResponse {
  results: Record<string, QueryResult>;
}
