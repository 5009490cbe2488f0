/**
 * The Insights page's body: the cards of the page's filters (status, severity, kind variables),
 * newest onset first, each linking to its detail (`insights/<id>`), or a notice when there are none.
 */
import React, { useMemo } from 'react';
import { LoadingState } from '@grafana/data';
import { SceneComponentProps, sceneGraph, SceneObjectBase, SceneObjectState } from '@grafana/scenes';
import { Alert, LoadingPlaceholder, Stack, Text } from '@grafana/ui';
import { prefixRoute, ROUTES } from '../../constants';
import { EmptyState } from '../../components/EmptyState/EmptyState';
import { queryRunner } from '../../scenes/runner';
import { InsightCards } from './InsightCards';
import { cardsOf } from './model';
import { insightsNotice } from './notice';
import { insightListQuery, VARS } from './queries';

/** Variables and time range a card link keeps (the detail page has the shared ones). */
export const LINK_PARAMS =
  'var-ds=${ds}&var-project=${project}&${environment:queryparam}&${release:queryparam}&${__url_time_range}';

/** A card's detail page, keeping the view's scope. */
export function insightHref(id: string, params: string): string {
  return `${prefixRoute(`${ROUTES.Insights}/${encodeURIComponent(id)}`)}?${params}`;
}

export class InsightListScene extends SceneObjectBase<SceneObjectState> {
  static Component = InsightListRenderer;

  constructor(state: Partial<SceneObjectState> = {}) {
    super({ $data: queryRunner([insightListQuery()]), ...state });
  }

  hrefOf(id: string): string {
    return insightHref(id, sceneGraph.interpolate(this, LINK_PARAMS));
  }

  /** Whether the status filter is exactly "open" (the default): the empty list then means all quiet. */
  onlyOpen(): boolean {
    const value = sceneGraph.lookupVariable(VARS.status, this)?.getValue();
    const values = Array.isArray(value) ? value : [value];
    return values.length === 1 && values[0] === 'open';
  }
}

function InsightListRenderer({ model }: SceneComponentProps<InsightListScene>) {
  const { data } = sceneGraph.getData(model).useState();
  const frame = data?.series.find((f) => f.refId === 'insights');
  const rows = useMemo(() => cardsOf(frame), [frame]);
  const error = data?.errors?.[0];
  if (error) {
    return (
      <Alert severity="error" title="The insights could not be loaded">
        {error.message}
      </Alert>
    );
  }
  const notice = insightsNotice(
    sceneGraph.interpolate(model, '${project}'),
    data?.state,
    rows.length,
    model.onlyOpen()
  );
  if (notice) {
    return <EmptyState title={notice.title} message={notice.message} action={notice.action} variant={notice.variant} />;
  }
  if (!data || (data.state === LoadingState.Loading && rows.length === 0)) {
    return <LoadingPlaceholder text="Loading insights…" />;
  }
  const total = Number(frame?.meta?.custom?.total ?? rows.length);
  return (
    <Stack direction="column" gap={1}>
      <InsightCards rows={rows} hrefOf={(id) => model.hrefOf(id)} />
      {total > rows.length && (
        <Text color="secondary">
          {rows.length} of {total} insights: narrow the filters or the time range to see the rest.
        </Text>
      )}
    </Stack>
  );
}
