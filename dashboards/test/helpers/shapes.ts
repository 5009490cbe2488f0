/**
 * What each panel type needs from its query's frames, as a list of problems (empty: it can draw).
 * Field types are the processor's frame schema types (time, number, string…), which Grafana's
 * dataFrameFromJSON keeps.
 */
import type { DataFrameJSON } from '../../../collector-processor/src/query/types';

const rowsOf = (f: DataFrameJSON) => f.data.values[0]?.length ?? 0;
const fieldsOf = (f: DataFrameJSON, type: string) =>
  f.schema.fields.flatMap((field, i) => (field.type === type ? [f.data.values[i] ?? []] : []));
const hasNumber = (values: unknown[]) => values.some((v) => typeof v === 'number' && Number.isFinite(v));

export function describeFrames(frames: DataFrameJSON[]): string {
  return JSON.stringify(
    frames.map((f) => ({ fields: f.schema.fields.map((x) => `${x.name}:${x.type}`), rows: rowsOf(f) })),
  );
}

/** Problems that keep a panel of `panelType` from drawing these frames. */
export function shapeProblems(panelType: string, frames: DataFrameJSON[]): string[] {
  const withRows = frames.filter((f) => rowsOf(f) > 0);
  if (withRows.length === 0) return ['no frame has a row'];
  switch (panelType) {
    case 'timeseries': {
      // Each series: a time field and a number field with at least one point.
      const series = withRows.filter(
        (f) => fieldsOf(f, 'time').length > 0 && fieldsOf(f, 'number').some(hasNumber),
      );
      return series.length > 0 ? [] : ['no frame has a time field and a number field with points'];
    }
    case 'stat':
    case 'gauge':
    case 'bargauge':
      return withRows.some((f) => fieldsOf(f, 'number').some(hasNumber)) ? [] : ['no number to show'];
    case 'barchart':
      // A category (string) axis and a value per bar.
      return withRows.some((f) => fieldsOf(f, 'string').length > 0 && fieldsOf(f, 'number').some(hasNumber))
        ? []
        : ['no frame has a string field and a number field'];
    case 'table':
      return [];
    default:
      return [`no shape check for panel type ${panelType}: add one to dashboards/test/helpers/shapes.ts`];
  }
}
