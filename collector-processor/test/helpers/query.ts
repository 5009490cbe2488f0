/** Helpers for query API tests: rows straight into the signal tables, and POST /api/v1/query. */
import type { RunningProcessor } from '../../src/processor';
import type { DataFrameJSON, QueryResponse } from '../../src/query/types';
import { ADMIN_TOKEN } from './processor';

/**
 * Inserts rows as the ingest path's writer does (JSONEachRow, so the materialized views fill the
 * pre-aggregates too). Tests build rows with commonRow() and compute expected answers from them.
 */
export async function insertRows(p: RunningProcessor, table: string, rows: object[]): Promise<void> {
  if (rows.length === 0) return;
  const ndjson = Buffer.from(rows.map((r) => JSON.stringify(r)).join('\n'));
  if (p.store.insertJsonEachRow) await p.store.insertJsonEachRow(table, ndjson, {});
  else await p.store.client.insert({ table, values: rows, format: 'JSONEachRow' });
}

export interface QueryAnswer {
  status: number;
  body: QueryResponse & { error?: string; issues?: Array<{ path: string; message: string }> };
}

export async function postQuery(
  p: Pick<RunningProcessor, 'url'>,
  body: unknown,
  token: string = ADMIN_TOKEN,
): Promise<QueryAnswer> {
  const res = await fetch(`${p.url}/api/v1/query`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as QueryAnswer['body'] };
}

/** A frame's fields as {name: values}, for assertions. */
export function columns(frame: DataFrameJSON): Record<string, unknown[]> {
  return Object.fromEntries(frame.schema.fields.map((f, i) => [f.name, frame.data.values[i]!]));
}

/** The frames of one query (refId A unless given), failing loudly when the query failed. */
export async function queryFrames(
  p: Pick<RunningProcessor, 'url'>,
  query: Record<string, unknown>,
  token?: string,
): Promise<DataFrameJSON[]> {
  const answer = await postQuery(p, query, token);
  const result = answer.body.results?.[(query.refId as string | undefined) ?? 'A'];
  if (answer.status !== 200 || !result || result.status !== 200)
    throw new Error(`query failed (${answer.status}): ${JSON.stringify(answer.body)}`);
  return result.frames;
}
