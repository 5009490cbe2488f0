/** Test helpers for insights: a complete card to vary. */
import type { Insight } from './insight';
export const T0 = Date.UTC(2026, 11, 1, 10, 0, 0);

/** A card with every field set, for tests; overrides replace fields. */
export function card(overrides: Partial<Insight> = {}): Insight {
  return {
    projectId: 'p1',
    insightId: 'x',
    version: 1,
    retentionDays: 30,
    kind: 'anomaly',
    metric: 'lcp_p75',
    scope: { route: '/checkout' },
    title: 'LCP p75 up on /checkout',
    severity: 'high',
    status: 'open',
    startedAt: T0,
    detectedAt: T0 + 60_000,
    updatedAt: T0 + 60_000,
    resolvedAt: null,
    release: '1.2.0',
    affectedSessions: 10,
    affectedUsers: 5,
    deltas: [],
    hypotheses: [],
    summary: '',
    summarySource: 'template',
    summaryPromptVersion: '',
    nextStep: 'Compare the release with the previous one',
    links: { release: '1.2.0', deploys: [], issues: [] },
    lastActiveAt: T0 + 60_000,
    updatedBy: 'engine',
    ...overrides,
  };
}
