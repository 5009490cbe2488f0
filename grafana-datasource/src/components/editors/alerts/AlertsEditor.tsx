import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { ALERT_KINDS, ALERT_SEVERITIES, ALERT_STATES } from '../../../types';
import { TYPE_INFO } from '../../../query/catalog';
import { EnumField, ListField, MultiEnumField, SwitchField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

const VIEWS = (TYPE_INFO.alerts.options.view as { values: readonly string[] }).values;

/**
 * The `alerts` options (catalog.ts). Both views filter by rule and severity; state, rule kind and
 * silenced alerts only mean something for the timeline (the firing view lists firing instances,
 * which the processor reads without those filters), so the firing view does not show them.
 */
export function AlertsEditor({ query, onChange }: TypeEditorProps) {
  const timeline = (query.view ?? 'timeline') === 'timeline';
  // An emptied multi-select sends no filter (all), never an empty list the processor refuses.
  const list = (values: string[]) => (values.length ? values : undefined);
  return (
    <>
      <InlineFieldRow>
        <EnumField
          id={fieldId(query, 'view')}
          label="View"
          tooltip="timeline: every state change in the time range (pending, firing, resolved, cancelled), for annotations and history; firing: the alerts firing now"
          values={VIEWS}
          value={query.view ?? 'timeline'}
          onChange={(view) => onChange({ view })}
        />
        <ListField
          id={fieldId(query, 'ruleIds')}
          label="Rules"
          tooltip="Rule ids (pulsetrace alerts list); Enter adds one; a variable such as $rule works too"
          placeholder="Every rule"
          value={query.ruleIds}
          onChange={(ruleIds) => onChange({ ruleIds: list(ruleIds) })}
        />
      </InlineFieldRow>
      <InlineFieldRow>
        {timeline && (
          <MultiEnumField
            id={fieldId(query, 'states')}
            label="State"
            placeholder="Every state change"
            values={ALERT_STATES}
            value={query.states}
            onChange={(states) => onChange({ states: list(states) })}
          />
        )}
        <MultiEnumField
          id={fieldId(query, 'severities')}
          label="Severity"
          placeholder="Any severity"
          values={ALERT_SEVERITIES}
          value={query.severities}
          onChange={(severities) => onChange({ severities: list(severities) })}
        />
      </InlineFieldRow>
      {timeline && (
        <InlineFieldRow>
          <MultiEnumField
            id={fieldId(query, 'kinds')}
            label="Rule kind"
            tooltip="threshold: rules evaluated every interval (error rate, vitals…); event: rules fired by an event (new issue, regression…)"
            placeholder="Threshold and event rules"
            values={ALERT_KINDS}
            value={query.kinds}
            onChange={(kinds) => onChange({ kinds: list(kinds) })}
          />
          <SwitchField
            id={fieldId(query, 'excludeSilenced')}
            label="Hide silenced"
            tooltip="Silenced alerts are recorded but not notified; on leaves them out"
            value={query.excludeSilenced ?? false}
            onChange={(excludeSilenced) => onChange({ excludeSilenced })}
          />
        </InlineFieldRow>
      )}
    </>
  );
}
