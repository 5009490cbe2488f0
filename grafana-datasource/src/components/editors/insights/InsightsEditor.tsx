import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { INSIGHT_KINDS, INSIGHT_SEVERITIES, INSIGHT_STATUSES } from '../../../types';
import { TYPE_INFO } from '../../../query/catalog';
import { EnumField, MultiEnumField, TextField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

/** The views the catalog declares (list, detail, and whatever the processor adds, e.g. count). */
const VIEWS = (TYPE_INFO.insights.options.view as { values: readonly string[] }).values;

/**
 * The `insights` options (catalog.ts): the list (and count) views filter cards by status, severity
 * and kind; the detail view reads one card by id, whatever the filters, so it shows only the id.
 */
export function InsightsEditor({ query, onChange }: TypeEditorProps) {
  const detail = query.view === 'detail';
  // An emptied multi-select sends no filter (all), never an empty list the processor refuses.
  const list = (values: string[]) => (values.length ? values : undefined);
  return (
    <>
      <InlineFieldRow>
        <EnumField
          id={fieldId(query, 'view')}
          label="View"
          tooltip="list: the cards overlapping the time range; detail: one card's deltas, hypotheses and feedback; count: cards opened in the range by kind and severity (for alert rules)"
          values={VIEWS}
          value={query.view ?? 'list'}
          onChange={(view) => onChange({ view })}
        />
        {detail && (
          <TextField
            id={fieldId(query, 'insightId')}
            label="Insight id"
            tooltip="The card's id (the list view's id field); a variable such as $insight works too"
            placeholder="Required"
            value={query.insightId}
            onChange={(insightId) => onChange({ insightId })}
          />
        )}
      </InlineFieldRow>
      {!detail && (
        <InlineFieldRow>
          <MultiEnumField
            id={fieldId(query, 'statuses')}
            label="Status"
            placeholder="Any status"
            values={INSIGHT_STATUSES}
            value={query.statuses}
            onChange={(statuses) => onChange({ statuses: list(statuses) })}
          />
          <MultiEnumField
            id={fieldId(query, 'severities')}
            label="Severity"
            placeholder="Any severity"
            values={INSIGHT_SEVERITIES}
            value={query.severities}
            onChange={(severities) => onChange({ severities: list(severities) })}
          />
          <MultiEnumField
            id={fieldId(query, 'kinds')}
            label="Kind"
            placeholder="Anomalies and regressions"
            values={INSIGHT_KINDS}
            value={query.kinds}
            onChange={(kinds) => onChange({ kinds: list(kinds) })}
          />
        </InlineFieldRow>
      )}
    </>
  );
}
