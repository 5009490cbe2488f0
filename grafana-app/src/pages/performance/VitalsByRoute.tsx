/**
 * The per-route vitals panel: runs vitalsByRouteQueries (queries.ts), shows the rows in
 * VitalsByRouteTable, and turns the table's clicks into the page's $route and $vital variables, so
 * the choice is in the URL (var-route, var-vital) and narrows the panels below.
 */
import React from 'react';
import { LoadingState } from '@grafana/data';
import {
  SceneComponentProps,
  sceneGraph,
  SceneObjectBase,
  SceneObjectState,
  SceneDataProvider,
  SceneVariable,
  VariableDependencyConfig,
} from '@grafana/scenes';
import { LoadingPlaceholder } from '@grafana/ui';
import { VitalsByRouteTable } from '../../components/VitalsByRouteTable/VitalsByRouteTable';
import { queryRunner } from '../../scenes/runner';
import { PanelFrame } from './PanelOrEmpty';
import { emptyNotice } from './empty';
import { ROUTE_VARIABLE, TREND_REF, VITAL_VARIABLE, vitalsByRouteQueries } from './queries';
import { isVital, routeRows, Vital } from './vitals';

/** What a single-value scene variable holds when "All" is chosen. */
export const ALL_VARIABLE_VALUE = '$__all';

interface VitalsByRouteState extends SceneObjectState {
  $data: SceneDataProvider;
}

export class VitalsByRoute extends SceneObjectBase<VitalsByRouteState> {
  static Component = VitalsByRouteRenderer;

  // Re-render when the chosen vital or route changes (the trend's query re-runs by itself).
  protected _variableDependency = new VariableDependencyConfig(this, {
    variableNames: [VITAL_VARIABLE, ROUTE_VARIABLE],
  });

  constructor(state: Partial<VitalsByRouteState> = {}) {
    super({ $data: queryRunner(vitalsByRouteQueries()), ...state });
  }

  private variable(name: string): SceneVariable | undefined {
    return sceneGraph.lookupVariable(name, this) ?? undefined;
  }

  get vital(): Vital {
    const value = this.variable(VITAL_VARIABLE)?.getValue();
    return isVital(value) ? value : 'LCP';
  }

  get route(): string | undefined {
    const value = this.variable(ROUTE_VARIABLE)?.getValue();
    return typeof value === 'string' && value !== ALL_VARIABLE_VALUE && value !== '*' && value !== ''
      ? value
      : undefined;
  }

  selectRoute = (route: string | undefined) => {
    const variable = this.variable(ROUTE_VARIABLE);
    if (variable && 'changeValueTo' in variable) {
      (variable as SceneVariable & { changeValueTo(v: string, t?: string, user?: boolean): void }).changeValueTo(
        route ?? ALL_VARIABLE_VALUE,
        route ?? 'All',
        true
      );
    }
  };

  selectVital = (vital: Vital) => {
    const variable = this.variable(VITAL_VARIABLE);
    if (variable && 'changeValueTo' in variable) {
      (variable as SceneVariable & { changeValueTo(v: string, t?: string, user?: boolean): void }).changeValueTo(
        vital,
        vital,
        true
      );
    }
  };
}

const TITLE = 'Core Web Vitals by route';

function VitalsByRouteRenderer({ model }: SceneComponentProps<VitalsByRoute>) {
  // Subscribed to the model too: a change of $vital or $route re-renders it (forceRender).
  model.useState();
  const { data } = model.state.$data.useState();
  const rows = routeRows(data?.series ?? [], TREND_REF);
  if (!data || (data.state === LoadingState.Loading && rows.length === 0)) {
    return (
      <PanelFrame title={TITLE}>
        <LoadingPlaceholder text="Loading vitals…" />
      </PanelFrame>
    );
  }
  if (rows.length === 0 && data.state !== LoadingState.Error) {
    return <PanelFrame title={TITLE} notice={emptyNotice('vitals', sceneGraph.interpolate(model, '$project'))} />;
  }
  return (
    <PanelFrame
      title={TITLE}
      description="p75 of each vital coloured by web.dev's rating (good / needs improvement / poor), p95 below. Choose a route to narrow the panels below, a vital for its trend and breakdowns."
      error={data.state === LoadingState.Error ? (data.errors?.[0]?.message ?? 'The query failed') : undefined}
    >
      <VitalsByRouteTable
        rows={rows}
        vital={model.vital}
        selectedRoute={model.route}
        onSelectRoute={model.selectRoute}
        onSelectVital={model.selectVital}
      />
    </PanelFrame>
  );
}
