/**
 * Issues, their lifecycle, and releases (issue #4; docs/issues.md). processor.ts starts the
 * lifecycle; app.ts mounts the routers under /api/v1.
 */
export { issueRoutes, type IssueRouteDeps } from './issue-routes';
export { releaseRoutes } from './release-routes';
export {
  startIssueLifecycle,
  lifecyclePass,
  type IssueLifecycle,
  type IssueLifecycleOptions,
} from './lifecycle';
export { compareReleases, ReleaseOrder, releaseSemver, type ReleaseInfo } from './release-order';
export { explainGrouping, parseGrouping, type Grouping } from './grouping';
export { STATUSES, type IssueState, type Status } from './state';
