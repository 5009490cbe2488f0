/**
 * The Overview's row of open insights: runs the open-cards query (pages/insights/queries.ts) and
 * shows the top few (OpenInsightsRow). Quiet while a project is not picked or the query runs: the
 * page's own notice says what to do then.
 */
import React, { useMemo } from 'react';
import { LoadingState } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Alert } from '@grafana/ui';
import { prefixRoute, ROUTES } from '../../constants';
import { queryRunner } from '../../scenes/runner';
import { insightHref, LINK_PARAMS } from '../insights/InsightListScene';
import { cardsOf } from '../insights/model';
import { OpenInsightsRow } from '../insights/OpenInsightsRow';
import { openInsightsQuery } from '../insights/queries';

export class OpenInsights extends SceneObjectBase<SceneObjectState> {
  static Component = OpenInsightsRenderer;

  constructor(state: Partial<SceneObjectState> = {}) {
    super({ $data: queryRunner([openInsightsQuery()]), ...state });
  }
}

function OpenInsightsRenderer({ model }: SceneComponentProps<OpenInsights>) {
  const { data } = sceneGraph.getData(model).useState();
  const frame = data?.series.find((f) => f.refId === 'openInsights');
  const rows = useMemo(() => cardsOf(frame), [frame]);
  if (!sceneGraph.interpolate(model, '${project}').trim()) {
    return null;
  }
  const error = data?.errors?.[0];
  if (error) {
    return (
      <Alert severity="warning" title="The open insights could not be loaded">
        {error.message}
      </Alert>
    );
  }
  if (data?.state !== LoadingState.Done) {
    return null;
  }
  const params = sceneGraph.interpolate(model, LINK_PARAMS);
  return (
    <OpenInsightsRow
      rows={rows}
      hrefOf={(id) => insightHref(id, params)}
      listHref={`${prefixRoute(ROUTES.Insights)}?${params}`}
    />
  );
}
