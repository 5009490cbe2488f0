/**
 * The processor's answer to Grafana's DataQueryResponse: frames as they come (DataFrameJSON),
 * per-query errors on their query, whole-request errors once, in sentences.
 */
import { DataFrame, DataFrameJSON, DataQueryError, DataQueryResponse, dataFrameFromJSON } from '@grafana/data';
import { describeFailure, HttpFailure, sentence } from '../api/failure';
import { isRecord } from './coerce';

export interface QueryResultJSON {
  status: number;
  frames: DataFrameJSON[];
  error?: string;
}

export interface QueryResponseJSON {
  results: Record<string, QueryResultJSON>;
}

export function isQueryResponse(data: unknown): data is QueryResponseJSON {
  return isRecord(data) && isRecord(data.results);
}

/** A frame from JSON, tagged with its query and carrying the notices meant for that query. */
export function toFrame(json: DataFrameJSON, refId: string, notices: string[] = []): DataFrame {
  const frame = dataFrameFromJSON(json);
  frame.refId = refId;
  if (notices.length > 0) {
    const meta = frame.meta ?? {};
    frame.meta = {
      ...meta,
      notices: [...(meta.notices ?? []), ...notices.map((text) => ({ severity: 'warning' as const, text }))],
    };
  }
  return frame;
}

function queryError(refId: string, result: QueryResultJSON | undefined): DataQueryError {
  if (!result) {
    return { refId, message: 'The processor sent no answer for this query.' };
  }
  const detail = result.error ? `: ${result.error}` : '';
  return { refId, status: result.status, message: sentence(`The query failed${detail}`) };
}

/** Frames of the queries that ran, errors of those that did not. */
export function mapQueryResponse(
  body: QueryResponseJSON,
  refIds: string[],
  notices: Record<string, string[]> = {}
): DataQueryResponse {
  const data: DataFrame[] = [];
  const errors: DataQueryError[] = [];
  for (const refId of refIds) {
    const result = body.results[refId];
    if (result && result.status >= 200 && result.status < 300 && Array.isArray(result.frames)) {
      data.push(...result.frames.map((f) => toFrame(f, refId, notices[refId])));
    } else {
      errors.push(queryError(refId, result));
    }
  }
  return errors.length > 0 ? { data, errors } : { data };
}

/**
 * A request that failed as a whole. Validation issues name their query (`queries.2.from`), so
 * they are shown on that query; anything else is one error for all of them.
 */
export function mapRequestFailure(failure: HttpFailure, refIds: string[]): DataQueryResponse {
  const issues = isRecord(failure.data) && Array.isArray(failure.data.issues) ? failure.data.issues : [];
  const perQuery = new Map<string, string[]>();
  for (const issue of issues) {
    if (!isRecord(issue) || typeof issue.message !== 'string') {
      continue;
    }
    const path = typeof issue.path === 'string' ? issue.path : '';
    const match = /^queries\.(\d+)\.?(.*)$/.exec(path);
    const refId = match ? refIds[Number(match[1])] : refIds.length === 1 ? refIds[0] : undefined;
    const field = match ? match[2] : path;
    if (refId === undefined) {
      continue;
    }
    perQuery.set(refId, [...(perQuery.get(refId) ?? []), field ? `${field}: ${issue.message}` : issue.message]);
  }
  if (failure.status === 400 && perQuery.size > 0) {
    return {
      data: [],
      errors: [...perQuery].map(([refId, messages]) => ({
        refId,
        status: 400,
        message: sentence(`The processor could not run this query: ${messages.join('; ')}`),
      })),
    };
  }
  return { data: [], errors: [{ status: failure.status, message: describeFailure(failure) }] };
}
