/** Browser HTTP requests: the failure rate per endpoint (method, host, URL template). */
import type { AlertRuleInput } from '../../../collector-processor/src/alerting/rules/schema';
import { runbook, type RuleFamily } from './family';

const rules = [
  {
    kind: 'threshold',
    id: 'http-endpoint-error-rate',
    name: 'HTTP endpoint failing over 5 %',
    // The endpoints view: one row per endpoint over the window, so one alert instance per
    // endpoint (labels method, server_address, url_template); the 50 busiest endpoints.
    query: { type: 'http', view: 'endpoints', limit: 50 },
    field: 'error_rate',
    window: '15m',
    reducer: 'last',
    // 5 % of requests failing (status 0 or ≥ 500): a healthy API serves well under 1 % 5xx (the
    // usual 99.9 % availability SLO allows 0.1 %), and status 0 (aborted, offline) adds a
    // percent or two from real users; five times that is an outage of the endpoint, not noise.
    condition: { op: '>', threshold: 0.05 },
    interval: '1m',
    for: '10m',
    keepFiringFor: '5m',
    severity: 'high',
    annotations: {
      summary: '{{ $labels.method }} {{ $labels.url_template }} fails {{ $value }} of requests',
      description:
        'More than 5 % of browser requests to this endpoint failed (status 0 or ≥ 500) in 15 minutes.',
      runbookUrl: runbook('http-endpoint-error-rate'),
    },
  },
] satisfies AlertRuleInput[];

export const http: RuleFamily = { family: 'http', title: 'HTTP', rules };
