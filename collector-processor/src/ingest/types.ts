import type { Metrics } from '../observability/metrics';
import type { Pipeline } from '../pipeline/registry';
import type { DecodedRequest, Signal } from '../pipeline/types';
import type { ProjectStore } from '../projects/project-store';
import type { Wal } from '../wal/wal';
import type { RecentBatches } from './batch-ids';
import type { RateLimiter } from './rate-limiter';

/** One OTLP request as the ingest path sees it, independent of Express. */
export interface IngestRequest {
  signal: Signal;
  contentType: string | undefined;
  contentEncoding: string | undefined;
  body: Buffer;
  /** From the `x-pulsetrace-key` header or the `key` query parameter. */
  key: string | undefined;
  origin: string | undefined;
  /** From the `x-pulsetrace-batch` header or the `batch` query parameter: the batch is stored once. */
  batchId?: string;
  /** The sender's address (X-Forwarded-For when PULSETRACE_TRUST_PROXY is set). */
  clientIp?: string;
  /** The User-Agent header: the browser's own when it posts directly. */
  userAgent?: string;
  /**
   * Decodes a body that is not OTLP (Grafana Faro's native payload, faro/decode.ts); throws
   * OtlpDecodeError for a malformed one. OTLP is decoded by `signal` when absent.
   */
  decode?: (body: Buffer) => DecodedRequest;
}

export interface IngestDeps {
  projects: ProjectStore;
  wal: Wal;
  limiter: RateLimiter;
  metrics: Metrics;
  maxBodyBytes: number;
  batches: RecentBatches;
  /** The stages after mapping (pipeline/registry.ts: sample, enrich, symbolicate, scrub, fingerprint). */
  pipeline: Pick<Pipeline, 'run'>;
}
