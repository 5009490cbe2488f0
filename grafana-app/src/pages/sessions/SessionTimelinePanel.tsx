/**
 * The session page's body: who the session was (its row of the session list) and its timeline
 * (SessionTimeline), from the two queries of queries.ts in one runner. Loading, a failed query and
 * a session with no events in the range each say so; errors link to their issue with the page's
 * data source, project and time range.
 */
import React from 'react';
import { LoadingState } from '@grafana/data';
import { config } from '@grafana/runtime';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState, SceneQueryRunner } from '@grafana/scenes';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import { EmptyState } from '../../components/EmptyState/EmptyState';
import { SessionCard } from '../../components/SessionTimeline/SessionCard';
import { sessionFacts, timelineRows } from '../../components/SessionTimeline/model';
import { prefixRoute, ROUTES } from '../../constants';
import { queryRunner } from '../../scenes/runner';
import { sessionSummaryQuery, sessionTimelineQuery, TIMELINE_EVENTS } from './queries';

export interface SessionTimelinePanelState extends SceneObjectState {
  sessionId: string;
  $data: SceneQueryRunner;
}

export class SessionTimelinePanel extends SceneObjectBase<SessionTimelinePanelState> {
  static Component = SessionTimelinePanelRenderer;

  constructor(state: { sessionId: string }) {
    super({
      ...state,
      $data: queryRunner([sessionSummaryQuery(state.sessionId), sessionTimelineQuery(state.sessionId)]),
    });
  }
}

/** The first Tempo data source, if any: trace ids link there. */
export function tempoUid(): string | undefined {
  return Object.values(config.datasources).find((ds) => ds.type === 'tempo')?.uid;
}

function SessionTimelinePanelRenderer({ model }: SceneComponentProps<SessionTimelinePanel>) {
  const { sessionId } = model.useState();
  const { data } = model.state.$data.useState();
  const frame = (refId: string) => data?.series.find((f) => f.refId === refId);
  if (!data || data.state === LoadingState.Loading || data.state === LoadingState.NotStarted) {
    return <LoadingPlaceholder text="Loading the session…" />;
  }
  if (data.state === LoadingState.Error) {
    return (
      <Alert severity="error" title="The session could not be loaded">
        {data.errors?.map((e) => e.message).join('; ')}
      </Alert>
    );
  }
  const rows = timelineRows(frame('timeline'));
  if (rows.length === 0) {
    return (
      <EmptyState
        variant="not-found"
        title={`No events of session ${sessionId} in this time range`}
        message="Widen the time range (the session may be older), or check the project and data source above: the link that opened this page keeps them. Sessions lists the sessions of the range."
        action={{ label: 'Search sessions', href: prefixRoute(ROUTES.Sessions) }}
      />
    );
  }
  const links = sceneGraph.interpolate(model, 'var-ds=${ds}&var-project=${project}&${__url_time_range}');
  return (
    <SessionCard
      facts={sessionFacts(frame('summary')).join(' · ') || `Session ${sessionId}`}
      rows={rows}
      tempoUid={tempoUid()}
      limit={TIMELINE_EVENTS}
      timeZone={sceneGraph.getTimeRange(model).getTimeZone()}
      issueHref={(id) => `${prefixRoute(`${ROUTES.Issues}/${encodeURIComponent(id)}`)}?${links}`}
    />
  );
}
