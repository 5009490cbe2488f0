import type { Metrics } from '../../observability/metrics';
import { describeUnmapped } from '../../pipeline/map/unmapped';
import { ok, type Encoding, type IngestResponse } from '../ingest-responses';
import type { IngestRequest } from '../types';
import type { MappedRequest } from './map';

/**
 * Last step, once the request is stored: 200, with OTLP partial success counting every record not
 * stored (refused or mapped to no row). Counted here, not earlier: a refused request is resent and
 * would count twice.
 */
export function respond(
  req: IngestRequest,
  encoding: Encoding,
  { rejected, reasons, unmapped }: MappedRequest,
  metrics: Pick<Metrics, 'rejected' | 'unmapped'>,
): IngestResponse {
  if (rejected > 0) metrics.rejected.inc({ reason: 'partial' }, rejected);
  let notStored = rejected;
  for (const [reason, n] of unmapped) {
    metrics.unmapped.inc({ signal: req.signal, reason }, n);
    notStored += n;
  }
  const messages = [...describeUnmapped(unmapped, req.signal), ...reasons].slice(0, 8);
  const partial = notStored > 0 ? { rejected: notStored, message: messages.join('; ') } : undefined;
  return ok(req.signal, encoding, partial);
}
