import type { DecodedResource } from '../../pipeline/types';
import { originAllowed, type Project, type ProjectStore } from '../../projects/project-store';
import { failure, RPC, type Encoding } from '../ingest-responses';
import type { IngestRequest } from '../types';
import { Refusal } from './refusal';

/** Resource attribute that carries the ingest key through a collector hop. */
export const PROJECT_KEY_ATTRIBUTE = 'pulsetrace.project.key';

/**
 * Step 2, before the body is inflated or decoded: the request's ingest key (header or `?key=`)
 * and its origin. Without a key the request may still carry one per resource: mapToRows checks
 * those, with the same origin policy.
 */
export function authenticate(
  req: IngestRequest,
  projects: ProjectStore,
  encoding: Encoding,
): { headerProject: Project | undefined } | Refusal {
  if (!req.key) return { headerProject: undefined };
  const headerProject = projects.findByKey(req.key);
  if (!headerProject)
    return new Refusal(
      'unknown_key',
      failure(encoding, 401, RPC.UNAUTHENTICATED, 'unknown or expired ingest key'),
    );
  if (req.origin && !originAllowed(headerProject, req.origin)) {
    return new Refusal(
      'origin_not_allowed',
      failure(encoding, 403, RPC.PERMISSION_DENIED, `origin ${req.origin} is not allowed for this project`),
    );
  }
  return { headerProject };
}

/** The project of a resource's `pulsetrace.project.key`, if it names one. */
export function projectFromResource(resource: DecodedResource, projects: ProjectStore): Project | undefined {
  const key = resource.attributes[PROJECT_KEY_ATTRIBUTE];
  return typeof key === 'string' ? projects.findByKey(key) : undefined;
}
