import React from 'react';
import { InlineFieldRow } from '@grafana/ui';
import { EnumField } from '../../fields/Fields';
import { fieldId, TypeEditorProps } from '../types';

export function SessionsEditor({ query, onChange }: TypeEditorProps) {
  return (
    <InlineFieldRow>
      <EnumField
        id={fieldId(query, 'sort')}
        label="Sort"
        values={['newest', 'longest', 'most_errors', 'most_pages']}
        value={query.sort}
        onChange={(sort) => onChange({ sort })}
      />
    </InlineFieldRow>
  );
}
