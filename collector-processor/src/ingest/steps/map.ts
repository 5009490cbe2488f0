import type { Metrics } from '../../observability/metrics';
import { mapResource } from '../../pipeline/map';
import type { UnmappedReason } from '../../pipeline/map/unmapped';
import type { DecodedRequest, DecodedResource } from '../../pipeline/types';
import { originAllowed, type Project, type ProjectStore } from '../../projects/project-store';
import { emptyRumRows, SIGNAL_TABLES, type RumRows } from '../../store/rows';
import { failure, RPC, type Encoding } from '../ingest-responses';
import type { IngestRequest } from '../types';
import { PROJECT_KEY_ATTRIBUTE, projectFromResource } from './authenticate';
import { countRecords } from './decode';
import { Refusal } from './refusal';

/** The request's rows by project, and what became no row (for partial success and metrics). */
export interface MappedRequest {
  perProject: Map<Project, RumRows>;
  /** Records refused (no key, origin, invalid), with their reasons. */
  rejected: number;
  reasons: Set<string>;
  /** Records accepted that map to no row, by reason (pipeline/map/unmapped.ts). */
  unmapped: Map<UnmappedReason, number>;
  receivedAtMs: number;
}

/** The ingest key is a credential: it is read for routing and never stored with the data. */
function withoutKey(resource: DecodedResource): DecodedResource {
  if (!(PROJECT_KEY_ATTRIBUTE in resource.attributes)) return resource;
  const { [PROJECT_KEY_ATTRIBUTE]: _key, ...attributes } = resource.attributes;
  return { ...resource, attributes };
}

/**
 * Step 4: each resource to its project (the header key's, else the resource's own key, checked
 * like the header's) and its records to typed RUM rows (pipeline/map/). A request none of whose
 * resources has a project is refused as a bad key would be.
 */
export function mapToRows(
  decoded: DecodedRequest,
  req: IngestRequest,
  headerProject: Project | undefined,
  encoding: Encoding,
  deps: { projects: ProjectStore; metrics: Pick<Metrics, 'timestampsAdjusted'> },
): MappedRequest | Refusal {
  const receivedAtMs = Date.now();
  const perProject = new Map<Project, RumRows>();
  let rejected = 0;
  let refusedForOrigin = 0;
  const reasons = new Set<string>();
  const unmapped = new Map<UnmappedReason, number>();
  for (const resource of decoded.resources) {
    const project = headerProject ?? projectFromResource(resource, deps.projects);
    if (!project) {
      rejected += countRecords([resource]);
      reasons.add('no valid ingest key for this resource');
      continue;
    }
    // The header key's project was checked by authenticate; a resource's key gets the same origin
    // policy, or a browser on any site could post with a key it only put in the resource.
    if (!headerProject && req.origin && !originAllowed(project, req.origin)) {
      const records = countRecords([resource]);
      rejected += records;
      refusedForOrigin += records;
      reasons.add(
        `origin ${req.origin} is not allowed for the project of a resource's ${PROJECT_KEY_ATTRIBUTE}`,
      );
      continue;
    }
    const mapped = mapResource(withoutKey(resource), {
      projectId: project.id,
      retentionDays: project.retentionDays,
      receivedAtMs,
    });
    rejected += mapped.rejected;
    for (const reason of mapped.reasons) reasons.add(reason);
    for (const [reason, n] of mapped.unmapped) unmapped.set(reason, (unmapped.get(reason) ?? 0) + n);
    for (const [reason, n] of mapped.timestampsAdjusted) deps.metrics.timestampsAdjusted.inc({ reason }, n);
    let rows = perProject.get(project);
    if (!rows) perProject.set(project, (rows = emptyRumRows()));
    for (const table of SIGNAL_TABLES) (rows[table] as unknown[]).push(...mapped.rows[table]);
  }
  // Nothing admitted: answer as the header key would (403 when a valid key came from a refused
  // origin, else 401). With some resources admitted, the refused ones count in partial_success.
  if (!headerProject && perProject.size === 0 && refusedForOrigin > 0) {
    return new Refusal(
      'origin_not_allowed',
      failure(
        encoding,
        403,
        RPC.PERMISSION_DENIED,
        `origin ${req.origin ?? ''} is not allowed for the project of the pulsetrace.project.key resource attribute`,
      ),
    );
  }
  if (!headerProject && perProject.size === 0 && rejected > 0) {
    return new Refusal(
      'unknown_key',
      failure(
        encoding,
        401,
        RPC.UNAUTHENTICATED,
        'no valid ingest key: send the x-pulsetrace-key header, ?key= or the pulsetrace.project.key resource attribute',
      ),
    );
  }
  return { perProject, rejected, reasons, unmapped, receivedAtMs };
}
