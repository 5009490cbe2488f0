import type { Project } from '../../projects/project-store';
import type { RumRows } from '../../store/rows';
import type { RecentBatches } from '../batch-ids';
import type { IngestRequest } from '../types';

/** The projects whose rows this request stores, and how to release the batch id afterwards. */
export interface Deduplicated {
  /** Every project already stored this batch: answer as the first time did, store nothing. */
  duplicate: boolean;
  perProject: Map<Project, RumRows>;
  /** `true` once the rows are in the WAL; `false` on any failure or when nothing was written. */
  settle(stored: boolean): void;
}

/**
 * Step 5, for requests with a batch id (see batch-ids.ts): claims the id for the projects that
 * have not stored it, waiting for a concurrent request with the same id; the projects that have
 * are left out. Without a batch id every project's rows go on.
 */
export async function deduplicate(
  req: IngestRequest,
  perProject: Map<Project, RumRows>,
  batches: RecentBatches,
): Promise<Deduplicated> {
  if (req.batchId === undefined) return { duplicate: false, perProject, settle: () => undefined };
  const claim = await batches.claim(
    [...perProject.keys()].map((p) => p.id),
    req.batchId,
  );
  const fresh = new Map([...perProject].filter(([project]) => claim.fresh.includes(project.id)));
  return { duplicate: claim.stored.length > 0 && fresh.size === 0, perProject: fresh, settle: claim.settle };
}
