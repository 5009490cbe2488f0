/**
 * Anomaly detection of the watched metrics (docs/insights.md, "Detection"): `anomalyDetector`
 * with the defaults, or `createAnomalyDetector(options)`; both are engine Detectors.
 */
import { createAnomalyDetector } from './detector';

export { createAnomalyDetector, detectAnomalies, HistoryCache, judgeAll, DETECT_DEFAULTS } from './detector';
export type { AnomalyDetectorOptions } from './detector';
export { detectWindows, WINDOW_DEFAULTS } from './windows';
export type { DetectWindow, WindowOptions } from './windows';
export { SCORE_DEFAULTS } from './score';
export type { Judgement, WatchedSeries } from './score';

export const anomalyDetector = createAnomalyDetector();
