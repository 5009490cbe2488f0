/**
 * Live events: the `live` query polled every second with `since` = the newest `received_at` seen,
 * the new rows merged into what the panel already shows. Emitted as one streaming packet with a
 * stable key, so Grafana replaces the panel's data instead of appending packets. Unsubscribing
 * (panel closed, query changed) stops the timer and cancels the request in flight.
 */
import { DataFrameJSON, DataQueryResponse, LoadingState } from '@grafana/data';
import { catchError, exhaustMap, map, Observable, of, timer } from 'rxjs';
import { describeFailure, toFailure } from '../api/failure';
import { QueryBody } from '../query/request';
import { QueryResponseJSON, toFrame } from '../query/response';

export const LIVE_POLL_MS = 1000;

export interface LiveOptions {
  refId: string;
  /** Stable across packets: Grafana keeps only the latest packet of a key. */
  key: string;
  /** Rows kept on screen (newest first). */
  limit: number;
  body: (since: number | undefined, now: number) => QueryBody;
  post: (body: QueryBody) => Observable<QueryResponseJSON>;
  pollMs?: number;
  now?: () => number;
}

const RECEIVED_FIELDS = ['received_at', 'receivedAt'];

function receivedIndex(frame: DataFrameJSON): number {
  const fields = frame.schema?.fields ?? [];
  const named = fields.findIndex((f) => RECEIVED_FIELDS.includes(f.name));
  return named >= 0 ? named : fields.findIndex((f) => f.type === 'time');
}

/** The newest receive time in the frames (epoch ms), to ask only for what came after it. */
export function newestReceivedAt(frames: DataFrameJSON[]): number | undefined {
  let newest: number | undefined;
  for (const frame of frames) {
    const index = receivedIndex(frame);
    for (const value of index >= 0 ? (frame.data?.values?.[index] ?? []) : []) {
      const n = Number(value);
      if (value !== null && Number.isFinite(n) && (newest === undefined || n > newest)) {
        newest = n;
      }
    }
  }
  return newest;
}

const fieldNames = (frame: DataFrameJSON) => (frame.schema?.fields ?? []).map((f) => f.name).join('\u0000');

function rowsOf(frame: DataFrameJSON): unknown[][] {
  const columns = frame.data?.values ?? [];
  const length = Math.max(0, ...columns.map((c) => c.length));
  return Array.from({ length }, (_, row) => columns.map((c) => c[row]));
}

function withRows(frame: DataFrameJSON, rows: unknown[][]): DataFrameJSON {
  const width = frame.schema?.fields?.length ?? 0;
  return { ...frame, data: { values: Array.from({ length: width }, (_, col) => rows.map((r) => r[col])) } };
}

/**
 * Previous rows plus new rows, newest first by receive time, at most `limit`. A frame whose
 * fields changed (a new processor version) replaces the old one.
 */
export function mergeLiveFrames(previous: DataFrameJSON[], next: DataFrameJSON[], limit: number): DataFrameJSON[] {
  const merged = previous.map((frame) => ({ ...frame }));
  for (const frame of next) {
    const at = merged.findIndex((f) => (f.schema?.name ?? '') === (frame.schema?.name ?? ''));
    const old = at >= 0 && fieldNames(merged[at]) === fieldNames(frame) ? rowsOf(merged[at]) : [];
    const index = receivedIndex(frame);
    const rows = [...rowsOf(frame), ...old];
    if (index >= 0) {
      // Stable: rows received in the same millisecond keep their order.
      rows.sort((a, b) => Number(b[index] ?? 0) - Number(a[index] ?? 0));
    }
    const updated = withRows(frame, rows.slice(0, limit));
    if (at >= 0) {
      merged[at] = updated;
    } else {
      merged.push(updated);
    }
  }
  return merged;
}

export function liveStream(options: LiveOptions): Observable<DataQueryResponse> {
  const { refId, key, limit } = options;
  const now = options.now ?? Date.now;
  return new Observable<DataQueryResponse>((subscriber) => {
    let frames: DataFrameJSON[] = [];
    let since: number | undefined;
    const packet = (errors?: DataQueryResponse['errors']): DataQueryResponse => ({
      key,
      state: LoadingState.Streaming,
      data: frames.map((f) => toFrame(f, refId)),
      ...(errors ? { errors } : {}),
    });
    const polling = timer(0, options.pollMs ?? LIVE_POLL_MS)
      .pipe(
        // A slow answer skips ticks instead of piling requests up.
        exhaustMap(() =>
          options.post(options.body(since, now())).pipe(
            map((body) => ({ body })),
            catchError((err: unknown) => of({ error: describeFailure(toFailure(err)) }))
          )
        )
      )
      .subscribe((result) => {
        if ('error' in result) {
          // Keep polling: a restart of the processor should not end the stream.
          subscriber.next(packet([{ refId, message: result.error }]));
          return;
        }
        const answer = result.body.results?.[refId];
        if (!answer || answer.status < 200 || answer.status >= 300) {
          const message = answer?.error ? `Live events failed: ${answer.error}` : 'Live events failed.';
          subscriber.next(packet([{ refId, message }]));
          return;
        }
        frames = mergeLiveFrames(frames, answer.frames ?? [], limit);
        since = newestReceivedAt(frames) ?? since;
        subscriber.next(packet());
      });
    return () => polling.unsubscribe();
  });
}
