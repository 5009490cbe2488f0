import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { PERCENTILES, Percentile, VITAL_METRICS } from '../../../types';
import { EnumField, MultiEnumField, TextField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

const PERCENTILE_VALUES = PERCENTILES.map(String);
const VIEWS = ['timeseries', 'table', 'histogram', 'attribution', 'phases'];

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
        tooltip="Table: one row per group-by combination. Distribution: samples per bucket. By attribution: per value of a web-vitals attribution key. Phases: the vital's sub-parts (not CLS)"
        values={VIEWS}
        value={query.view}
        onChange={(view) => onChange({ view })}
      />
      {query.view === 'attribution' && (
        <TextField
          id={fieldId(query, 'attribution')}
          label="Attribution key"
          tooltip="A web-vitals attribution key: target or url (LCP), interactionTarget or interactionType (INP), largestShiftTarget (CLS)"
          placeholder="Required"
          value={query.attribution}
          onChange={(attribution) => onChange({ attribution })}
        />
      )}
    </InlineFieldRow>
  );
}
