/** Who the seeded checkout issue hits: browser, OS, device, release, route and country. */
import React from 'react';
import { dataFrameFromJSON } from '@grafana/data';
import { detailData } from '../../pages/issue-detail/model';
import type { ShotRender } from '../../testing/shot';
import type { IssueFramesShotData } from '../StackTraceView/stack-trace.shot';
import { TagDistribution } from './TagDistribution';

const shot: ShotRender<IssueFramesShotData> = {
  name: 'tag-distribution',
  title: 'Issue tag distributions',
  width: 900,
  render: ({ frames }) => <TagDistribution tags={detailData(frames.map(dataFrameFromJSON)).tags} />,
};

export default shot;
