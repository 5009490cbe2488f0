/**
 * Sends queued batches to `<endpoint>/v1/traces`, oldest first, one at a time: gzip where the
 * browser has CompressionStream, the batch id as `x-pulsetrace-batch` (the processor stores a
 * batch once however often it arrives), exponential backoff with jitter on network errors and
 * 5xx, the server's Retry-After on 429/503, and a wake-up on `online`. A batch leaves the queue
 * only on an answer that settles it: 2xx, or a 4xx other than 408/429 (resending cannot help).
 */
import type { DebugLogger } from '../core/debug-logger';
import type { BatchStore, StoredBatch } from './store';

export const BATCH_HEADER = 'x-pulsetrace-batch';
const MAX_BACKOFF_MS = 5 * 60_000;
/** fetch keepalive bodies share a 64 KiB in-flight budget per page. */
const KEEPALIVE_MAX_BYTES = 60_000;

/** Pure: delay before retry number `attempt` (1-based), honouring a Retry-After header. */
export function retryDelayMs(attempt: number, retryAfter: string | null, random: number): number {
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  if (seconds >= 0) return Math.min(seconds * 1000, MAX_BACKOFF_MS);
  const date = retryAfter ? Date.parse(retryAfter) - Date.now() : NaN;
  if (date >= 0) return Math.min(date, MAX_BACKOFF_MS);
  const base = Math.min(1000 * 2 ** (attempt - 1), MAX_BACKOFF_MS);
  return Math.round(base * (0.5 + random));
}

/** Pure: what an HTTP status means for a batch. */
export function outcomeOf(status: number): 'done' | 'drop' | 'retry' {
  if (status >= 200 && status < 300) return 'done';
  if (status === 408 || status === 429 || status >= 500) return 'retry';
  return 'drop';
}

/**
 * The processor's reason for refusing or trimming a batch (google.rpc.Status `message`, `{error}`,
 * or partial_success's `errorMessage`), for the debug log only; never throws.
 */
const serverReason = (res: Response): Promise<string> =>
  res
    .json()
    .then((b) => b.message || b.error || b.partialSuccess?.errorMessage || '')
    .catch(() => '');

/**
 * Pure: an OTLP/JSON body with `key` as every resource's `pulsetrace.project.key`, for a beacon
 * (no headers): a collector drops `?key=`, and its resource/project-key `insert` keeps this one.
 * Any other body comes back unchanged.
 */
export function withKeyAttribute(body: string, key: string): string {
  try {
    const req = JSON.parse(body);
    for (const rs of req.resourceSpans)
      ((rs.resource ??= {}).attributes ??= []).push({
        key: 'pulsetrace.project.key',
        value: { stringValue: key },
      });
    return JSON.stringify(req);
  } catch {
    return body;
  }
}

async function gzip(body: string): Promise<Blob | undefined> {
  if (typeof CompressionStream === 'undefined') return undefined;
  const stream = new Blob([body]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Response(stream).blob();
}

export interface Sender {
  drain(): void;
  /** Fire-and-forget delivery while the page is going away (keepalive, then sendBeacon). */
  sendOnUnload(batch: StoredBatch): void;
  /** While the page is going away: sends the batch of an ordinary POST still in flight again. */
  rescueInFlight(): void;
  /** Resolves when the queue has been attempted once. */
  flush(): Promise<void>;
  stop(): void;
}

export function createSender(
  url: string,
  key: string | undefined,
  store: BatchStore,
  debug: DebugLogger,
): Sender {
  let running: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let attempt = 0;
  let stopped = false;
  let inFlight: StoredBatch | undefined;
  let rescued: string | undefined;
  const headers = (id: string): Record<string, string> => ({
    'content-type': 'application/json',
    [BATCH_HEADER]: id,
    ...(key ? { 'x-pulsetrace-key': key } : {}),
  });

  const post = async (batch: StoredBatch): Promise<Response> => {
    const zipped = await gzip(batch.body).catch(() => undefined);
    const h = headers(batch.id);
    if (zipped) h['content-encoding'] = 'gzip';
    return fetch(url, { method: 'POST', headers: h, body: zipped ?? batch.body, credentials: 'omit' });
  };

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      drain();
    }, ms);
  };

  const run = async (): Promise<void> => {
    for (const batch of await store.list()) {
      if (stopped) return;
      let status = 0;
      let retryAfter: string | null = null;
      let res: Response | undefined;
      try {
        inFlight = batch;
        res = await post(batch);
        status = res.status;
        retryAfter = res.headers.get('retry-after');
      } catch (err) {
        debug.warn('export failed (offline?); will retry', err);
      } finally {
        inFlight = undefined;
      }
      // Only in debug mode, and once the batch is no longer in flight (a page hide meanwhile must
      // not resend a delivered batch instead of the next one): the body says why.
      const reason = debug.enabled && res ? await serverReason(res) : '';
      const outcome = status ? outcomeOf(status) : 'retry';
      if (reason || outcome === 'drop')
        debug.warn(
          `the endpoint answered a batch with HTTP ${status}${outcome === 'drop' ? '; dropping it' : ''}: ${reason}`,
        );
      if (outcome === 'retry') {
        schedule(retryDelayMs(++attempt, retryAfter, Math.random()));
        return;
      }
      attempt = 0;
      await store.remove(batch.id);
    }
  };

  // A drain asked for while a run is under way (a batch queued meanwhile) runs again after it,
  // so flush() never returns with a batch nobody will send until the next record.
  let again = false;
  function drain(): void {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    again = false;
    clearTimeout(timer);
    timer = undefined;
    running = run()
      .catch((err) => debug.warn('sending failed', err))
      .finally(() => {
        running = undefined;
        if (again && !timer) drain();
      });
  }

  const online = () => {
    attempt = 0;
    drain();
  };
  addEventListener('online', online);

  return {
    drain,
    sendOnUnload(batch) {
      const { body, id } = batch;
      try {
        if (body.length <= KEEPALIVE_MAX_BYTES) {
          fetch(url, { method: 'POST', headers: headers(id), body, keepalive: true, credentials: 'omit' })
            .then((res) => (outcomeOf(res.status) === 'retry' ? undefined : store.remove(id)))
            .catch(() => undefined);
          return;
        }
      } catch {
        // fetch keepalive unsupported: try a beacon (no headers, so key and batch go in the query
        // for the processor, and the key in the body too for a collector)
      }
      try {
        const q = `${url.includes('?') ? '&' : '?'}batch=${id}${key ? `&key=${encodeURIComponent(key)}` : ''}`;
        const data = key ? withKeyAttribute(body, key) : body;
        navigator.sendBeacon(url + q, new Blob([data], { type: 'application/json' }));
      } catch (err) {
        debug.warn('sendBeacon failed; the batch stays queued for the next visit', err);
      }
    },
    // Firefox aborts an ordinary fetch when the page goes away: its batch would wait in the queue
    // for the next visit, which may never come. Same batch id, so the processor stores it once.
    rescueInFlight() {
      if (!inFlight || inFlight.id === rescued) return;
      rescued = inFlight.id;
      this.sendOnUnload(inFlight);
    },
    async flush() {
      drain();
      // Follows the re-runs too: resolves once nothing queued so far is left unattempted.
      while (running) await running;
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
      removeEventListener('online', online);
    },
  };
}
