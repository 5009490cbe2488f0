/** A data frame's fields as {name: values}: what the Releases pages' pure functions read. */
import type { DataFrame } from '@grafana/data';

export function frameColumns(frame: DataFrame | undefined): Record<string, unknown[]> {
  return Object.fromEntries((frame?.fields ?? []).map((f) => [f.name, [...f.values]]));
}
