/** Alerts and notifications for the notify tests (not used by the processor itself). */
import type { Alert, Notification } from '../types';

export const T0 = Date.UTC(2026, 4, 1, 12, 0, 0);

export function alert(over: Partial<Alert> = {}): Alert {
  return {
    ruleId: 'lcp-p75',
    ruleName: 'LCP p75 over 2.5 s',
    projectId: 'shop',
    fingerprint: 'fp-1',
    labels: { alertname: 'LCP p75 over 2.5 s', project: 'shop', severity: 'high', route: '/checkout' },
    annotations: {
      summary: 'p75 LCP on /checkout is 3.1 s',
      description: 'Over the Core Web Vitals threshold for 5 minutes.',
      runbook_url: 'https://runbooks.example.com/lcp',
    },
    severity: 'high',
    value: 3100,
    startsAt: T0,
    generatorUrl: 'https://grafana.example.com/a/pulsetrace-app/web-vitals?project=shop&route=%2Fcheckout',
    ...over,
  };
}

export function notification(over: Partial<Notification> = {}): Notification {
  return {
    key: 'ops|lcp-p75|shop|g1|firing|1777636800000|0',
    receiver: 'ops',
    status: 'firing',
    alerts: [alert()],
    createdAt: T0 + 60_000,
    ...over,
  };
}
