import type { IngestResponse } from '../ingest-responses';

/**
 * A request refused at one step: the answer, and the `reason` label it counts under in
 * `pulsetrace_ingest_rejected_total`. Steps return it instead of throwing, so `ingest()` shows
 * every way out.
 */
export class Refusal {
  constructor(
    readonly reason: string,
    readonly response: IngestResponse,
  ) {}
}
