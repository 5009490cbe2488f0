/**
 * Rows (JSONEachRow objects) to Grafana data frames. Pure: the builders name the fields and their
 * units, these functions only lay the values out in columns.
 */
import type { DataFrameJSON, FieldConfig, FieldType, FrameMeta } from './types';

export interface FieldSpec {
  /** Column in the rows, and the field name unless `displayName` is set in config. */
  name: string;
  type: FieldType;
  config?: FieldConfig;
}

export type Row = Record<string, unknown>;

function cell(value: unknown, type: FieldType): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'number' || type === 'time') {
    const n = typeof value === 'number' ? value : Number(value);
    return Number.isFinite(n) ? n : null;
  }
  if (type === 'boolean') return value === true || value === 1 || value === '1' || value === 'true';
  return value;
}

/** A table frame: one field per spec, one value per row. */
export function tableFrame(
  refId: string,
  fields: FieldSpec[],
  rows: Row[],
  meta: FrameMeta = {},
  name?: string,
): DataFrameJSON {
  return {
    schema: {
      ...(name ? { name } : {}),
      refId,
      meta,
      fields: fields.map((f) => ({ name: f.name, type: f.type, ...(f.config ? { config: f.config } : {}) })),
    },
    data: { values: fields.map((f) => rows.map((r) => cell(r[f.name], f.type))) },
  };
}

/**
 * Time series as Grafana's "multi" shape: one frame per combination of the label columns, each
 * with the time field and the value fields, the labels on the value fields. Rows must be ordered
 * by time; with no label columns there is exactly one frame (empty when there are no rows).
 */
export function timeseriesFrames(
  refId: string,
  rows: Row[],
  spec: { time?: string; values: FieldSpec[]; labels?: string[]; meta?: FrameMeta },
): DataFrameJSON[] {
  const time = spec.time ?? 'time';
  const labels = spec.labels ?? [];
  const groups = new Map<string, Row[]>();
  for (const row of rows) {
    const key = JSON.stringify(labels.map((l) => String(row[l] ?? '')));
    let group = groups.get(key);
    if (!group) groups.set(key, (group = []));
    group.push(row);
  }
  if (groups.size === 0) groups.set('[]', []);
  const meta: FrameMeta = { type: 'timeseries-multi', typeVersion: [0, 1], ...spec.meta };
  return [...groups.entries()].map(([key, group]) => {
    const values: string[] = JSON.parse(key);
    const fieldLabels = labels.length
      ? Object.fromEntries(labels.map((l, i) => [l, values[i] ?? '']))
      : undefined;
    return {
      schema: {
        refId,
        meta,
        fields: [
          { name: 'time', type: 'time' as const },
          ...spec.values.map((f) => ({
            name: f.name,
            type: f.type,
            ...(f.config ? { config: f.config } : {}),
            ...(fieldLabels ? { labels: fieldLabels } : {}),
          })),
        ],
      },
      data: {
        values: [
          group.map((r) => cell(r[time], 'time')),
          ...spec.values.map((f) => group.map((r) => cell(r[f.name], f.type))),
        ],
      },
    };
  });
}
