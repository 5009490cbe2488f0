/**
 * The issue detail page's layout: header and actions, occurrences, the shown event (navigator,
 * attributes, stack trace, breadcrumbs) beside the tag distributions, why grouped, releases and
 * the activity trail, then the affected sessions. Reads the scene's state and its query's frames.
 */
import React from 'react';
import { css } from '@emotion/css';
import { GrafanaTheme2, LoadingState } from '@grafana/data';
import { config } from '@grafana/runtime';
import { SceneComponentProps, sceneGraph } from '@grafana/scenes';
import { Alert, LoadingPlaceholder, Text, useStyles2 } from '@grafana/ui';
import { prefixRoute, ROUTES } from '../../constants';
import { EmptyState } from '../../components/EmptyState/EmptyState';
import { BreadcrumbsTimeline } from '../../components/BreadcrumbsTimeline/BreadcrumbsTimeline';
import { StackTraceView } from '../../components/StackTraceView/StackTraceView';
import { TagDistribution } from '../../components/TagDistribution/TagDistribution';
import { ActivityTrail } from './ActivityTrail';
import { IssueActions } from './IssueActions';
import type { IssueDetailScene } from './IssueDetailScene';
import { IssueHeader, WhyGrouped } from './IssueHeader';
import { detailData, eventPosition, tempoDataSource, traceUrl } from './model';
import { SampleEvent } from './SampleEvent';

export function IssueDetailView({ model }: SceneComponentProps<IssueDetailScene>) {
  const styles = useStyles2(getStyles);
  const { issueId, eventId, frames, issue, activity, restError, occurrences, sessions, releases } = model.useState();
  const { data } = sceneGraph.getData(model).useState();
  const project = sceneGraph.interpolate(model, '${project}');
  if (!project) {
    return (
      <EmptyState
        title="Pick a project"
        message="Choose the project this issue belongs to in the Project picker above."
        action={{ label: 'Set up a project', href: prefixRoute(ROUTES.Setup) }}
      />
    );
  }
  const detail = detailData(data?.series);
  if (!detail.summary) {
    if (!data || data.state === LoadingState.Loading || data.state === LoadingState.NotStarted) {
      return <LoadingPlaceholder text="Loading issue…" />;
    }
    return (
      <EmptyState
        variant="not-found"
        title={`No issue ${issueId}`}
        message={`${detail.notices[0] ?? data.errors?.[0]?.message ?? 'The processor has no such issue.'} It may have been regrouped into another issue: search for it on the Issues page.`}
        action={{ label: 'Back to issues', href: prefixRoute(ROUTES.Issues) }}
      />
    );
  }
  const position = eventPosition(detail.events, eventId ?? detail.shownEventId);
  const shownTime = position.event?.time;
  const tempo = tempoDataSource(config.datasources);
  const range = sceneGraph.getTimeRange(model).state;
  const linkParams = {
    'var-ds': sceneGraph.interpolate(model, '${ds}'),
    'var-project': project,
    from: String(range.from),
    to: String(range.to),
  };
  return (
    <div className={styles.page}>
      <IssueHeader summary={detail.summary} issue={issue} />
      <IssueActions
        // The assignee input starts from the stored assignee: a new one (from REST) starts it again.
        key={issue?.assignee ?? detail.summary.assignee ?? ''}
        status={issue?.status ?? detail.summary.status}
        assignee={issue?.assignee ?? detail.summary.assignee}
        onChange={(patch) => model.change(patch)}
        onComment={(text) => model.comment(text)}
      />
      {restError && (
        <Alert severity="warning" title="Could not read the issue's status and activity">
          {restError}
        </Alert>
      )}
      <div className={styles.occurrences}>
        <occurrences.Component model={occurrences} />
      </div>
      <div className={styles.columns}>
        <div className={styles.main}>
          <Section title="Event">
            {detail.events.length === 0 && !detail.shownEventId ? (
              <Text color="secondary">
                No event of this issue in the time range: widen the time range to browse its events.
              </Text>
            ) : (
              <SampleEvent
                position={position}
                eventId={eventId ?? detail.shownEventId}
                notices={detail.notices}
                traceLink={position.event ? traceUrl(position.event.trace_id, position.event.time, tempo) : undefined}
                linkParams={linkParams}
                onShow={(id) => model.showEvent(id)}
              />
            )}
          </Section>
          <Section title="Stack trace">
            <StackTraceView
              exception={{ type: detail.summary.type, message: position.event?.message ?? detail.summary.title }}
              frames={detail.stack}
              causes={detail.causes}
              mode={frames}
              onModeChange={(m) => model.setFrames(m)}
            />
          </Section>
          <Section title="Breadcrumbs">
            <BreadcrumbsTimeline
              breadcrumbs={detail.breadcrumbs}
              error={
                shownTime
                  ? { time: shownTime, type: detail.summary.type, message: position.event?.message ?? '' }
                  : undefined
              }
            />
          </Section>
        </div>
        <div className={styles.side}>
          <Section title="Tags">
            <TagDistribution tags={detail.tags} />
          </Section>
          <Section title="Why grouped">
            <WhyGrouped issue={issue} />
          </Section>
          <div className={styles.panel}>
            <releases.Component model={releases} />
          </div>
          <Section title="Activity">
            <ActivityTrail activity={activity} />
          </Section>
        </div>
      </div>
      <div className={styles.sessions}>
        <sessions.Component model={sessions} />
      </div>
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const styles = useStyles2(getStyles);
  return (
    <section className={styles.section} aria-label={title}>
      <Text element="h2" variant="h4">
        {title}
      </Text>
      {children}
    </section>
  );
}

const getStyles = (theme: GrafanaTheme2) => ({
  page: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2) }),
  occurrences: css({ height: 220 }),
  sessions: css({ height: 320 }),
  panel: css({ height: 220 }),
  columns: css({
    display: 'grid',
    gridTemplateColumns: 'minmax(0, 2fr) minmax(280px, 1fr)',
    gap: theme.spacing(2),
    [theme.breakpoints.down('lg')]: { gridTemplateColumns: 'minmax(0, 1fr)' },
  }),
  main: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), minWidth: 0 }),
  side: css({ display: 'flex', flexDirection: 'column', gap: theme.spacing(2), minWidth: 0 }),
  section: css({
    display: 'flex',
    flexDirection: 'column',
    gap: theme.spacing(1),
    padding: theme.spacing(2),
    background: theme.colors.background.primary,
    border: `1px solid ${theme.colors.border.weak}`,
    borderRadius: theme.shape.radius.default,
  }),
});
