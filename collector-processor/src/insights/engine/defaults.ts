/**
 * What the processor's engine runs: the anomaly detector (insights/detect), the release regression
 * detector (insights/release) and the narrator (insights/narrative: the template, or an LLM when
 * PULSETRACE_LLM_* configure one). Kept apart from engine.ts so the engine stays a function of
 * what it is given (tests pass their own detectors).
 */
import type { Logger } from 'pino';
import type { Config } from '../../config/config';
import type { Metrics } from '../../observability/metrics';
import { createAnomalyDetector } from '../detect';
import { createNarrator } from '../narrative';
import { createReleaseRegressionDetector } from '../release';
import type { Narrator } from './engine';
import type { Detector } from './types';

/** New instances per processor: the anomaly detector caches history per process. */
export function defaultDetectors(): Detector[] {
  return [createAnomalyDetector(), createReleaseRegressionDetector()];
}

export function defaultNarrator(config: Config, log: Logger, metrics: Metrics): Narrator {
  return createNarrator(config, log, metrics);
}
