import type { RegisteredHandler } from '../../handler';
import { errorRateHandler } from './error-rate';
import { errorsHandler } from './errors';
import { issueDetailHandler } from './issue-detail';
import { issuesHandler } from './issues';
import { releaseComparisonHandler } from './release-comparison';
import { releasesHandler } from './releases';

/** Errors, issues and releases query types. */
export const handlers: RegisteredHandler[] = [
  errorsHandler,
  errorRateHandler,
  issuesHandler,
  issueDetailHandler,
  releasesHandler,
  releaseComparisonHandler,
];
