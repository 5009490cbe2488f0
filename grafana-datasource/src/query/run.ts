/**
 * A panel's request to packets: data queries batched to POST /api/v1/query (at most 20 a call),
 * each live query as its own polling stream, annotation queries through the annotation runner.
 * Each source has its own packet key, so Grafana keeps the latest packet of each.
 */
import { DataQueryError, DataQueryRequest, DataQueryResponse, LoadingState } from '@grafana/data';
import { catchError, defer, forkJoin, map, merge, Observable, of } from 'rxjs';
import { ProcessorClient } from '../api/client';
import { toFailure } from '../api/failure';
import { runAnnotation } from '../annotations/run';
import { liveStream } from '../live/live';
import { PulseTraceQuery } from '../types';
import { templateInterpolator } from './interpolate';
import { migrateQuery } from './migrate';
import { BuildContext, buildQueryBody, QueryBody } from './request';
import { isQueryResponse, mapQueryResponse, mapRequestFailure } from './response';

export const MAX_QUERIES_PER_REQUEST = 20;
/** The processor returns at most 500 live events a poll; the panel keeps `limit` rows (500 by default). */
export const LIVE_MAX_PER_POLL = 500;

/** One poll of a live query: the dashboard range's end would hide what arrives next, so up to now, after `since`. */
export function livePollBody(body: QueryBody, limit: number | undefined, since: number | undefined, now: number) {
  return {
    ...body,
    to: Math.max(now, body.from + 1),
    limit: Math.min(limit ?? LIVE_MAX_PER_POLL, LIVE_MAX_PER_POLL),
    ...(since ? { since } : {}),
  };
}

export interface RunSettings {
  defaultProject?: string;
}

function batches<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) {
    out.push(items.slice(i, i + size));
  }
  return out;
}

function runBatch(client: ProcessorClient, bodies: QueryBody[], notices: Record<string, string[]>, requestId?: string) {
  const refIds = bodies.map((b) => b.refId);
  return client.query$(bodies, requestId).pipe(
    map((answer) =>
      isQueryResponse(answer)
        ? mapQueryResponse(answer, refIds, notices)
        : mapRequestFailure({ message: 'the processor did not answer with query results' }, refIds)
    ),
    catchError((err: unknown) => {
      const failure = toFailure(err);
      // All queries failed: the processor answers 500 with each query's error in `results`.
      return of(
        isQueryResponse(failure.data)
          ? mapQueryResponse(failure.data, refIds, notices)
          : mapRequestFailure(failure, refIds)
      );
    })
  );
}

/** The data queries of a request: one packet with every frame and error. */
function runDataQueries(
  client: ProcessorClient,
  queries: PulseTraceQuery[],
  ctx: BuildContext,
  requestId: string
): Observable<DataQueryResponse> {
  const bodies: QueryBody[] = [];
  const notices: Record<string, string[]> = {};
  const invalid: DataQueryError[] = [];
  for (const query of queries) {
    const built = buildQueryBody(query, ctx);
    if (built.ok) {
      bodies.push(built.body);
      notices[query.refId] = built.notices;
    } else {
      invalid.push({ refId: built.refId, message: built.message });
    }
  }
  const calls = batches(bodies, MAX_QUERIES_PER_REQUEST).map((batch, i) =>
    runBatch(client, batch, notices, i === 0 ? requestId : `${requestId}-${i}`)
  );
  return (calls.length > 0 ? forkJoin(calls) : of([])).pipe(
    map((packets) => {
      const data = packets.flatMap((p) => p.data);
      const errors = [...invalid, ...packets.flatMap((p) => p.errors ?? [])];
      return { key: 'pulsetrace-queries', state: LoadingState.Done, data, ...(errors.length ? { errors } : {}) };
    })
  );
}

export function runRequest(
  client: ProcessorClient,
  request: DataQueryRequest<PulseTraceQuery>,
  settings: RunSettings
): Observable<DataQueryResponse> {
  const interpolate = templateInterpolator(request.scopedVars);
  const queries = request.targets.filter((t) => !t.hide).map((t) => ({ ...migrateQuery(t), refId: t.refId ?? 'A' }));
  const from0 = request.range.from.valueOf();
  const to0 = request.range.to.valueOf();
  const ctx: BuildContext = {
    from: from0,
    to: to0,
    intervalMs: request.intervalMs,
    maxDataPoints: request.maxDataPoints,
    defaultProject: settings.defaultProject,
    interpolate,
    adhocFilters: request.filters,
    groupByKeys: request.groupByKeys,
  };
  const annotations = queries.filter((q) => q.annotation);
  const live = queries.filter((q) => !q.annotation && q.type === 'live');
  const data = queries.filter((q) => !q.annotation && q.type !== 'live');
  const streams: Array<Observable<DataQueryResponse>> = [];
  if (data.length > 0) {
    streams.push(runDataQueries(client, data, ctx, request.requestId));
  }
  for (const query of annotations) {
    const annotationCtx = { from: from0, to: to0, defaultProject: settings.defaultProject, interpolate };
    streams.push(
      defer(() => runAnnotation(client, query, annotationCtx)).pipe(
        map((r) => ({ ...r, key: `pulsetrace-annotations-${query.refId}` }))
      )
    );
  }
  for (const query of live) {
    const first = buildQueryBody(query, ctx);
    if (!first.ok) {
      streams.push(
        of({
          key: `pulsetrace-live-${query.refId}`,
          data: [],
          errors: [{ refId: query.refId, message: first.message }],
        })
      );
      continue;
    }
    streams.push(
      liveStream({
        refId: query.refId,
        key: `pulsetrace-live-${query.refId}`,
        limit: query.limit ?? LIVE_MAX_PER_POLL,
        body: (since, now) => livePollBody(first.body, query.limit, since, now),
        post: (body) => client.query$([body]),
      })
    );
  }
  return streams.length > 0 ? merge(...streams) : of({ data: [] });
}
