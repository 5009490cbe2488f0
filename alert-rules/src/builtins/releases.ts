/**
 * A release worse than the previous one, with significance. The insight engine already compares
 * every new release with the previous one metric by metric (insights/release/: 95 % intervals,
 * Holm-corrected p-values, a minimum effect) and opens a `release_regression` card when one is
 * significant; this rule counts those cards. A second test here would only be weaker: a static
 * rule cannot name "the previous release" for a `release_comparison` query, and an
 * `insight.opened` event rule cannot filter by kind. Counting cards works in both evaluators.
 */
import type { AlertRuleInput } from '../../../collector-processor/src/alerting/rules/schema';
import { runbook, type RuleFamily } from './family';

const rules = [
  {
    kind: 'threshold',
    id: 'release-regression',
    name: 'Release worse than the previous one',
    // The count view: one row per kind × severity (0 when none), so quiet is 0, never "no data".
    // Only open cards: acknowledging or resolving the card in the app ends the alert.
    query: { type: 'insights', view: 'count', kinds: ['release_regression'], statuses: ['open'] },
    field: 'count',
    // The engine checks each release every minute for 24 h after it starts; an hour's window keeps
    // the alert up long enough to be routed and seen, then lets it resolve.
    window: '1h',
    reducer: 'last',
    // Any card: the engine's own test (Holm-corrected, minimum effect) is the significance.
    condition: { op: '>', threshold: 0 },
    interval: '1m',
    for: '0s',
    severity: 'high',
    annotations: {
      // Not the card's severity label: the rule's own `severity` label wins over a series label.
      summary: 'A release is worse than the previous one: {{ $value }} regression card(s) open',
      description:
        'The insight engine found the newest release significantly worse than the previous one. ' +
        'The card in the app names the metric, the difference and its interval.',
      runbookUrl: runbook('release-regression'),
    },
  },
] satisfies AlertRuleInput[];

export const releases: RuleFamily = { family: 'releases', title: 'Releases', rules };
