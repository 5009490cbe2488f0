/**
 * Issue events (processor only: Grafana has no such events). Each fires once, within seconds of
 * the ingest or the lifecycle transition that caused it (docs/alerting.md, "The processor's ruler").
 */
import type { AlertRuleInput } from '../../../collector-processor/src/alerting/rules/schema';
import { runbook, type RuleFamily } from './family';

const rules = [
  {
    kind: 'event',
    id: 'issue-new',
    name: 'New issue',
    event: 'issue.new',
    // Medium: a new fingerprint is worth a look, rarely a page; most are one-off browser noise
    // until they repeat (issue-spike catches those that grow).
    severity: 'medium',
    annotations: {
      summary: 'New issue: {{ $labels.title }}',
      description: 'An error with a fingerprint never seen before in this project.',
      runbookUrl: runbook('issue-new'),
    },
  },
  {
    kind: 'event',
    id: 'issue-regressed',
    name: 'Issue regressed',
    event: 'issue.regressed',
    // High: someone marked it fixed and it came back, usually in a new release: the fix did not
    // ship or did not work, and the person who resolved it should know now.
    severity: 'high',
    annotations: {
      summary: 'Regressed: {{ $labels.title }}',
      description: 'A resolved issue has new events (in release {{ $labels.release }}).',
      runbookUrl: runbook('issue-regressed'),
    },
  },
  {
    kind: 'event',
    id: 'issue-spike',
    name: 'Issue spike',
    event: 'issue.spike',
    // 5× its own hourly baseline and at least 50 events in the hour: 5× keeps the daily traffic
    // swing (2-3× between night and peak) from firing; 50 keeps a rare issue going from 2 to 10
    // events quiet. Sentry's default spike protection uses the same order of magnitude.
    spike: { factor: 5, minEvents: 50 },
    severity: 'high',
    annotations: {
      summary: 'Spiking: {{ $labels.title }} ({{ $value }} events in 1 h)',
      description: 'Events of this issue in the last hour are at least 5× its hourly baseline.',
      runbookUrl: runbook('issue-spike'),
    },
  },
  {
    kind: 'event',
    id: 'issue-woke',
    name: 'Ignored issue woke up',
    event: 'issue.woke',
    // Low: it was ignored on purpose until a condition (count, users, date); it is back in the
    // list, which a person should triage, but nothing says it got worse.
    severity: 'low',
    annotations: {
      summary: 'Woke up: {{ $labels.title }}',
      description: 'An ignored issue reached its "ignore until" condition and is unresolved again.',
      runbookUrl: runbook('issue-woke'),
    },
  },
] satisfies AlertRuleInput[];

export const issues: RuleFamily = { family: 'issues', title: 'Issues (event rules)', rules };
