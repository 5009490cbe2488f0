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

/** What the route reads of any query, whatever its type (QueryBase's fields after parsing). */
export interface QueryHead {
  type: string;
  refId: string;
  project: string;
  from: number;
  to: number;
}

/** A validated query bound to its own handler: the route runs it without knowing its type. */
export interface BoundQuery extends QueryHead {
  run(ctx: QueryContext): Promise<DataFrameJSON[]>;
}

/** A query type's schema: an object (for the discriminated union) whose output has the head. */
export type HandlerSchema = z.ZodObject & z.ZodType<QueryHead>;

/** The schema's object shape must include `type: z.literal(<type>)` and extend QueryBase. */
export interface QueryHandler<S extends HandlerSchema> {
  type: string;
  /** One sentence for the OpenAPI document and the datasource's type picker. */
  summary: string;
  schema: S;
  run(query: z.output<S>, ctx: QueryContext): Promise<DataFrameJSON[]>;
}

/**
 * A query type as the registry keeps it: no `run` that takes "any query" (which would let a
 * web_vitals query reach the issues handler); instead `parser`, whose output is the query already
 * bound to the run of the schema that accepted it.
 */
export interface RegisteredHandler {
  readonly type: string;
  readonly summary: string;
  /** The type's request schema, as documented (OpenAPI reads the parser's input side too). */
  readonly schema: z.ZodObject;
  readonly parser: z.ZodPipe<z.ZodObject, z.ZodTransform<BoundQuery, QueryHead>>;
}

/**
 * Ties the handler's run to its schema: `run` receives exactly `z.output<S>`, and the registry
 * only ever calls it with what `schema` produced.
 */
export function defineHandler<S extends HandlerSchema>(
  handler: QueryHandler<S>,
): QueryHandler<S> & RegisteredHandler {
  const parser = handler.schema.transform((query: z.output<S>): BoundQuery => ({
    type: query.type,
    refId: query.refId,
    project: query.project,
    from: query.from,
    to: query.to,
    run: (ctx) => handler.run(query, ctx),
  }));
  return { ...handler, parser };
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
