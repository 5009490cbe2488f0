import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { EnumField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function LongTasksEditor({ query, onChange }: TypeEditorProps) {
  return (
    <InlineFieldRow>
      <EnumField
        id={fieldId(query, 'view')}
        label="View"
        tooltip="Table: one row per group-by combination"
        values={['timeseries', 'by_script', 'table']}
        value={query.view}
        onChange={(view) => onChange({ view })}
      />
    </InlineFieldRow>
  );
}
