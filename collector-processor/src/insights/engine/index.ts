/** The insight engine (docs/insights.md "Engine"); processor.ts starts it. */
export {
  createInsightEngine,
  startInsightEngine,
  type EvaluationResult,
  type InsightEngine,
  type InsightEngineOptions,
  type InsightEvent,
  type Narrator,
  type RunningInsightEngine,
} from './engine';
export { mergeCandidates, SAME_INCIDENT_MS, sameIncident } from './incident';
export {
  DEFAULT_RECONCILE,
  reconcile,
  type CardChange,
  type CardWrite,
  type ReconcileOptions,
} from './reconcile';
export { templateSummary } from './summary';
export type { DetectContext, Detector, InsightCandidate, InsightLinks } from './types';
