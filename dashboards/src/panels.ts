/**
 * Panel factories: each returns a foundation-SDK panel builder with its data source, size and the
 * options its visualisation needs, so a dashboard file only says what to show. The panel type
 * decides what a query must answer (dashboards/test/shapes.ts checks exactly that on demo data).
 */
import * as barchart from '@grafana/grafana-foundation-sdk/barchart';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import * as common from '@grafana/grafana-foundation-sdk/common';
import { ThresholdsConfigBuilder, ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';
import * as stat from '@grafana/grafana-foundation-sdk/stat';
import * as table from '@grafana/grafana-foundation-sdk/table';
import * as timeseries from '@grafana/grafana-foundation-sdk/timeseries';
import { PROMETHEUS, PULSETRACE } from './datasources';

/** Grafana's grid is 24 columns wide. */
export const FULL = 24;
export const HALF = 12;
export const THIRD = 8;
export const QUARTER = 6;

export interface Size {
  w?: number;
  h?: number;
}

type Target = cog.Builder<cog.Dataquery>;

/** Green up to `warn`, orange up to `bad`, red beyond: web-vitals' good / needs improvement / poor. */
export function rating(warn: number, bad: number) {
  return new ThresholdsConfigBuilder().mode(ThresholdsMode.Absolute).steps([
    { value: null, color: 'green' },
    { value: warn, color: 'orange' },
    { value: bad, color: 'red' },
  ]);
}

/** One number (the first value of the query's frame), coloured by `thresholds` when given. */
export function statPanel(
  title: string,
  target: Target,
  o: Size & { unit?: string; thresholds?: ReturnType<typeof rating> } = {},
) {
  const p = new stat.PanelBuilder()
    .title(title)
    .datasource(PULSETRACE)
    .withTarget(target)
    .span(o.w ?? QUARTER)
    .height(o.h ?? 4)
    .graphMode(common.BigValueGraphMode.None)
    .colorMode(o.thresholds ? common.BigValueColorMode.Value : common.BigValueColorMode.None)
    .reduceOptions(new common.ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false));
  if (o.unit) p.unit(o.unit);
  if (o.thresholds) p.thresholds(o.thresholds);
  return p;
}

/** Series over time (a time field and one or more number fields per frame). */
export function timeseriesPanel(
  title: string,
  targets: Target[],
  o: Size & { unit?: string; thresholds?: ReturnType<typeof rating>; prometheus?: boolean } = {},
) {
  const p = new timeseries.PanelBuilder()
    .title(title)
    .datasource(o.prometheus ? PROMETHEUS : PULSETRACE)
    .targets(targets)
    .span(o.w ?? HALF)
    .height(o.h ?? 8)
    .fillOpacity(10)
    .legend(
      new common.VizLegendOptionsBuilder()
        .showLegend(true)
        .displayMode(common.LegendDisplayMode.List)
        .placement(common.LegendPlacement.Bottom)
        .calcs([]),
    );
  if (o.unit) p.unit(o.unit);
  if (o.thresholds) {
    // Threshold lines on the graph: where good ends and poor begins.
    p.thresholds(o.thresholds).thresholdsStyle(
      new common.GraphThresholdsStyleConfigBuilder().mode(common.GraphThresholdsStyleMode.Dashed),
    );
  }
  return p;
}

/** Rows as the query answers them. */
export function tablePanel(title: string, target: Target, o: Size & { unit?: string } = {}) {
  const p = new table.PanelBuilder()
    .title(title)
    .datasource(PULSETRACE)
    .withTarget(target)
    .span(o.w ?? FULL)
    .height(o.h ?? 9)
    .filterable(true);
  if (o.unit) p.unit(o.unit);
  return p;
}

/** Horizontal bars: one string field (the category) and number fields. */
export function barPanel(title: string, target: Target, o: Size & { unit?: string; xField?: string } = {}) {
  const p = new barchart.PanelBuilder()
    .title(title)
    .datasource(PULSETRACE)
    .withTarget(target)
    .span(o.w ?? HALF)
    .height(o.h ?? 8)
    .orientation(common.VizOrientation.Horizontal)
    .showValue(common.VisibilityMode.Auto);
  if (o.unit) p.unit(o.unit);
  if (o.xField) p.xField(o.xField);
  return p;
}
