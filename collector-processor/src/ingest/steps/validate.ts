import type { Wal } from '../../wal/wal';
import { batchIdProblem } from '../batch-ids';
import { encodingOf, failure, RPC, type Encoding } from '../ingest-responses';
import type { IngestRequest } from '../types';
import { Refusal } from './refusal';

/**
 * Step 1, before any work: the content type (which also picks the encoding of every answer after
 * this one), the batch id's form, and room in the WAL: an overloaded processor refuses before it
 * spends a cycle on decoding.
 */
export function validate(req: IngestRequest, wal: Pick<Wal, 'isFull'>): { encoding: Encoding } | Refusal {
  const encoding = encodingOf(req.contentType);
  if (!encoding) {
    return new Refusal(
      'unsupported_media_type',
      failure(
        'json',
        415,
        RPC.INVALID_ARGUMENT,
        `unsupported content type "${req.contentType ?? ''}": send application/x-protobuf or application/json`,
      ),
    );
  }
  const batchProblem = req.batchId === undefined ? undefined : batchIdProblem(req.batchId);
  if (batchProblem)
    return new Refusal('bad_batch_id', failure(encoding, 400, RPC.INVALID_ARGUMENT, batchProblem));
  if (wal.isFull()) {
    return new Refusal(
      'wal_full',
      failure(encoding, 503, RPC.UNAVAILABLE, 'ingest is overloaded: retry later', { 'Retry-After': '5' }),
    );
  }
  return { encoding };
}
