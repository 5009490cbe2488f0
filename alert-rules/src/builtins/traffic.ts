/** Traffic: sessions against the same hour last week, and the ingest pipeline stalling. */
import type { AlertRuleInput } from '../../../collector-processor/src/alerting/rules/schema';
import { runbook, type RuleFamily } from './family';

const rules = [
  {
    kind: 'threshold',
    id: 'traffic-drop-vs-last-week',
    name: 'Sessions halved vs the same hour last week',
    // The total view: one number (sessions in the window), one numeric field.
    query: { type: 'web_analytics', metrics: ['sessions'], view: 'total' },
    field: 'sessions',
    window: '1h',
    reducer: 'last',
    compareTo: { offset: '7d' },
    // Under half of last week's sessions at the same hour: week-over-week traffic of a stable
    // site moves ±20-30 % (campaigns, holidays); losing half is a broken SDK, a blocked script,
    // a bad CDN or a site that is down for many users.
    condition: { op: '<', threshold: 0.5 },
    interval: '5m',
    for: '30m',
    severity: 'high',
    annotations: {
      summary: 'Sessions are at {{ $value }}× the same hour last week',
      description: 'Sessions in the last hour are under half of those of the same hour 7 days ago.',
      runbookUrl: runbook('traffic-drop-vs-last-week'),
    },
  },
  {
    kind: 'threshold',
    id: 'ingest-stalled',
    name: 'No data for 15 minutes',
    // A time series of page views: no rows at all is "no data", which this rule treats as
    // alerting; `< 1` covers a zero coming back instead.
    query: { type: 'web_analytics', metrics: ['page_views'], view: 'timeseries' },
    field: 'page_views',
    window: '15m',
    reducer: 'sum',
    // 15 minutes without one page view: a site with steady traffic never has that gap, while a
    // shorter window would fire on the SDK's batching and the processor's write delay (seconds)
    // plus a quiet spell. Low-traffic or office-hours projects: disable it with an override.
    condition: { op: '<', threshold: 1 },
    noData: 'alerting',
    interval: '1m',
    for: '5m',
    severity: 'critical',
    annotations: {
      summary: 'No page views stored for 15 minutes',
      description:
        'Nothing arrived for this project: the SDK, the collector, the processor or its store is down, or the key changed.',
      runbookUrl: runbook('ingest-stalled'),
    },
  },
] satisfies AlertRuleInput[];

export const traffic: RuleFamily = { family: 'traffic', title: 'Traffic and ingest', rules };
