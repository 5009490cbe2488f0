/** Test helpers for the narrative: a realistic candidate (a release made /checkout's LCP slower). */
import type { InsightCandidate } from '../engine/types';

export const ONSET = Date.UTC(2026, 11, 1, 10, 0, 0);

/** Every field set, numbers as a detector would write them; overrides replace fields. */
export function candidate(overrides: Partial<InsightCandidate> = {}): InsightCandidate {
  return {
    kind: 'release_regression',
    metric: 'web_vital.LCP.p75',
    scope: { route: '/checkout' },
    startedAt: ONSET,
    release: '1.4.2',
    title: 'LCP p75 regressed on /checkout in 1.4.2',
    severity: 'high',
    deltas: [{ metric: 'LCP p75', value: 3180, baseline: 2410, interval: [2950, 3400], unit: 'ms' }],
    hypotheses: [
      {
        title: 'attribution.url = https://cdn.example.com/img/hero-v2.jpg',
        score: 0.82,
        evidence: [
          { explanatoryPower: 0.82, surprise: 0.31, baseline: 2390, current: 3620, interval: [3400, 3810] },
        ],
        queries: [{ queryType: 'web_vitals', view: 'table', filters: { route: '/checkout' } }],
      },
      {
        title: 'browser = Chrome',
        score: 0.41,
        evidence: [{ explanatoryPower: 0.41, surprise: 0.05, baseline: 2420, current: 3100 }],
        queries: [],
      },
    ],
    affectedSessions: 1840,
    affectedUsers: 1210,
    nextStep: 'Compare the hero image of 1.4.2 with the one of 1.4.1',
    links: {
      release: '1.4.2',
      previousRelease: '1.4.1',
      deploys: [{ release: '1.4.2', environment: 'production', at: ONSET - 120_000 }],
      issues: ['a1b2c3'],
    },
    ...overrides,
  };
}
