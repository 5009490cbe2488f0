/**
 * One card's page (`insights/:insightId`): runs the detail query (queries.ts) through the data
 * source and acts on the card through the write route (POST …/insights/{id}/acknowledge | resolve
 * | feedback), then reads it again, so the page shows the new status and the activity entry.
 */
import React, { useMemo } from 'react';
import { LoadingState } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState, SceneQueryRunner } from '@grafana/scenes';
import { Alert, LoadingPlaceholder } from '@grafana/ui';
import { ProcessorApi, projectPath } from '../../api/processor';
import { queryRunner } from '../../scenes/runner';
import { InsightDetailView } from './InsightDetailView';
import { LINK_PARAMS } from './InsightListScene';
import { actionRequest, detailOf, InsightAction } from './model';
import { insightDetailQuery } from './queries';

export interface InsightDetailState extends SceneObjectState {
  insightId: string;
}

export class InsightDetailScene extends SceneObjectBase<InsightDetailState> {
  static Component = InsightDetailRenderer;

  constructor(state: InsightDetailState) {
    super({ $data: queryRunner([insightDetailQuery(state.insightId)]), ...state });
  }

  get runner(): SceneQueryRunner {
    return this.state.$data as SceneQueryRunner;
  }

  /** The action on the write route; the card is read again either way (someone may have acted first). */
  async act(action: InsightAction) {
    const api = new ProcessorApi(sceneGraph.interpolate(this, '${ds}'));
    const { path, body } = actionRequest(action);
    const project = sceneGraph.interpolate(this, '${project}');
    try {
      await api.call(
        'write',
        'POST',
        projectPath(project, `/insights/${encodeURIComponent(this.state.insightId)}/${path}`),
        body
      );
    } finally {
      this.runner.runQueries();
    }
  }
}

function InsightDetailRenderer({ model }: SceneComponentProps<InsightDetailScene>) {
  const { data } = model.runner.useState();
  const frames = data?.series;
  const detail = useMemo(() => detailOf(frames), [frames]);
  const error = data?.errors?.[0];
  if (error) {
    return (
      <Alert severity="error" title="The insight could not be loaded">
        {error.message}
      </Alert>
    );
  }
  if (!data || (data.state !== LoadingState.Done && !detail.summary)) {
    return <LoadingPlaceholder text="Loading the insight…" />;
  }
  return (
    <InsightDetailView
      detail={detail}
      dsUid={sceneGraph.interpolate(model, '${ds}')}
      params={sceneGraph.interpolate(model, LINK_PARAMS)}
      onAction={(action) => model.act(action)}
    />
  );
}
