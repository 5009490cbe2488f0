/**
 * A standard panel (PanelBuilders) that gives way to an empty state saying what to do when its
 * query answers no rows, so no panel of the page is ever blank. The query runner sits on this
 * object and the panel reads it from its parent, so it runs whichever of the two is shown.
 */
import React, { ReactNode } from 'react';
import { LoadingState } from '@grafana/data';
import {
  SceneComponentProps,
  SceneDataProvider,
  sceneGraph,
  SceneObjectBase,
  SceneObjectState,
  VizPanel,
} from '@grafana/scenes';
import { PanelChrome } from '@grafana/ui';
import { EmptyState } from '../../components/EmptyState/EmptyState';
import { emptyNotice, hasNoRows, Notice, PanelKind } from './empty';

export function PanelFrame(props: {
  title: string;
  description?: string;
  notice?: Notice;
  error?: string;
  children?: ReactNode;
}) {
  const { title, description, notice, error, children } = props;
  return (
    <PanelChrome title={title} description={description} statusMessage={error}>
      {notice ? (
        <EmptyState title={notice.title} message={notice.message} action={notice.action} variant="not-found" />
      ) : (
        children
      )}
    </PanelChrome>
  );
}

interface PanelOrEmptyState extends SceneObjectState {
  $data: SceneDataProvider;
  panel: VizPanel;
  kind: PanelKind;
}

export class PanelOrEmpty extends SceneObjectBase<PanelOrEmptyState> {
  static Component = PanelOrEmptyRenderer;
}

function PanelOrEmptyRenderer({ model }: SceneComponentProps<PanelOrEmpty>) {
  const { $data, panel, kind } = model.useState();
  const { data } = $data.useState();
  if (data?.state === LoadingState.Done && hasNoRows(data.series)) {
    const { title, description } = panel.state;
    return (
      <PanelFrame
        title={title}
        description={typeof description === 'string' ? description : undefined}
        notice={emptyNotice(kind, sceneGraph.interpolate(model, '$project'))}
      />
    );
  }
  return <panel.Component model={panel} />;
}
