/**
 * The projects Grafana evaluates the threshold rules for. Grafana alert rules have no dashboard
 * variables, so the compiler writes one Grafana rule per (rule, project) with the project in the
 * query model. The processor's ruler needs none of this: it runs every rule for every project its
 * `projects` selector matches.
 *
 * `id` is the processor's project id (GET /api/v1/projects, e.g. `p1a2b3c4d5e6`), or '' for the
 * data source's default project (its settings' `defaultProject`): the datasource's request
 * builder, and the backend that mirrors it, use that one when a query names none. `label` is the
 * `project` label of the alerts and the part of the rule uids that tells projects apart.
 */
export interface GrafanaProject {
  id: string;
  label: string;
}

/** One demo project: the data source's default. Add `{ id: 'p…', label: 'shop' }` per project. */
export const GRAFANA_PROJECTS: readonly GrafanaProject[] = [{ id: '', label: 'demo' }];
