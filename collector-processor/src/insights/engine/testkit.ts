/** Test helpers for the engine: a complete candidate to vary, and a detector proposing fixed ones. */
import { T0 } from '../store/testkit';
import type { Detector, InsightCandidate } from './types';

/** An LCP regression on /checkout that started at T0 + 5 min; overrides replace fields. */
export function candidate(overrides: Partial<InsightCandidate> = {}): InsightCandidate {
  return {
    kind: 'anomaly',
    metric: 'web_vital.LCP.p75',
    scope: { route: '/checkout' },
    startedAt: T0 + 5 * 60_000,
    release: '1.2.0',
    title: 'LCP p75 up on /checkout',
    severity: 'high',
    deltas: [
      { metric: 'web_vital.LCP.p75', value: 3200, baseline: 2400, interval: [3100, 3300], unit: 'ms' },
    ],
    hypotheses: [{ title: 'LCP element img.hero', score: 0.9, evidence: [], queries: [] }],
    affectedSessions: 1200,
    affectedUsers: 800,
    nextStep: 'Compare the hero image of /checkout between 1.1.0 and 1.2.0',
    links: { release: '1.2.0', previousRelease: '1.1.0', deploys: [], issues: ['abc'] },
    ...overrides,
  };
}

/**
 * A detector answering what the test set for each project: a real input to a real engine (the
 * engine reconciles and writes it to ClickHouse), standing in for the statistical detectors.
 */
export function fixedDetector(name = 'fixed') {
  const proposals = new Map<string, InsightCandidate[]>();
  const detector: Detector = { name, detect: async ({ projectId }) => proposals.get(projectId) ?? [] };
  return { detector, proposals };
}
