/**
 * Small panel helpers the Overview and Web analytics pages share: an "Explore" panel menu item
 * (Grafana's own Explore URL of the panel's queries), a stat panel of one value and its change
 * vs the previous period, and links into the app that keep the time range and variables.
 */
import { FieldColorModeId, ThresholdsMode, type ThresholdsConfig } from '@grafana/data';
import {
  CustomTransformOperator,
  getExploreURL,
  PanelBuilders,
  sceneGraph,
  SceneDataTransformer,
  VizPanelMenu,
} from '@grafana/scenes';
import { BigValueColorMode, BigValueGraphMode, BigValueTextMode } from '@grafana/schema';
import { map } from 'rxjs';
import { prefixRoute } from '../../constants';
import { PulseTraceQuery } from '../../queries/model';
import { queryRunner } from '../../scenes/runner';
import { CHANGE_FIELD, withChange } from './change';

/** A panel menu with "Explore": the panel's own queries, interpolated, in Explore. */
export function exploreMenu(): VizPanelMenu {
  const menu = new VizPanelMenu({ items: [] });
  // Built when the menu opens: the URL needs the panel's data and the current range.
  menu.addActivationHandler(() => {
    const data = sceneGraph.getData(menu).state.data;
    if (!data) {
      return;
    }
    getExploreURL(data, menu, sceneGraph.getTimeRange(menu).state.value.raw).then((href) => {
      if (href) {
        menu.setItems([{ text: 'Explore', iconClassName: 'compass', href }]);
      }
    });
  });
  return menu;
}

/** A link into the app (`route` under the app's base) keeping the page's time range and variables. */
export function appLink(route: string): string {
  return `${prefixRoute(route)}?\${__url_time_range}&\${__all_variables}`;
}

export const thresholds = (steps: Array<[number, string]>): ThresholdsConfig => ({
  mode: ThresholdsMode.Absolute,
  steps: steps.map(([value, color]) => ({ value, color })),
});

/** Change thresholds where a rise is bad (vitals, error rate): any rise is red, a fall green. */
const RISE_IS_BAD = thresholds([
  [-Infinity, 'green'],
  [1e-9, 'red'],
]);

const changeOperator =
  (refId: string, field: string, displayName: string): CustomTransformOperator =>
  () =>
    map((frames) => withChange(frames, refId, field, displayName));

export interface ChangeStatOptions {
  title: string;
  description: string;
  query: PulseTraceQuery;
  /** The field of the query's one-row answer the stat shows. */
  field: string;
  /** The value's name on the stat (e.g. "p75"). */
  label: string;
  unit: string;
  decimals?: number;
  /** Value bands; none: the value in the text colour. */
  bands?: ThresholdsConfig;
  /** Whether a rise is bad (red) or neutral. */
  riseIsBad: boolean;
}

/** A stat of one value with its change vs the previous period (change.ts), openable in Explore. */
export function changeStat(o: ChangeStatOptions) {
  const builder = PanelBuilders.stat()
    .setTitle(o.title)
    .setDescription(o.description)
    .setData(
      new SceneDataTransformer({
        $data: queryRunner([o.query]),
        transformations: [changeOperator(o.query.refId, o.field, o.label)],
      })
    )
    .setUnit(o.unit)
    .setNoValue('–')
    .setOption('reduceOptions', { values: false, calcs: ['lastNotNull'], fields: '' })
    .setOption('graphMode', BigValueGraphMode.None)
    .setOption('colorMode', BigValueColorMode.Value)
    .setOption('textMode', BigValueTextMode.ValueAndName)
    .setMenu(exploreMenu());
  if (o.decimals !== undefined) {
    builder.setDecimals(o.decimals);
  }
  if (o.bands) {
    builder.setThresholds(o.bands).setColor({ mode: FieldColorModeId.Thresholds });
  } else {
    builder.setColor({ mode: FieldColorModeId.Fixed, fixedColor: 'text' });
  }
  return builder
    .setOverrides((b) => {
      const change = b.matchFieldsWithName(CHANGE_FIELD).overrideUnit('percentunit').overrideDecimals(1);
      if (o.riseIsBad) {
        change.overrideThresholds(RISE_IS_BAD).overrideColor({ mode: FieldColorModeId.Thresholds });
      } else {
        change.overrideColor({ mode: FieldColorModeId.Fixed, fixedColor: 'text' });
      }
    })
    .build();
}
