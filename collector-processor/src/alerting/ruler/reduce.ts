/**
 * From a query's data frames to one number per series: the threshold rule's reducer, as Grafana's
 * Reduce expression does it (non-numbers and nulls dropped first, "strict" off). Pure.
 */
import type { REDUCERS } from '../rules/schema';
import type { DataFrameJSON } from '../../query/types';

export type Reducer = (typeof REDUCERS)[number];

/** One series of a query's answer: its labels (the frame's labels or group-by values) and values. */
export interface Series {
  labels: Record<string, string>;
  values: number[];
}

/** The reducer over the finite values; null when none (the series has no data). */
export function reduce(values: readonly number[], reducer: Reducer): number | null {
  const v = values.filter((x) => Number.isFinite(x));
  if (reducer === 'count') return v.length;
  if (v.length === 0) return null;
  switch (reducer) {
    case 'last':
      return v[v.length - 1]!;
    case 'sum':
      return v.reduce((a, b) => a + b, 0);
    case 'mean':
      return v.reduce((a, b) => a + b, 0) / v.length;
    case 'min':
      return Math.min(...v);
    case 'max':
      return Math.max(...v);
  }
}

const num = (x: unknown): number => (typeof x === 'number' ? x : x === null || x === '' ? NaN : Number(x));

/**
 * The series of a query's frames. A time series frame (labels on its value fields) is one series
 * per frame; a table frame (string columns and numbers) is one series per row, labelled by its
 * string columns (e.g. `route` of a grouped table). `field` picks the numeric field; default the
 * first number field that is not a time. Frames without that field add nothing.
 */
export function seriesOf(frames: readonly DataFrameJSON[], field?: string): Series[] {
  const out: Series[] = [];
  for (const frame of frames) {
    const fields = frame.schema.fields;
    const index = fields.findIndex((f) =>
      field === undefined ? f.type === 'number' : f.name === field || f.config?.displayName === field,
    );
    if (index < 0) continue;
    const values = frame.data.values[index] ?? [];
    const timeSeries = fields.some((f) => f.type === 'time') && fields[index]!.labels !== undefined;
    const isTimeSeries = timeSeries || frame.schema.meta?.type?.startsWith('timeseries') === true;
    if (isTimeSeries) {
      out.push({ labels: { ...(fields[index]!.labels ?? {}) }, values: values.map(num) });
      continue;
    }
    const labelFields = fields.map((f, i) => ({ f, i })).filter(({ f }) => f.type === 'string');
    values.forEach((v, row) => {
      const labels: Record<string, string> = {};
      for (const { f, i } of labelFields) labels[f.name] = String(frame.data.values[i]?.[row] ?? '');
      out.push({ labels, values: [num(v)] });
    });
  }
  return mergeSameLabels(out);
}

/** Series with the same labels (a frame split by the handler) are one series. */
function mergeSameLabels(series: Series[]): Series[] {
  const byKey = new Map<string, Series>();
  for (const s of series) {
    const key = labelKey(s.labels);
    const known = byKey.get(key);
    if (known) known.values.push(...s.values);
    else byKey.set(key, { labels: s.labels, values: [...s.values] });
  }
  return [...byKey.values()];
}

/** Labels as a canonical string (sorted keys): the identity of a series. */
export function labelKey(labels: Record<string, string>): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((k) => [k, labels[k]]),
  );
}
