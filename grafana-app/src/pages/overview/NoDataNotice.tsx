/**
 * A page's empty state: runs the page's probe query and shows "pick a project" or "install the
 * SDK" (noData.ts) above the panels, or nothing once there is data.
 */
import React from 'react';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState, SceneQueryRunner } from '@grafana/scenes';
import { EmptyState } from '../../components/EmptyState/EmptyState';
import { noticeFor } from './noData';

interface NoDataNoticeState extends SceneObjectState {
  $data: SceneQueryRunner;
}

export class NoDataNotice extends SceneObjectBase<NoDataNoticeState> {
  static Component = NoDataNoticeRenderer;
}

function NoDataNoticeRenderer({ model }: SceneComponentProps<NoDataNotice>) {
  // The probe re-runs when $project changes, so its new data re-renders this.
  const { data } = model.state.$data.useState();
  const notice = noticeFor(sceneGraph.interpolate(model, '$project'), data);
  return notice ? <EmptyState title={notice.title} message={notice.message} action={notice.action} /> : null;
}
