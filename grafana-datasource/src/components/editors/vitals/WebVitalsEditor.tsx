import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { PERCENTILES, Percentile, VITAL_METRICS } from '../../../types';
import { EnumField, MultiEnumField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

const PERCENTILE_VALUES = PERCENTILES.map(String);

export function WebVitalsEditor({ query, onChange }: TypeEditorProps) {
  return (
    <InlineFieldRow>
      <EnumField
        id={fieldId(query, 'metric')}
        label="Metric"
        values={VITAL_METRICS}
        value={query.metric}
        onChange={(metric) => onChange({ metric })}
      />
      <MultiEnumField
        id={fieldId(query, 'percentiles')}
        label="Percentiles"
        values={PERCENTILE_VALUES}
        value={(query.percentiles ?? []).map(String)}
        onChange={(values) => onChange({ percentiles: values.map(Number).sort((a, b) => a - b) as Percentile[] })}
      />
      <EnumField
        id={fieldId(query, 'view')}
        label="View"
        tooltip="Table: one row per group-by combination"
        values={['timeseries', 'table']}
        value={query.view}
        onChange={(view) => onChange({ view })}
      />
    </InlineFieldRow>
  );
}
