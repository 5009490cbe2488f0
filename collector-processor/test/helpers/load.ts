import { encodeTraces, TracePayloads, type Encoding } from './otlp-payloads';

export interface LoadResult {
  /** Span ids of every request answered 2xx. */
  ackedSpanIds: string[];
  statuses: Map<number | string, number>;
  requests: number;
}

/**
 * Bounded load generator on loopback: `workers` loops each sending requests of `spansPerRequest`
 * fetch spans until `shouldStop()` or `maxRequests` per worker. Connection errors (a killed
 * processor) are counted, never thrown: only 2xx answers count as acknowledged.
 */
export async function sendLoad(opts: {
  url: () => string;
  key: string;
  workers: number;
  spansPerRequest: number;
  maxRequestsPerWorker: number;
  shouldStop?: () => boolean;
  encoding?: Encoding;
  gzip?: boolean;
  firstSpanId?: bigint;
}): Promise<LoadResult> {
  const result: LoadResult = { ackedSpanIds: [], statuses: new Map(), requests: 0 };
  const base = opts.firstSpanId ?? 1n;
  await Promise.all(
    Array.from({ length: opts.workers }, async (_, w) => {
      const payloads = new TracePayloads({ 'service.name': 'load' }, base + BigInt(w) * 10_000_000n);
      for (let i = 0; i < opts.maxRequestsPerWorker && !opts.shouldStop?.(); i++) {
        const { spans, spanIds } = payloads.fetchSpans(opts.spansPerRequest);
        const { body, headers } = encodeTraces(
          spans,
          opts.encoding ?? (i % 2 ? 'protobuf' : 'json'),
          opts.gzip ?? i % 3 === 0,
        );
        let status: number | string;
        try {
          const res = await fetch(`${opts.url()}/v1/traces`, {
            method: 'POST',
            headers: { ...headers, 'x-pulsetrace-key': opts.key },
            body,
            signal: AbortSignal.timeout(15_000),
          });
          await res.arrayBuffer();
          status = res.status;
          if (res.ok) result.ackedSpanIds.push(...spanIds);
        } catch (err) {
          status = (err as Error).name;
          await new Promise((r) => setTimeout(r, 20));
        }
        result.requests++;
        result.statuses.set(status, (result.statuses.get(status) ?? 0) + 1);
      }
    }),
  );
  return result;
}
