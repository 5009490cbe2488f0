/**
 * The seeded checkout issue's latest event: in-app frames with their source context, the React
 * vendor frames (all frames shown), and its two-level cause chain.
 */
import React, { useState } from 'react';
import { DataFrameJSON, dataFrameFromJSON } from '@grafana/data';
import { detailData } from '../../pages/issue-detail/model';
import type { ShotRender } from '../../testing/shot';
import { FramesMode } from './model';
import { StackTraceView } from './StackTraceView';

export interface IssueFramesShotData {
  /** issue_detail's frames for the seeded checkout issue. */
  frames: DataFrameJSON[];
}

function Shot({ frames }: IssueFramesShotData) {
  const [mode, setMode] = useState<FramesMode>('all');
  const d = detailData(frames.map(dataFrameFromJSON));
  return (
    <StackTraceView
      exception={{ type: d.summary?.type ?? '', message: d.events[0]?.message ?? '' }}
      frames={d.stack}
      causes={d.causes}
      mode={mode}
      onModeChange={setMode}
    />
  );
}

const shot: ShotRender<IssueFramesShotData> = {
  name: 'stack-trace',
  title: 'Issue stack trace',
  width: 900,
  render: (data) => <Shot {...data} />,
};

export default shot;
