import type { Project } from '../../projects/project-store';
import { countRows, type RumRows } from '../../store/rows';
import { failure, RPC, type Encoding } from '../ingest-responses';
import type { RateLimiter } from '../rate-limiter';
import { Refusal } from './refusal';

/**
 * Step 6: the per-project rate limits, charged by rows. Every project is admitted before any is
 * charged or staged: a request refused for one project's limit costs the others nothing, so its
 * retry is not charged twice. `refund` gives the charge back when the request is not stored.
 */
export function admit(
  perProject: Map<Project, RumRows>,
  limiter: RateLimiter,
  encoding: Encoding,
): { refund(): void } | Refusal {
  const charges = [...perProject].map(([project, rows]) => ({
    projectId: project.id,
    ratePerSecond: project.rateLimitPerSecond,
    cost: countRows(rows),
  }));
  const admission = limiter.admit(charges);
  if (admission.wait > 0) {
    return new Refusal(
      'rate_limited',
      failure(
        encoding,
        429,
        RPC.RESOURCE_EXHAUSTED,
        `project ${admission.limitedProjectId} is over its rate limit`,
        { 'Retry-After': String(admission.wait) },
      ),
    );
  }
  return { refund: () => limiter.refund(charges) };
}
