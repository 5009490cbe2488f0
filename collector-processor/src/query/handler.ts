/** What a query type is: its request schema, and how it turns a request into data frames. */
import type { ClickHouseClient } from '@clickhouse/client';
import type { z } from 'zod';
import { selectRows } from '../store/query';
import type { BuiltSql } from './params';
import type { Row } from './frames';
import type { DataFrameJSON } from './types';

export interface QueryContext {
  client: ClickHouseClient;
  /** The request's clock (epoch ms): "new" issues, live tail windows. */
  now: number;
}

/** The schema's object shape must include `type: z.literal(<type>)` and extend QueryBase. */
export interface QueryHandler<S extends z.ZodObject = z.ZodObject> {
  type: string;
  /** One sentence for the OpenAPI document and the datasource's type picker. */
  summary: string;
  schema: S;
  run(query: z.output<S>, ctx: QueryContext): Promise<DataFrameJSON[]>;
}

/** Keeps the handler's query type tied to its schema. */
export function defineHandler<S extends z.ZodObject>(handler: QueryHandler<S>): QueryHandler<S> {
  return handler;
}

/**
 * Settings for every API query: plain JSON numbers for 64-bit integers, a time limit, a memory cap
 * (the embedded engine shares the processor's memory with ingest: one panel over a long range must
 * fail with a clear error rather than take the process down), and read-only (a built statement can
 * never write, whatever went wrong in building it).
 */
export const QUERY_SETTINGS = {
  output_format_json_quote_64bit_integers: 0,
  max_execution_time: 30,
  max_memory_usage: 1024 * 1024 * 1024,
  readonly: 2,
} as const;

/** `SETTINGS readonly = 2, …`, appended to the statement. */
export const SETTINGS_CLAUSE = `SETTINGS ${Object.entries(QUERY_SETTINGS)
  .map(([k, v]) => `${k} = ${v}`)
  .join(', ')}`;

/**
 * Runs a built statement with its bound parameters. The settings go in the statement's SETTINGS
 * clause, not in clickhouse_settings: the embedded engine turns those into session-wide SETs, and
 * a session-wide readonly would refuse every later insert, ingest included.
 */
export function runSql<T = Row>(ctx: QueryContext, built: BuiltSql): Promise<T[]> {
  return selectRows<T>(ctx.client, `${built.sql}\n${SETTINGS_CLAUSE}`, built.params);
}
