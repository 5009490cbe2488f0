/**
 * The whole OTLP ingest path, independent of Express (http/otlp-routes.ts and faro-routes.ts call
 * it): one request, as named steps, each in steps/<name>.ts.
 *
 *   validate → authenticate → decode → mapToRows → deduplicate → admit → runStages → persist → respond
 *
 * The order is part of the contract, and tests hold it (test/http-edge.test.ts, bad-input.test.ts,
 * overload.test.ts, idempotent-batches.test.ts): the content type first (it picks the encoding of
 * every later answer), then the batch id's form, then WAL room (an overloaded processor refuses
 * before decoding), then the key and origin before the body is inflated (a stranger's gzip costs
 * nothing), then the size, decoding and mapping; a resent batch is recognised before the rate
 * limit charges it; stages run only on admitted rows; the answer is 200 only once the WAL holds
 * the rows. A step that refuses returns a `Refusal`, counted under its reason in
 * `pulsetrace_ingest_rejected_total`; a refusal after admission gives the rate-limit charge back.
 */
import type { Metrics } from '../observability/metrics';
import { ok, type IngestResponse } from './ingest-responses';
import { admit } from './steps/admit';
import { authenticate } from './steps/authenticate';
import { countRecords, decode } from './steps/decode';
import { deduplicate } from './steps/deduplicate';
import { mapToRows } from './steps/map';
import { persist } from './steps/persist';
import { Refusal } from './steps/refusal';
import { respond } from './steps/respond';
import { runStages } from './steps/run-stages';
import { validate } from './steps/validate';
import type { IngestDeps, IngestRequest } from './types';

export type { IngestResponse } from './ingest-responses';
export type { IngestDeps, IngestRequest } from './types';
export { PROJECT_KEY_ATTRIBUTE } from './steps/authenticate';

function refused(refusal: Refusal, metrics: Pick<Metrics, 'rejected'>): IngestResponse {
  metrics.rejected.inc({ reason: refusal.reason });
  return refusal.response;
}

export async function ingest(req: IngestRequest, deps: IngestDeps): Promise<IngestResponse> {
  const { metrics } = deps;
  const valid = validate(req, deps.wal);
  if (valid instanceof Refusal) return refused(valid, metrics);
  const { encoding } = valid;

  const sender = authenticate(req, deps.projects, encoding);
  if (sender instanceof Refusal) return refused(sender, metrics);

  const decoded = await decode(req, encoding, deps.maxBodyBytes);
  if (decoded instanceof Refusal) return refused(decoded, metrics);
  metrics.received.inc({ signal: req.signal }, countRecords(decoded));

  const mapped = mapToRows(decoded, req, sender.headerProject, encoding, deps);
  if (mapped instanceof Refusal) return refused(mapped, metrics);

  const batch = await deduplicate(req, mapped.perProject, deps.batches);
  let stored = false;
  try {
    if (batch.duplicate) {
      metrics.duplicateBatches.inc({ signal: req.signal });
      return ok(req.signal, encoding);
    }
    const admitted = admit(batch.perProject, deps.limiter, encoding);
    if (admitted instanceof Refusal) return refused(admitted, metrics);

    let persisted: Awaited<ReturnType<typeof persist>>;
    try {
      const rows = await runStages(req, batch.perProject, mapped.receivedAtMs, deps.pipeline);
      const projectIds = [...batch.perProject.keys()].map((p) => p.id);
      persisted = await persist(req, rows, projectIds, mapped.receivedAtMs, encoding, deps);
    } catch (err) {
      admitted.refund();
      throw err;
    }
    if (persisted instanceof Refusal) {
      // Not stored: the client retries, and that retry should not pay twice.
      admitted.refund();
      return refused(persisted, metrics);
    }
    stored = persisted.count > 0;
    return respond(req, encoding, mapped, metrics);
  } finally {
    // Releases the batch id to requests waiting on it; remembered only when stored.
    batch.settle(stored);
  }
}
