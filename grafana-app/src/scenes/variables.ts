/**
 * The variables every page shares, synced to the URL as var-ds, var-project, var-environment and
 * var-release (so a link shares the view): the PulseTrace data source instance, then the project,
 * environment and release lists it serves (the data source's variable queries).
 */
import { DataSourceVariable, QueryVariable, SceneVariable, SceneVariableSet } from '@grafana/scenes';
import { DATASOURCE_TYPE } from '../constants';
import { DS_REF, DS_VARIABLE } from '../queries/model';

/** What the data source's variable support reads as "All" (no filter): grafana-datasource/src/query/interpolate.ts. */
export const ALL_VALUE = '*';

export function projectVariable() {
  return new QueryVariable({
    name: 'project',
    label: 'Project',
    datasource: DS_REF,
    query: { refId: 'project', kind: 'projects', project: '' },
  });
}

/** A list of one kind of the project's values (environments, releases, browsers, routes…), with All. */
export function projectValues(name: string, label: string, kind: string, isMulti: boolean) {
  return new QueryVariable({
    name,
    label,
    datasource: DS_REF,
    query: { refId: name, kind, project: '$project' },
    includeAll: true,
    defaultToAll: true,
    allValue: ALL_VALUE,
    isMulti,
  });
}

/** The data source, project, environment and release variables, in that order, then a page's `extra` ones. */
export function appVariables(options: { release?: boolean; extra?: SceneVariable[] } = {}): SceneVariableSet {
  return new SceneVariableSet({
    variables: [
      new DataSourceVariable({ name: DS_VARIABLE, label: 'Data source', pluginId: DATASOURCE_TYPE }),
      projectVariable(),
      projectValues('environment', 'Environment', 'environments', false),
      ...(options.release === false ? [] : [projectValues('release', 'Release', 'releases', true)]),
      ...(options.extra ?? []),
    ],
  });
}
