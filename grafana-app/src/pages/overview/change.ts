/**
 * "Change vs the previous period" for a stat panel. The page's SceneTimeRangeCompare re-runs each
 * query over the period just before the range and returns its frames with refId `<refId>-compare`
 * (scenes' getCompareSeriesRefId); this keeps one value of the current frame and adds its relative
 * change against the same value of the compare frame, so the stat shows both side by side.
 */
// Types only: the node tests (grafana-app/test/) import this without Grafana's runtime.
import type { DataFrame, Field, FieldType } from '@grafana/data';

export const COMPARE_SUFFIX = '-compare';
/** The added field's name (a stat panel shows it as the value's title). */
export const CHANGE_FIELD = 'vs previous period';

function lastNumber(field: Field | undefined): number | null {
  if (!field) {
    return null;
  }
  for (let i = field.values.length - 1; i >= 0; i--) {
    const v = field.values[i];
    if (typeof v === 'number' && Number.isFinite(v)) {
      return v;
    }
  }
  return null;
}

/** (current − previous) / previous; null when either is missing or previous is 0 (no base to compare). */
export function relativeChange(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) {
    return null;
  }
  return (current - previous) / previous;
}

/**
 * The frame of `refId` reduced to its field `name` (last value) plus the relative change against
 * the compare frame; without a compare frame (comparison off) just the value. No frame: [].
 */
export function withChange(frames: DataFrame[], refId: string, name: string, displayName?: string): DataFrame[] {
  const current = frames.find((f) => f.refId === refId);
  const field = current?.fields.find((f) => f.name === name);
  if (!current || !field) {
    return [];
  }
  const value = lastNumber(field);
  const valueField: Field = {
    ...field,
    config: { ...field.config, ...(displayName ? { displayName } : {}) },
    values: [value],
  };
  const compare = frames.find((f) => f.refId === `${refId}${COMPARE_SUFFIX}`);
  const fields: Field[] = [valueField];
  if (compare) {
    const previous = lastNumber(compare.fields.find((f) => f.name === name));
    fields.push({
      name: CHANGE_FIELD,
      type: 'number' as FieldType,
      config: { unit: 'percentunit', decimals: 1 },
      values: [relativeChange(value, previous)],
    });
  }
  return [{ refId, name: current.name, length: 1, fields }];
}
