/**
 * The stream's filters as page variables after the shared ds / project / environment / release:
 * status, sort, browser, route, assignee and free text, each var-<name> in the URL.
 */
import { CustomVariable, TextBoxVariable } from '@grafana/scenes';
import { ALL_VALUE, projectValues } from '../../scenes/variables';
import { ISSUE_SORTS } from '../../components/IssueTable/model';
import { VARS } from './queries';

/** The statuses a stream filters by (grafana-datasource ISSUE_STATUSES), "open" first. */
const STATUS_OPTIONS =
  'Unresolved : unresolved, Regressed : regressed, Resolved : resolved, Resolved in next release : resolved_in_next_release, Ignored : ignored';

export const DEFAULT_SORT = ISSUE_SORTS[0].value;

export function issueVariables() {
  return [
    new CustomVariable({
      name: VARS.status,
      label: 'Status',
      query: STATUS_OPTIONS,
      isMulti: true,
      includeAll: true,
      allValue: ALL_VALUE,
      // Open issues by default, as an SRE's morning list.
      value: ['unresolved', 'regressed'],
      text: ['Unresolved', 'Regressed'],
    }),
    new CustomVariable({
      name: VARS.sort,
      label: 'Sort',
      query: ISSUE_SORTS.map((s) => `${s.label} : ${s.value}`).join(', '),
      value: DEFAULT_SORT,
      text: ISSUE_SORTS[0].label,
    }),
    projectValues(VARS.browser, 'Browser', 'browsers', true),
    projectValues(VARS.route, 'Route', 'routes', true),
    new TextBoxVariable({ name: VARS.assignee, label: 'Assignee', value: '' }),
    new TextBoxVariable({ name: VARS.search, label: 'Search', value: '' }),
  ];
}
