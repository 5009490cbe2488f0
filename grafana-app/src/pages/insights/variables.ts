/**
 * The Insights page's filters as page variables after the shared ds / project / environment /
 * release: status (open by default), severity and kind, each var-<name> in the URL.
 */
import { CustomVariable } from '@grafana/scenes';
import { ALL_VALUE } from '../../scenes/variables';
import { KINDS, label, SEVERITIES, STATUSES } from './model';
import { VARS } from './queries';

const options = (values: readonly string[]) => values.map((v) => `${label(v)} : ${v}`).join(', ');

/** A multi-value filter; without `value` it starts at All (no filter). */
const multi = (name: string, title: string, values: readonly string[], value?: string[]) =>
  new CustomVariable({
    name,
    label: title,
    query: options(values),
    isMulti: true,
    includeAll: true,
    allValue: ALL_VALUE,
    ...(value ? { value, text: value.map(label) } : { defaultToAll: true }),
  });

export function insightVariables() {
  return [
    // Open incidents by default: what needs a person now.
    multi(VARS.status, 'Status', STATUSES, ['open']),
    multi(VARS.severity, 'Severity', SEVERITIES),
    multi(VARS.kind, 'Kind', KINDS),
  ];
}
