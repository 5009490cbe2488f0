/**
 * One insight in full: the seeded shop's LCP regression in 1.1.0, its delta with the interval,
 * summary and next step, ranked hypotheses with evidence and "Show me", the release, deploy and
 * related issue, and the actions an Editor has.
 */
import React from 'react';
import { DataFrameJSON, dataFrameFromJSON } from '@grafana/data';
import type { ShotRender } from '../../testing/shot';
import { InsightDetailView } from './InsightDetailView';
import { detailOf } from './model';

export interface InsightDetailShotData {
  /** The `insights` detail frames (insightDetailQuery): summary, deltas, hypotheses, feedback. */
  frames: DataFrameJSON[];
}

const shot: ShotRender<InsightDetailShotData> = {
  name: 'insight-detail',
  title: 'Insight detail',
  width: 1000,
  render: ({ frames }) => (
    <InsightDetailView
      detail={detailOf(frames.map((f) => dataFrameFromJSON(f)))}
      dsUid="pulsetrace"
      params="var-project=shop"
      onAction={async () => undefined}
    />
  ),
};

export default shot;
