/** The breadcrumbs of the seeded checkout issue's latest event, ending with the error itself. */
import React from 'react';
import { dataFrameFromJSON } from '@grafana/data';
import { detailData } from '../../pages/issue-detail/model';
import type { ShotRender } from '../../testing/shot';
import type { IssueFramesShotData } from '../StackTraceView/stack-trace.shot';
import { BreadcrumbsTimeline } from './BreadcrumbsTimeline';

const shot: ShotRender<IssueFramesShotData> = {
  name: 'breadcrumbs-timeline',
  title: 'Issue breadcrumbs',
  width: 640,
  render: ({ frames }) => {
    const d = detailData(frames.map(dataFrameFromJSON));
    const event = d.events[0];
    return (
      <BreadcrumbsTimeline
        breadcrumbs={d.breadcrumbs}
        error={event ? { time: event.time, type: event.type, message: event.message } : undefined}
        timeZone="utc"
      />
    );
  },
};

export default shot;
