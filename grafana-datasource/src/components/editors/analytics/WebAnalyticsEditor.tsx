import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { ANALYTICS_METRICS } from '../../../types';
import { EnumField, MultiEnumField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function WebAnalyticsEditor({ query, onChange }: TypeEditorProps) {
  return (
    <InlineFieldRow>
      <MultiEnumField
        id={fieldId(query, 'metrics')}
        label="Metrics"
        values={ANALYTICS_METRICS}
        value={query.metrics}
        onChange={(metrics) => onChange({ metrics })}
      />
      <EnumField
        id={fieldId(query, 'view')}
        label="View"
        values={['timeseries', 'table', 'total']}
        value={query.view}
        onChange={(view) => onChange({ view })}
      />
    </InlineFieldRow>
  );
}
