/**
 * Example contact points and notification policy for the Grafana-evaluated rules. Secrets come
 * from Grafana's environment (`$__env{…}`, expanded when Grafana reads the file), never from this
 * repository. The policy replaces the organisation's whole policy tree: Grafana keeps one per org.
 */
import type { ContactPointsFile, PoliciesFile } from './format';

export const WEBHOOK = 'pulsetrace-webhook';
export const SLACK = 'pulsetrace-slack';

export function contactPoints(orgId = 1): ContactPointsFile {
  return {
    apiVersion: 1,
    contactPoints: [
      {
        orgId,
        name: WEBHOOK,
        receivers: [
          {
            uid: WEBHOOK,
            type: 'webhook',
            settings: {
              url: '$__env{PULSETRACE_ALERT_WEBHOOK_URL}',
              httpMethod: 'POST',
              authorization_scheme: 'Bearer',
              authorization_credentials: '$__env{PULSETRACE_ALERT_WEBHOOK_TOKEN}',
            },
          },
        ],
      },
      {
        orgId,
        name: SLACK,
        receivers: [
          {
            uid: SLACK,
            type: 'slack',
            settings: {
              url: '$__env{PULSETRACE_ALERT_SLACK_URL}',
              title:
                '{{ .CommonLabels.severity }}: {{ .CommonLabels.alertname }} [{{ .CommonLabels.project }}]',
              text: '{{ range .Alerts }}{{ .Annotations.summary }}\n{{ .Annotations.pulsetrace_url }}\n{{ end }}',
            },
          },
        ],
      },
    ],
  };
}

/**
 * Every PulseTrace alert to the webhook; critical and high also to Slack, resent hourly while
 * firing (the rest every 4 h, Alertmanager's default). Grouped per rule and project, so one
 * route's vitals alert does not wait behind another project's.
 */
export function policies(orgId = 1): PoliciesFile {
  return {
    apiVersion: 1,
    policies: [
      {
        orgId,
        receiver: WEBHOOK,
        group_by: ['grafana_folder', 'alertname', 'project'],
        group_wait: '30s',
        group_interval: '5m',
        repeat_interval: '4h',
        routes: [
          {
            receiver: SLACK,
            object_matchers: [['severity', '=~', 'critical|high']],
            repeat_interval: '1h',
            continue: true,
          },
          { receiver: WEBHOOK, object_matchers: [['rule_id', '=~', '.+']] },
        ],
      },
    ],
  };
}
