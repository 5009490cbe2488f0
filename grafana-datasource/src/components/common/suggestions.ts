/**
 * Suggestion loaders for the editors: values from the processor for the query's project, plus
 * the dashboard's variables (as $name), which every free-value field accepts.
 */
import { TimeRange } from '@grafana/data';
import { getTemplateSrv } from '@grafana/runtime';
import { ComboboxOption } from '@grafana/ui';
import type { ValueKind } from '../../api/client';
import type { DataSource } from '../../datasource';
import type { Loader } from '../fields/Fields';

const SUGGESTIONS = 50;

export function variableOptions(search: string): Array<ComboboxOption<string>> {
  const needle = search.toLowerCase();
  try {
    return getTemplateSrv()
      .getVariables()
      .map((v) => `$${v.name}`)
      .filter((name) => name.toLowerCase().includes(needle))
      .map((name) => ({ value: name, label: name, group: 'Variables' }));
  } catch {
    // No template service outside a dashboard (tests, some Explore states).
    return [];
  }
}

function countText(count: number | undefined): string | undefined {
  return count === undefined ? undefined : `${count.toLocaleString('en-US')} events`;
}

/** Values of `kind` for the project (variables replaced, else the default project). */
export function valuesLoader(
  datasource: DataSource,
  project: string,
  range: TimeRange | undefined,
  kind: ValueKind,
  extra: { event?: string; key?: string } = {}
): Loader {
  return async (search: string) => {
    const resolved = datasource.resolveProject(project);
    let values: Array<ComboboxOption<string>> = [];
    if (resolved) {
      try {
        const found = await datasource.values(resolved, kind, {
          search: search || undefined,
          limit: SUGGESTIONS,
          from: range?.from.valueOf(),
          to: range?.to.valueOf(),
          event: extra.event,
          key: extra.key,
        });
        values = found.map((v) => ({ value: v.value, label: v.value, description: countText(v.count) }));
      } catch {
        // Suggestions are a help: typing a value still works when they fail.
      }
    }
    return [...values, ...variableOptions(search)];
  };
}

export async function projectOptions(datasource: DataSource, search: string): Promise<Array<ComboboxOption<string>>> {
  const needle = search.toLowerCase();
  let projects: Array<ComboboxOption<string>> = [];
  try {
    projects = (await datasource.client.projects())
      .filter((p) => p.id.toLowerCase().includes(needle) || (p.name ?? '').toLowerCase().includes(needle))
      .map((p) => ({ value: p.id, label: p.id, description: [p.name, p.environment].filter(Boolean).join(' · ') }));
  } catch {
    // The project id can still be typed.
  }
  return [...projects, ...variableOptions(search)];
}
