/** Every generated dashboard, by slug: the file name under dashboards/generated/ and the uid's suffix. */
import type { DashboardBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { errorsIssues } from './dashboards/errors-issues';
import { frontendOverview } from './dashboards/frontend-overview';
import { httpApi } from './dashboards/http-api';
import { performanceByRoute } from './dashboards/performance-by-route';
import { pipelineHealth } from './dashboards/pipeline-health';
import { releaseComparison } from './dashboards/release-comparison';
import { sessions } from './dashboards/sessions';
import { webAnalytics } from './dashboards/web-analytics';

export const DASHBOARDS: Record<string, () => DashboardBuilder> = {
  'frontend-overview': frontendOverview,
  'web-analytics': webAnalytics,
  'errors-issues': errorsIssues,
  'performance-by-route': performanceByRoute,
  'http-api': httpApi,
  'release-comparison': releaseComparison,
  sessions,
  'pipeline-health': pipelineHealth,
};

/** Dashboards whose panels read Prometheus, not PulseTrace. */
export const PROMETHEUS_DASHBOARDS = ['pipeline-health'];
