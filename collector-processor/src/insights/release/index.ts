/**
 * Release regressions (issue #16): the detector that compares the newest releases with their
 * predecessors, and the correlated changes of a release, which the anomaly detector also uses.
 * docs/insights.md, "Release regressions".
 */
export {
  correlatedChanges,
  createReleaseRegressionDetector,
  explainMetricOf,
  releaseRegressionDetector,
} from './detector';
export type { CorrelatedChanges, CorrelatedRequest } from './detector';
export {
  binomialTail,
  earlyRateP,
  holmAdjust,
  judgeMetrics,
  lookRule,
  MIN_ABSOLUTE,
  severityOf,
} from './compare';
export type { JudgedMetric, MetricComparison } from './compare';
export { changeScore } from './correlated';
export { rankHypotheses, relevantKinds } from './rank';
export type { ChangeKind, CorrelatedChange, SideSessions } from './correlated';
export {
  candidateBaselines,
  chooseWindows,
  firstLook,
  lookStep,
  RELEASE_DEFAULTS,
  releasesToAnalyse,
  verdictStands,
} from './select';
export type { ComparisonWindows, ReleaseOptions, ReleasePair, ReleaseTraffic, WindowMode } from './select';
export type { Sides } from './sql';
