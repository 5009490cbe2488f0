/** The options editor of each query type (types without options have none). */
import { ComponentType } from 'react';
import { QueryType } from '../../types';
import { AlertsEditor } from './alerts/AlertsEditor';
import { BreakdownEditor } from './analytics/BreakdownEditor';
import { WebAnalyticsEditor } from './analytics/WebAnalyticsEditor';
import { ErrorRateEditor } from './errors/ErrorRateEditor';
import { ErrorsEditor } from './errors/ErrorsEditor';
import { IssueDetailEditor } from './errors/IssueDetailEditor';
import { IssuesEditor } from './errors/IssuesEditor';
import { ReleaseComparisonEditor } from './errors/ReleaseComparisonEditor';
import { CustomEventsEditor } from './events/CustomEventsEditor';
import { InsightsEditor } from './insights/InsightsEditor';
import { LiveEditor } from './live/LiveEditor';
import { HttpEditor } from './performance/HttpEditor';
import { LongTasksEditor } from './performance/LongTasksEditor';
import { ResourcesEditor } from './performance/ResourcesEditor';
import { SessionsEditor } from './sessions/SessionsEditor';
import { SessionTimelineEditor } from './sessions/SessionTimelineEditor';
import { TypeEditorProps } from './types';
import { WebVitalsEditor } from './vitals/WebVitalsEditor';

export const TYPE_EDITORS: Record<QueryType, ComponentType<TypeEditorProps> | undefined> = {
  web_vitals: WebVitalsEditor,
  web_analytics: WebAnalyticsEditor,
  web_breakdown: BreakdownEditor,
  errors: ErrorsEditor,
  error_rate: ErrorRateEditor,
  issues: IssuesEditor,
  issue_detail: IssueDetailEditor,
  releases: undefined,
  release_comparison: ReleaseComparisonEditor,
  http: HttpEditor,
  long_tasks: LongTasksEditor,
  resources: ResourcesEditor,
  sessions: SessionsEditor,
  session_timeline: SessionTimelineEditor,
  custom_events: CustomEventsEditor,
  live: LiveEditor,
  insights: InsightsEditor,
  alerts: AlertsEditor,
};
