/**
 * A page's scene: the shared time range, variables and controls (Grafana's own time and refresh
 * pickers) around the page's body. Every page builds its scene with `pageScene`.
 */
import {
  EmbeddedScene,
  SceneControlsSpacer,
  SceneFlexLayout,
  SceneObject,
  SceneRefreshPicker,
  SceneTimePicker,
  SceneTimeRange,
  SceneVariableSet,
  VariableValueSelectors,
} from '@grafana/scenes';
import { appVariables } from './variables';

export interface PageSceneOptions {
  /** Default time range (the URL's from/to win). */
  from?: string;
  variables?: SceneVariableSet;
  /** Page controls shown after the variables (filters of the page's own). */
  controls?: SceneObject[];
}

export function pageScene(body: SceneObject, options: PageSceneOptions = {}): EmbeddedScene {
  return new EmbeddedScene({
    $timeRange: new SceneTimeRange({ from: options.from ?? 'now-24h', to: 'now' }),
    $variables: options.variables ?? appVariables(),
    controls: [
      new VariableValueSelectors({}),
      ...(options.controls ?? []),
      new SceneControlsSpacer(),
      new SceneTimePicker({ isOnCanvas: true }),
      new SceneRefreshPicker({ intervals: ['30s', '1m', '5m', '15m', '1h'], isOnCanvas: true }),
    ],
    body,
  });
}

/** A column of panels (each child a SceneFlexItem or a row of them). */
export function column(children: SceneFlexLayout['state']['children']): SceneFlexLayout {
  return new SceneFlexLayout({ direction: 'column', children });
}

/** A row of panels. */
export function row(children: SceneFlexLayout['state']['children'], height?: number): SceneFlexLayout {
  return new SceneFlexLayout({ direction: 'row', minHeight: height, children });
}
