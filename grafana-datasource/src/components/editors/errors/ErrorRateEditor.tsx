import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { EnumField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function ErrorRateEditor({ query, onChange }: TypeEditorProps) {
  return (
    <InlineFieldRow>
      <EnumField
        id={fieldId(query, 'per')}
        label="Rate"
        values={['page_view', 'session']}
        value={query.per}
        onChange={(per) => onChange({ per })}
      />
      <EnumField
        id={fieldId(query, 'view')}
        label="View"
        values={['timeseries', 'table']}
        value={query.view}
        onChange={(view) => onChange({ view })}
      />
    </InlineFieldRow>
  );
}
