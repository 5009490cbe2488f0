/** Error volume: the share of sessions with an error, and errors against the same hour last week. */
import type { AlertRuleInput } from '../../../collector-processor/src/alerting/rules/schema';
import { runbook, type RuleFamily } from './family';

const rules = [
  {
    kind: 'threshold',
    id: 'error-rate',
    name: 'Sessions with errors over 5 %',
    // The table view: one value over exactly the window (a per-minute series would make the
    // reducer average rates of buckets with a handful of sessions each).
    query: { type: 'error_rate', per: 'session', view: 'table' },
    field: 'error_rate',
    window: '15m',
    reducer: 'last',
    // 5 %: crash-free sessions under 95 %. Healthy web apps sit at 98-99.5 % crash-free (Sentry's
    // and Firebase's published medians are above 99 %), so 95 % is several times the usual rate;
    // sustained for 10 minutes it is not one bad deploy minute or one bot.
    condition: { op: '>', threshold: 0.05 },
    interval: '1m',
    for: '10m',
    keepFiringFor: '5m',
    severity: 'high',
    annotations: {
      summary: '{{ $value }} of sessions had an error in the last 15 minutes',
      description: 'More than 5 % of sessions saw at least one error (crash-free sessions under 95 %).',
      runbookUrl: runbook('error-rate'),
    },
  },
  {
    kind: 'threshold',
    id: 'error-spike-vs-last-week',
    name: 'Errors tripled vs the same hour last week',
    query: { type: 'errors', view: 'table' },
    field: 'errors',
    window: '1h',
    reducer: 'last',
    // Same hour last week: the weekly cycle (weekday/weekend, office hours) is the largest
    // swing in RUM traffic, so comparing with it rather than with the previous hour cancels it.
    compareTo: { offset: '7d' },
    // 3×: week-over-week error counts of a stable app vary by ±50 %; tripling is outside that
    // and still early enough for an error that doubles every few minutes.
    condition: { op: '>', threshold: 3 },
    interval: '5m',
    for: '15m',
    severity: 'medium',
    annotations: {
      summary: 'Errors are {{ $value }}× the same hour last week',
      description: 'Error events in the last hour are more than 3× those of the same hour 7 days ago.',
      runbookUrl: runbook('error-spike-vs-last-week'),
    },
  },
] satisfies AlertRuleInput[];

export const errors: RuleFamily = { family: 'errors', title: 'Errors', rules };
