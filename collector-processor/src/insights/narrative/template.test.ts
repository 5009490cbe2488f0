import { formatNumber, templateSummary } from './template';
import { candidate, ONSET } from './testkit';

describe('formatNumber', () => {
  it.each<[number, string]>([
    [2.5, '2.5'],
    [0.031234, '0.0312'],
    [1240, '1,240'],
    [3184.7, '3,180'],
    [0, '0'],
    [NaN, 'NaN'],
  ])('%p -> %s', (v, s) => expect(formatNumber(v)).toBe(s));
});

describe('templateSummary', () => {
  it('says what moved, where, how much, the top cause, the deploy and the next step', () => {
    expect(templateSummary(candidate())).toBe(
      'LCP p75 for route /checkout went from 2,410 ms to 3,180 ms (interval 2,950 ms to 3,400 ms) since 2026-12-01 10:00 UTC in release 1.4.2. ' +
        '1,840 sessions (1,210 users) affected. ' +
        'Most likely cause: attribution.url = https://cdn.example.com/img/hero-v2.jpg. ' +
        'Deployed 1.4.2 to production at 2026-12-01 09:58 UTC. ' +
        'Next step: Compare the hero image of 1.4.2 with the one of 1.4.1.',
    );
  });

  it.each<[string, Parameters<typeof candidate>[0], string]>([
    [
      'no deltas, no sessions, no hypotheses, no deploys',
      { deltas: [], affectedSessions: 0, hypotheses: [], links: { deploys: [], issues: [] }, nextStep: '' },
      'LCP p75 regressed on /checkout in 1.4.2 since 2026-12-01 10:00 UTC.',
    ],
    [
      'a rate as a fraction of one, whole project',
      {
        scope: {},
        release: '',
        deltas: [
          { metric: 'error rate', value: 0.031, baseline: 0.01, interval: [0.025, 0.037], unit: 'ratio' },
        ],
        affectedSessions: 0,
        hypotheses: [],
        links: { deploys: [], issues: [] },
        nextStep: 'Open the issues first seen since the onset.',
      },
      'error rate went from 1 % to 3.1 % (interval 2.5 % to 3.7 %) since 2026-12-01 10:00 UTC. Next step: Open the issues first seen since the onset.',
    ],
  ])('%s', (_name, overrides, expected) => expect(templateSummary(candidate(overrides))).toBe(expected));

  it('is deterministic', () => {
    expect(templateSummary(candidate({ startedAt: ONSET + 1 }))).toBe(
      templateSummary(candidate({ startedAt: ONSET + 1 })),
    );
  });
});
